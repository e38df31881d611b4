/**
 * The national voting rules for title review (人社部令第40号, DESIGN §10), as plain arithmetic on
 * integers so that a boundary like "12 of 17 is ≥ 2/3" is never decided by floating point.
 */
export type Fraction = readonly [numerator: number, denominator: number];

export interface QuorumRule {
  /** Present experts must reach this fraction of the committee's members. */
  fraction: Fraction;
  inclusive: boolean;
}

export interface PassRule {
  /**
   * What the fraction is of: 'present' = experts present (signed in when the round opened) and
   * eligible for that applicant (recused experts do not count); 'members' = all committee members
   * (some provinces: "> 2/3 of all members"); 'cast' = ballots actually cast.
   */
  base: 'present' | 'members' | 'cast';
  fraction: Fraction;
  inclusive: boolean;
}

export interface VoteRules {
  quorum: QuorumRule;
  pass: PassRule;
}

/** Defaults: quorum ≥ 2/3 of members; pass: yes ≥ 2/3 of those present ("以上" includes the bound). */
export const DEFAULT_VOTE_RULES: VoteRules = {
  quorum: { fraction: [2, 3], inclusive: true },
  pass: { base: 'present', fraction: [2, 3], inclusive: true },
};

/** The smallest count that satisfies `count ≥ base·n/d` (or `>` when not inclusive). */
export function requiredCount(base: number, [n, d]: Fraction, inclusive: boolean): number {
  if (base <= 0) return inclusive ? 0 : 1;
  const product = base * n;
  return inclusive ? Math.ceil(product / d) : Math.floor(product / d) + 1;
}

export function meets(count: number, base: number, fraction: Fraction, inclusive: boolean): boolean {
  const [n, d] = fraction;
  return inclusive ? count * d >= base * n : count * d > base * n;
}

export function quorumMet(present: number, members: number, rule: QuorumRule = DEFAULT_VOTE_RULES.quorum): boolean {
  return members > 0 && meets(present, members, rule.fraction, rule.inclusive);
}

export interface Counts {
  yes: number;
  no: number;
  abstain: number;
}

export interface ApplicantTally extends Counts {
  /** Ballots cast for this applicant. */
  cast: number;
  /** Eligible voters for this applicant (present at opening, not recused). */
  eligible: number;
  base: number;
  requiredYes: number;
  passed: boolean;
}

/**
 * The result for one applicant. An eligible expert who did not vote counts against (the base is
 * those present, not those who voted), which is what the national rule's denominator means.
 */
export function tallyApplicant(counts: Counts, eligible: number, members: number, rule: PassRule = DEFAULT_VOTE_RULES.pass): ApplicantTally {
  const cast = counts.yes + counts.no + counts.abstain;
  if (cast > eligible) throw new Error(`more ballots (${cast}) than eligible voters (${eligible})`);
  const base = rule.base === 'present' ? eligible : rule.base === 'members' ? members : cast;
  const requiredYes = requiredCount(base, rule.fraction, rule.inclusive);
  return { ...counts, cast, eligible, base, requiredYes, passed: base > 0 && meets(counts.yes, base, rule.fraction, rule.inclusive) };
}

export function describeRule(rule: PassRule): string {
  const [n, d] = rule.fraction;
  const base = rule.base === 'present' ? '出席专家' : rule.base === 'members' ? '全体委员' : '有效票';
  return `同意票${rule.inclusive ? '≥' : '>'}${base}的${n}/${d}`;
}
