import crypto from 'node:crypto';

/**
 * 随机抽取专家: a draw that anyone holding the recorded seed and inputs can repeat and get the same
 * result, so a supervisor can audit it. The generator is sha256 in counter mode over the seed:
 * simple to re-implement anywhere, no hidden state.
 */
export function seededRandom(seed: string) {
  let counter = 0;
  let pool: number[] = [];
  return (): number => {
    if (pool.length === 0) {
      const h = crypto.createHash('sha256').update(`${seed}:${counter++}`).digest();
      pool = [0, 4, 8, 12, 16, 20, 24, 28].map((o) => h.readUInt32BE(o) / 2 ** 32);
    }
    return pool.shift()!;
  };
}

export interface DrawCandidate {
  expertId: number;
  specialties: string[];
  /** Organisation the expert works for: the same employer as an applicant is a conflict. */
  employerOrgId: number | null;
}

export interface DrawRequest {
  groupId: number;
  /** How many experts of each specialty this group needs. */
  needs: Array<{ specialty: string; count: number }>;
  /** Employers of the applicants in this group (same employer ⇒ the expert must recuse). */
  applicantEmployerIds: number[];
  /** Experts declared or ordered to recuse from someone in this group. */
  excludedExpertIds?: number[];
}

export interface DrawResult {
  groupId: number;
  picks: Array<{ expertId: number; specialty: string }>;
}

export class DrawShortage extends Error {
  constructor(
    readonly groupId: number,
    readonly specialty: string,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`Group ${groupId} needs ${wanted} experts of ${specialty}; only ${available} can be drawn`);
  }
}

/**
 * Draws for several groups at once. Experts already placed (`alreadyPlaced`) and experts picked
 * for an earlier group are never drawn again: one expert, one group per meeting. Candidates are
 * shuffled once, from the seed, in expert-id order, so the result depends only on the inputs.
 */
export function drawExperts(seed: string, candidates: DrawCandidate[], requests: DrawRequest[], alreadyPlaced: number[] = []): DrawResult[] {
  const rand = seededRandom(seed);
  const order = [...candidates].sort((a, b) => a.expertId - b.expertId);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const taken = new Set(alreadyPlaced);
  const results: DrawResult[] = [];
  for (const req of [...requests].sort((a, b) => a.groupId - b.groupId)) {
    const employers = new Set(req.applicantEmployerIds);
    const excluded = new Set(req.excludedExpertIds ?? []);
    const picks: DrawResult['picks'] = [];
    for (const need of req.needs) {
      const eligible = order.filter(
        (c) =>
          !taken.has(c.expertId) &&
          !excluded.has(c.expertId) &&
          c.specialties.includes(need.specialty) &&
          (c.employerOrgId === null || !employers.has(c.employerOrgId)),
      );
      if (eligible.length < need.count) throw new DrawShortage(req.groupId, need.specialty, need.count, eligible.length);
      for (const c of eligible.slice(0, need.count)) {
        taken.add(c.expertId);
        picks.push({ expertId: c.expertId, specialty: need.specialty });
      }
    }
    results.push({ groupId: req.groupId, picks });
  }
  return results;
}

export const newDrawSeed = () => crypto.randomBytes(16).toString('hex');
