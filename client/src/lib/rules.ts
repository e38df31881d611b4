/**
 * Client-side copies of a few server rules, for instant feedback while typing. The server stays
 * authoritative; test/browser/client-rules.test.ts checks these copies against the server's own
 * modules so they cannot drift apart unnoticed.
 */
import type { OrgCategory, OrgKind, Permission, StaffKind } from '../api/types';

/** 居民身份证号码 (GB 11643-1999), ISO 7064 MOD 11-2 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'birth_date' | 'check_digit';

export function checkIdNumber(value: string): IdNumberProblem | null {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) return 'birth_date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * WEIGHTS[i];
  return CHECK[sum % 11] === v[17] ? null : 'check_digit';
}

/** 密码策略, shown before typing and checked as you type. */
export interface PasswordChecks {
  length: boolean;
  classes: boolean;
  username: boolean;
}

export function passwordChecks(password: string, username: string): PasswordChecks {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return {
    length: password.length >= 8 && password.length <= 128,
    classes: classes >= 3,
    username: !(username.length >= 4 && password.toLowerCase().includes(username.toLowerCase())),
  };
}

/** Serial ranges of seed 001 (county offices take 6001–9999). */
export const SERIAL_RANGES: Record<OrgCategory, readonly [number, number]> = {
  party: [101, 999],
  government: [1001, 1999],
  enterprise: [2001, 2999],
  state_enterprise: [3001, 3099],
  private_enterprise: [3101, 3199],
  central: [3201, 3299],
  hospital: [3301, 3499],
  university: [3501, 4999],
  talent_centre: [5000, 5000],
  office: [6001, 9999],
};

export const ORG_KINDS: OrgKind[] = ['office', 'department', 'employer', 'self_evaluating', 'talent_centre', 'committee_unit'];

const ALL_UNIT_CATEGORIES: OrgCategory[] = ['party', 'government', 'enterprise', 'state_enterprise', 'private_enterprise', 'central', 'hospital', 'university'];

export function categoriesFor(kind: OrgKind): OrgCategory[] {
  switch (kind) {
    case 'office':
      return ['office'];
    case 'talent_centre':
      return ['talent_centre'];
    case 'department':
      return ['party', 'government', 'enterprise'];
    case 'self_evaluating':
      return ['state_enterprise', 'private_enterprise', 'central', 'hospital', 'university'];
    default:
      return ALL_UNIT_CATEGORIES;
  }
}

export const defaultCategory = (kind: OrgKind): OrgCategory =>
  kind === 'department' ? 'government' : kind === 'self_evaluating' ? 'university' : categoriesFor(kind)[0];

/** Staff permissions in seed 001's order, with the defaults each kind gets and the leader-only ones. */
export const PERMISSIONS: Permission[] = [
  'qualification.handler_review',
  'qualification.leader_review',
  'qualification.export',
  'qualification.publicity',
  'qualification.entrust_intermediate',
  'qualification.entrust_senior',
  'committee.founder_leader',
  'committee.authority_handler',
  'committee.authority_leader',
];

export const DEFAULT_PERMISSIONS: Record<StaffKind, Permission[]> = {
  handler: ['qualification.handler_review', 'qualification.publicity'],
  leader: ['qualification.leader_review', 'qualification.export'],
};

export const LEADER_ONLY: Permission[] = [
  'qualification.leader_review',
  'qualification.entrust_intermediate',
  'qualification.entrust_senior',
  'committee.founder_leader',
  'committee.authority_leader',
];

/** 评分: the weighted total out of 100 (each criterion's score over its maximum, times its weight), two decimals. */
export function totalScore(criteria: readonly { key: string; weight: number; max: number }[], scores: Record<string, number>): number {
  const t = criteria.reduce((s, c) => s + ((scores[c.key] ?? 0) / c.max) * c.weight, 0);
  return Math.round(t * 100) / 100;
}

/** The smallest count with `count ≥ base·n/d` (or `>` when not inclusive): quorum and the yes votes needed. */
export function requiredCount(base: number, [n, d]: readonly [number, number], inclusive: boolean): number {
  if (base <= 0) return inclusive ? 0 : 1;
  const product = base * n;
  return inclusive ? Math.ceil(product / d) : Math.floor(product / d) + 1;
}
