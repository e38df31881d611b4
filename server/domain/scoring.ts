/**
 * 评分标准: criteria with weights (summing to 100) and a maximum score each. A main reviewer's
 * score for a criterion lies in [0, max]; the total is the weighted sum normalised to 100.
 */
export interface Criterion {
  key: string;
  name: string;
  weight: number;
  max: number;
}

export type StandardProblem =
  | { code: 'weights_sum'; sum: number }
  | { code: 'duplicate_key'; key: string }
  | { code: 'bad_max'; key: string }
  | { code: 'no_criteria' };

export function checkStandard(criteria: Criterion[]): StandardProblem[] {
  const problems: StandardProblem[] = [];
  if (criteria.length === 0) problems.push({ code: 'no_criteria' });
  const keys = new Set<string>();
  for (const c of criteria) {
    if (keys.has(c.key)) problems.push({ code: 'duplicate_key', key: c.key });
    keys.add(c.key);
    if (!(c.max > 0)) problems.push({ code: 'bad_max', key: c.key });
  }
  // Weights are whole percentages, so the sum is compared exactly.
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  if (criteria.length > 0 && sum !== 100) problems.push({ code: 'weights_sum', sum });
  return problems;
}

export type ScoreProblem = { code: 'missing_score'; key: string } | { code: 'score_out_of_range'; key: string; max: number } | { code: 'unknown_criterion'; key: string };

export function checkScores(criteria: Criterion[], scores: Record<string, number>, complete: boolean): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  const byKey = new Map(criteria.map((c) => [c.key, c]));
  for (const [key, value] of Object.entries(scores)) {
    const c = byKey.get(key);
    if (!c) problems.push({ code: 'unknown_criterion', key });
    else if (!(value >= 0 && value <= c.max)) problems.push({ code: 'score_out_of_range', key, max: c.max });
  }
  if (complete) for (const c of criteria) if (scores[c.key] === undefined) problems.push({ code: 'missing_score', key: c.key });
  return problems;
}

/** Weighted total out of 100, rounded to two decimals. */
export function totalScore(criteria: Criterion[], scores: Record<string, number>): number {
  const t = criteria.reduce((s, c) => s + ((scores[c.key] ?? 0) / c.max) * c.weight, 0);
  return Math.round(t * 100) / 100;
}
