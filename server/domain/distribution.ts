/**
 * 分发材料: the group leader gives each applicant's material to at least two experts of the group,
 * exactly one of them the main reviewer (主审), never to an expert who must recuse.
 */
export interface Assignment {
  applicantId: number;
  expertId: number;
  role: 'main' | 'secondary';
}

export type DistributionProblem =
  | { code: 'too_few_reviewers'; applicantId: number; count: number }
  | { code: 'main_reviewer_count'; applicantId: number; count: number }
  | { code: 'recused_reviewer'; applicantId: number; expertId: number }
  | { code: 'not_in_group'; applicantId: number; expertId: number }
  | { code: 'duplicate_reviewer'; applicantId: number; expertId: number };

export const MIN_REVIEWERS = 2;

/** Checks one applicant's reviewers; returns every problem, not just the first. */
export function checkApplicantDistribution(
  applicantId: number,
  reviewers: Array<{ expertId: number; role: 'main' | 'secondary' }>,
  groupExpertIds: ReadonlySet<number>,
  recusedExpertIds: ReadonlySet<number>,
): DistributionProblem[] {
  const problems: DistributionProblem[] = [];
  const seen = new Set<number>();
  for (const r of reviewers) {
    if (seen.has(r.expertId)) problems.push({ code: 'duplicate_reviewer', applicantId, expertId: r.expertId });
    seen.add(r.expertId);
    if (!groupExpertIds.has(r.expertId)) problems.push({ code: 'not_in_group', applicantId, expertId: r.expertId });
    if (recusedExpertIds.has(r.expertId)) problems.push({ code: 'recused_reviewer', applicantId, expertId: r.expertId });
  }
  if (seen.size < MIN_REVIEWERS) problems.push({ code: 'too_few_reviewers', applicantId, count: seen.size });
  const mains = reviewers.filter((r) => r.role === 'main').length;
  if (mains !== 1) problems.push({ code: 'main_reviewer_count', applicantId, count: mains });
  return problems;
}

/**
 * 全部分配: every applicant to `perApplicant` reviewers with the load as even as it can be — each
 * pick takes the eligible expert with the fewest materials so far (main duties counted apart so
 * they spread too); ties go to the lower id, so the same inputs give the same plan.
 */
export function distributeEvenly(
  applicantIds: number[],
  expertIds: number[],
  recusals: ReadonlyMap<number, ReadonlySet<number>>,
  perApplicant = MIN_REVIEWERS,
  existingLoad: ReadonlyMap<number, { total: number; main: number }> = new Map(),
): { assignments: Assignment[]; unassignable: number[] } {
  const load = new Map(expertIds.map((id) => [id, { ...(existingLoad.get(id) ?? { total: 0, main: 0 }) }]));
  const assignments: Assignment[] = [];
  const unassignable: number[] = [];
  for (const applicantId of [...applicantIds].sort((a, b) => a - b)) {
    const recused = recusals.get(applicantId) ?? new Set<number>();
    const eligible = expertIds.filter((e) => !recused.has(e));
    if (eligible.length < Math.max(perApplicant, MIN_REVIEWERS)) {
      unassignable.push(applicantId);
      continue;
    }
    const byMain = [...eligible].sort((a, b) => load.get(a)!.main - load.get(b)!.main || load.get(a)!.total - load.get(b)!.total || a - b);
    const main = byMain[0];
    const rest = eligible
      .filter((e) => e !== main)
      .sort((a, b) => load.get(a)!.total - load.get(b)!.total || a - b)
      .slice(0, perApplicant - 1);
    for (const [expertId, role] of [[main, 'main'] as const, ...rest.map((e) => [e, 'secondary'] as const)]) {
      assignments.push({ applicantId, expertId, role });
      const l = load.get(expertId)!;
      l.total += 1;
      if (role === 'main') l.main += 1;
    }
  }
  return { assignments, unassignable };
}
