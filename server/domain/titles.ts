/**
 * The vocabulary of the title catalogue and of declarations (DESIGN §5–7). Codes are English and
 * stable; the Chinese label is what the UI and the spreadsheets show.
 */

/** 职称层级 */
export const LEVELS = ['zhenggao', 'fugao', 'zhongji', 'zhuli', 'yuan'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = {
  zhenggao: '正高级',
  fugao: '副高级',
  zhongji: '中级',
  zhuli: '助理级',
  yuan: '员级',
};
export const isSenior = (level: Level) => level === 'zhenggao' || level === 'fugao';

/** 评审方式: 评审 (via a committee), 单位自主评审 (a self-evaluating unit's own committee), 认定, 初定. */
export const ROUTES = ['review', 'self', 'recognition', 'initial'] as const;
export type ReviewRoute = (typeof ROUTES)[number];
export const ROUTE_LABELS: Record<ReviewRoute, string> = {
  review: '评审',
  self: '单位自主评审',
  recognition: '认定',
  initial: '初定',
};
/** Routes that end in a committee (the others are direct recognitions by the terminal office). */
export const routeNeedsCommittee = (route: ReviewRoute) => route === 'review' || route === 'self';

/** 申报类别 (seed 000 §2.2 (一)): the seven kinds of declaration. */
export const DECLARATION_TYPES = ['normal', 'civil_servant', 'one_step', 'green_channel', 'exceptional', 'transfer', 'high_skill'] as const;
export type DeclarationType = (typeof DECLARATION_TYPES)[number];
export const DECLARATION_TYPE_LABELS: Record<DeclarationType, string> = {
  normal: '正常申报',
  civil_servant: '机关分流',
  one_step: '一步到位',
  green_channel: '绿色通道',
  exceptional: '破格',
  transfer: '转评',
  high_skill: '高技能人才',
};
/** Types whose applicant may hold no current title (no current-title certificate required). */
export const TYPES_WITHOUT_CURRENT_TITLE: DeclarationType[] = ['one_step', 'high_skill', 'civil_servant'];

/**
 * Where review ends for a level and route (seed 003 §1.4–1.8, seed 001 §6.6): the first org up the
 * tree from the employer that matches.
 * - employer: the applicant's own unit;
 * - self_unit: the nearest self-evaluating unit (单位自主评审);
 * - county / city / province: the first title office at that level or above.
 */
export const PATH_ENDS = ['employer', 'self_unit', 'county', 'city', 'province'] as const;
export type PathEnd = (typeof PATH_ENDS)[number];
export const PATH_END_LABELS: Record<PathEnd, string> = {
  employer: '本单位',
  self_unit: '自主评审单位',
  county: '县级职改办',
  city: '市级职改办',
  province: '省职改办',
};

/** 评委会类型 */
export const COMMITTEE_TYPES = ['social', 'self'] as const;
export type CommitteeType = (typeof COMMITTEE_TYPES)[number];
export const COMMITTEE_TYPE_LABELS: Record<CommitteeType, string> = { social: '社会化评审', self: '自主评审' };

/**
 * 申报状态. A declaration is always at one position: a status, and while someone must act on it,
 * the org and step where it waits (the review queue `queue:{orgId}:{step}`).
 */
export const DECLARATION_STATUSES = [
  'draft', // 草稿: the applicant fills it in
  'withdrawn', // 已撤回: the applicant took it back before the unit acted; editable
  'returned', // 退回修改: sent back to the applicant with an opinion; editable
  'under_review', // 审核中: at an org's handler or leader step
  'awaiting_publicity', // 待公示: passed the unit's internal check
  'in_publicity', // 公示中: on the unit's publicity list
  'awaiting_recommendation', // 待推荐: publicity completed, the unit recommends it up
  'awaiting_assignment', // 待分配评委会: passed the terminal office
  'approved', // 已认定/初定: a direct recognition ended at the terminal office
  'assigned', // 已分配评委会: waiting for the committee unit to receive the materials
  'policy_review', // 政策性审查: first or second check
  'policy_passed', // 复审通过: waiting for the to-be-reviewed publicity list
  'policy_failed', // 复审不通过: waiting for the failure publicity list
  'ready_for_meeting', // 拟送评: published on the to-be-reviewed list; the meeting setup takes it from here
  'failed', // 审查不通过 (final for the year)
  'blacklisted', // 加入黑名单 (final; blocks new declarations)
  'terminated', // 终止申报 (final)
  // After the meeting (issue 7): set only when the committee unit publishes the results.
  'result_publicity', // 评审通过，结果公示中
  'result_held', // 公示期有举报，暂缓确认
  'review_passed', // 评审通过 (final)
  'review_failed', // 评审未通过 (final)
] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];
export const STATUS_LABELS: Record<DeclarationStatus, string> = {
  draft: '草稿',
  withdrawn: '已撤回',
  returned: '退回修改',
  under_review: '审核中',
  awaiting_publicity: '待公示',
  in_publicity: '公示中',
  awaiting_recommendation: '待推荐上报',
  awaiting_assignment: '待分配评委会',
  approved: '已认定',
  assigned: '待材料接收',
  policy_review: '政策性审查',
  policy_passed: '政策性审查通过',
  policy_failed: '政策性审查未通过',
  ready_for_meeting: '拟送评',
  failed: '审查不通过',
  blacklisted: '已列入黑名单',
  terminated: '已终止',
  result_publicity: '评审结果公示中',
  result_held: '评审结果暂缓确认',
  review_passed: '评审通过',
  review_failed: '评审未通过',
};
export const EDITABLE_STATUSES: DeclarationStatus[] = ['draft', 'withdrawn', 'returned'];
export const FINAL_STATUSES: DeclarationStatus[] = ['approved', 'ready_for_meeting', 'failed', 'blacklisted', 'terminated', 'review_passed', 'review_failed'];
/** Statuses that hold a place in a plan's quota: submitted and neither ended badly nor taken back. */
export const QUOTA_STATUSES: DeclarationStatus[] = DECLARATION_STATUSES.filter(
  (s) => !['draft', 'withdrawn', 'failed', 'blacklisted', 'terminated'].includes(s),
);

/** The steps where a declaration waits for someone (the `step` of a queue room). */
export const STEPS = ['handler', 'leader', 'publicity', 'recommend', 'assign', 'receive', 'policy_first', 'policy_second', 'publish'] as const;
export type Step = (typeof STEPS)[number];
export const STEP_LABELS: Record<Step, string> = {
  handler: '经办人审查',
  leader: '领导审查',
  publicity: '申报公示',
  recommend: '单位推荐上报',
  assign: '分配评委会',
  receive: '材料接收',
  policy_first: '政策性审查初审',
  policy_second: '政策性审查复审',
  publish: '审查结果公示',
};

/** What can be done to a declaration through POST /declarations/:id/actions. */
export const REVIEW_ACTIONS = ['pass', 'return', 'fail', 'blacklist', 'recall', 'assign', 'accept', 'refuse', 'terminate'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const BLACKLIST_YEARS = [1, 3, 5] as const;

/** Publicity kinds: the unit's 申报公示, the committee's 拟送评人员名单公示 and 审查未通过公示. */
export const PUBLICITY_KINDS = ['unit', 'to_review', 'failure'] as const;
export type PublicityKind = (typeof PUBLICITY_KINDS)[number];
export const PUBLICITY_KIND_LABELS: Record<PublicityKind, string> = {
  unit: '申报公示',
  to_review: '拟送评人员名单公示',
  failure: '政策性审查未通过人员公示',
};

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: '草稿', submitted: '已提交', approved: '已通过', returned: '已撤回' };

export const TRANSFER_STATUSES = ['pending', 'accepted', 'refused'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Files accepted anywhere, detected from their content. */
export const UPLOAD_TYPES = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
export type UploadMime = keyof typeof UPLOAD_TYPES;
