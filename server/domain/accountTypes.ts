export const ROLES = ['admin', 'staff', 'applicant', 'expert', 'policy_reviewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_KINDS = ['handler', 'leader'] as const; // 经办人 / 领导
export type StaffKind = (typeof STAFF_KINDS)[number];

/** The staff permission list of seed 001 (工作人员权限). */
export const PERMISSIONS = [
  'qualification.handler_review', // 资格审查-经办人审查
  'qualification.leader_review', // 资格审查-领导审查
  'qualification.export', // 资格审查-资格审查名单导出
  'qualification.publicity', // 资格审查-结果公示处理
  'qualification.entrust_intermediate', // 资格审查-委托中级评委会
  'qualification.entrust_senior', // 资格审查-委托高级评委会
  'committee.founder_leader', // 评委会-组建单位领导
  'committee.authority_handler', // 评委会-授权管理单位经办人
  'committee.authority_leader', // 评委会-授权管理单位领导
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each staff kind gets when nobody ticks boxes: every handler reviews, every leader approves. */
export const DEFAULT_PERMISSIONS: Record<StaffKind, Permission[]> = {
  handler: ['qualification.handler_review', 'qualification.publicity'],
  leader: ['qualification.leader_review', 'qualification.export'],
};

/** Permissions only a leader may hold (seed 001 lists them as 领导 rights). */
export const LEADER_ONLY: Permission[] = [
  'qualification.leader_review',
  'qualification.entrust_intermediate',
  'qualification.entrust_senior',
  'committee.founder_leader',
  'committee.authority_leader',
];
