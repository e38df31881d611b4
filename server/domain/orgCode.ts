import type { OrgCategory, OrgKind, OrgLevel } from './orgTypes';

/**
 * Organisation codes are materialised paths (seed 001): the province office has 2 digits, every
 * child appends a 4-digit serial from the range of its category. A subtree is a code prefix.
 */
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
  // The seeds give city and county offices no range; theirs must never collide with direct units.
  office: [6001, 9999],
};

export const PROVINCE_CODE = /^\d{2}$/;
export const MAX_CODE_LENGTH = 38;

export function serialInRange(category: OrgCategory, serial: number): boolean {
  const [lo, hi] = SERIAL_RANGES[category];
  return Number.isInteger(serial) && serial >= lo && serial <= hi;
}

export const formatSerial = (serial: number) => String(serial).padStart(4, '0');

/** Lowest free serial of the category's range among the siblings' codes, or null when full. */
export function nextSerial(category: OrgCategory, siblingCodes: string[], parentCode: string): number | null {
  const [lo, hi] = SERIAL_RANGES[category];
  const used = new Set(
    siblingCodes.filter((c) => c.length === parentCode.length + 4 && c.startsWith(parentCode)).map((c) => Number(c.slice(-4))),
  );
  for (let s = lo; s <= hi; s++) if (!used.has(s)) return s;
  return null;
}

export type CodeProblem = 'format' | 'not_under_parent' | 'out_of_range' | 'too_long';

/** Checks a child's code against its parent's and the category's range. */
export function checkChildCode(code: string, parentCode: string, category: OrgCategory): CodeProblem | null {
  if (!/^\d+$/.test(code)) return 'format';
  if (code.length > MAX_CODE_LENGTH) return 'too_long';
  if (code.length !== parentCode.length + 4 || !code.startsWith(parentCode)) return 'not_under_parent';
  return serialInRange(category, Number(code.slice(-4))) ? null : 'out_of_range';
}

export const isInSubtree = (rootCode: string, code: string) => code.startsWith(rootCode);

/** Which categories a kind may draw its serial from. */
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
      return ['party', 'government', 'enterprise', 'state_enterprise', 'private_enterprise', 'central', 'hospital', 'university'];
  }
}

export const defaultCategory = (kind: OrgKind): OrgCategory =>
  kind === 'department' ? 'government' : kind === 'self_evaluating' ? 'university' : categoriesFor(kind)[0];

/** Office levels follow depth: province → city → county; a county office has no office below it. */
export function childOfficeLevel(parentLevel: OrgLevel | null): OrgLevel | null {
  if (parentLevel === 'province') return 'city';
  if (parentLevel === 'city') return 'county';
  return null;
}
