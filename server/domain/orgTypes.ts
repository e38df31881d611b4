/** 机构类型: what an organisation is, which decides what it may do. */
export const ORG_KINDS = [
  'office', // 职改办 / 人社: title office at province, city or county level
  'department', // 主管部门
  'employer', // 用人/申报单位
  'self_evaluating', // 自评单位: may run its own committee
  'talent_centre', // 人才中心
  'committee_unit', // 评委会组建单位
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The serial range a code is drawn from (seed 001); county offices get 6001–9999 of their own. */
export const ORG_CATEGORIES = [
  'office',
  'party',
  'government',
  'enterprise',
  'state_enterprise',
  'private_enterprise',
  'central',
  'hospital',
  'university',
  'talent_centre',
] as const;
export type OrgCategory = (typeof ORG_CATEGORIES)[number];

export const ORG_LEVELS = ['province', 'city', 'county'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** A new child completes its profile, the parent approves it, only then can it act (seed 002). */
export const ORG_STATUSES = ['pending_profile', 'pending_approval', 'active', 'disabled'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

export const ORG_NATURES = ['机关', '事业单位', '企业', '社会组织', '其他'] as const;

export interface OrgProfile {
  contactName?: string;
  contactPhone?: string;
  email?: string;
  address?: string;
  /** 机构性质: 机关, 事业单位, 企业, 其他 */
  nature?: (typeof ORG_NATURES)[number];
  creditCode?: string;
  note?: string;
}
