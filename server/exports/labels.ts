import type { Role, StaffKind } from '../domain/accountTypes';
import type { OrgCategory, OrgKind, OrgLevel, OrgStatus } from '../domain/orgTypes';

/** Chinese names for the codes that exports print (the client has the same in its dictionary). */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '单位管理员',
  staff: '工作人员',
  applicant: '申报人',
  expert: '评委专家',
  policy_reviewer: '政策性审查',
  supervisor: '监督',
};
export const STAFF_KIND_LABELS: Record<StaffKind, string> = { handler: '经办人', leader: '领导' };

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  office: '职改办（人社）',
  department: '主管部门',
  employer: '用人（申报）单位',
  self_evaluating: '自评单位',
  talent_centre: '人才中心',
  committee_unit: '评委会组建单位',
};
export const ORG_CATEGORY_LABELS: Record<OrgCategory, string> = {
  office: '职改办',
  party: '党群',
  government: '政府部门',
  enterprise: '企业',
  state_enterprise: '自评国有企业',
  private_enterprise: '民营企业',
  central: '中央驻地单位',
  hospital: '医院',
  university: '高校',
  talent_centre: '人才中心',
};
export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = { province: '省级', city: '市级', county: '县级' };
export const ORG_STATUS_LABELS: Record<OrgStatus, string> = {
  pending_profile: '待完善信息',
  pending_approval: '待上级审核',
  active: '正常',
  disabled: '已停用',
};

/** A code's label, or the code itself when it has none (never an empty cell for a known value). */
export const label = <K extends string>(labels: Record<K, string>, key: string | null | undefined) =>
  key ? (labels as Record<string, string>)[key] ?? key : '';

export const MEETING_STATUS_LABELS: Record<string, string> = { setup: '筹备中', ready: '待开始', running: '进行中', closed: '已结束' };
/** 评审方案 */
export const MEETING_PLAN_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  submitted: '待经办人审核',
  handler_approved: '待职改办审核',
  approved: '已审核通过',
  returned: '已退回',
};
/** 评分标准 */
export const STANDARD_STATUS_LABELS: Record<string, string> = { draft: '草稿', submitted: '待审核', approved: '已审核待确认', confirmed: '已确认', returned: '已退回' };

/** What a declaration's flow log entry records (declaration_flow.action). */
export const FLOW_ACTION_LABELS: Record<string, string> = {
  submit: '提交申报',
  resubmit: '重新提交',
  withdraw: '撤回申报',
  pass: '审核通过',
  return: '退回修改',
  fail: '审核不通过',
  blacklist: '列入黑名单',
  recall: '撤回重审',
  assign: '分配评委会',
  accept: '同意接收',
  refuse: '拒绝接收',
  terminate: '终止申报',
  policy_first_pass: '初审通过',
  policy_first_fail: '初审不通过',
  policy_second_pass: '复审通过',
  policy_second_fail: '复审不通过',
  publicity_open: '开始申报公示',
  publicity_complete: '完成公示',
  recommend: '单位推荐上报',
  publish_to_review: '拟送评人员名单公示',
  publish_failure: '审查未通过公示',
  transfer: '单位变动',
  result_published: '评审结果公示',
  material_deadline: '材料截止未接收',
  result_held: '结果暂缓确认',
  result_confirmed: '结果确认',
  result_revoked: '结果撤销',
  certificate_issued: '证书发放',
  certificate_revoked: '证书撤销',
};

/** Who acted in a flow log entry (declaration_flow.actor_role: a role, a staff kind, or the system). */
export const ACTOR_ROLE_LABELS: Record<string, string> = { ...ROLE_LABELS, handler: '经办人', leader: '领导', system: '系统' };
