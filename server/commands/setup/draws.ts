import { Op, type Transaction } from 'sequelize';
import { DrawEntrustment, ExpertDraw, MeetingApplicant, MeetingExpert, Organisation, Recusal, ReviewGroup, type Expert } from '../../../models';
import type { DrawNeed } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { drawExperts, DrawShortage, newDrawSeed, type DrawCandidate, type DrawRequest, type DrawResult } from '../../domain/draw';
import { checkSpecialties } from './catalogue';
import { loadGroupOf, loadSetupContext, meetingCommittees, requireSetupOpen, setupFor } from './context';
import { activeLibrary, committeesUnder } from './library';
import { applyPlacements } from './placement';
import { finishSetupChange } from './readiness';

/**
 * 随机抽取专家 (seed 002 五, seed 004 图 6-5): by specialty and count per group, from the active
 * experts of the meeting committees' libraries, never an expert already in a group, never one with
 * the same employer as an applicant of the group or recused from one. The seed is made here, never
 * chosen by the caller, and the draw is recorded with its whole input so anyone can repeat it.
 */
export interface DrawGroupInput {
  groupId: number;
  needs: DrawNeed[];
}

/** What a recorded draw keeps: enough to run `drawExperts` again and get the same answer. */
export interface DrawParams {
  candidates: DrawCandidate[];
  requests: DrawRequest[];
  alreadyPlaced: number[];
}

const candidateOf = (e: Expert): DrawCandidate => ({ expertId: e.id, specialties: e.specialties, employerOrgId: e.employerOrgId ?? null });

async function requestFor(meetingId: number, groupId: number, needs: DrawNeed[], t: Transaction): Promise<DrawRequest> {
  const applicants = await MeetingApplicant.findAll({ where: { meetingId, groupId }, attributes: ['id', 'employerOrgId'], transaction: t });
  const recusals = await Recusal.findAll({ where: { meetingId, meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, attributes: ['expertId'], transaction: t });
  return {
    groupId,
    needs,
    applicantEmployerIds: [...new Set(applicants.map((a) => a.employerOrgId).filter((x): x is number => x !== null))].sort((a, b) => a - b),
    excludedExpertIds: [...new Set(recusals.map((r) => r.expertId))].sort((a, b) => a - b),
  };
}

async function placedExperts(meetingId: number, t: Transaction) {
  const rows = await MeetingExpert.findAll({ where: { meetingId, groupId: { [Op.ne]: null } }, attributes: ['expertId'], transaction: t });
  return rows.map((r) => r.expertId).sort((a, b) => a - b);
}

function runDraw(seed: string, params: DrawParams, groupsInput: DrawGroupInput[]): DrawResult[] {
  try {
    return drawExperts(seed, params.candidates, params.requests, params.alreadyPlaced);
  } catch (e) {
    if (!(e instanceof DrawShortage)) throw e;
    const i = groupsInput.findIndex((g) => g.groupId === e.groupId);
    const j = groupsInput[i]?.needs.findIndex((n) => n.specialty === e.specialty) ?? 0;
    throw unprocessable('draw_shortage', e.message, [
      { path: `body.groups.${i}.needs.${j}.count`, message: `wanted ${e.wanted}, available ${e.available} (${e.specialty})`, code: 'draw_shortage' },
    ]);
  }
}

async function checkNeeds(meetingId: number, groups: DrawGroupInput[], t: Transaction) {
  const series = [...new Set((await meetingCommittees(meetingId, t)).map((c) => c.seriesCode))];
  for (const [i, g] of groups.entries()) {
    if (groups.findIndex((x) => x.groupId === g.groupId) !== i) throw invalidField(`body.groups.${i}.groupId`, 'duplicate_group', 'A group is listed twice');
    await loadGroupOf(meetingId, g.groupId, t, `body.groups.${i}.groupId`);
    await checkSpecialties(series, g.needs.map((n) => n.specialty), `body.groups.${i}.needs`, t);
  }
}

async function recordAndPlace(
  actor: Actor,
  meetingId: number,
  kind: 'random' | 'entrusted',
  seed: string,
  params: DrawParams,
  result: DrawResult[],
  experts: Map<number, Expert>,
  t: Transaction,
) {
  const draw = await ExpertDraw.create({ meetingId, kind, seed, params, result, drawnById: actor.id }, { transaction: t });
  const placements = result.flatMap((r) => r.picks.map((p) => ({ expert: experts.get(p.expertId)!, groupId: r.groupId, source: kind, drawId: draw.id })));
  await applyPlacements(meetingId, placements, t, 'draw');
  return draw;
}

export async function drawRandom(actor: Actor, meetingId: number, input: { groups: DrawGroupInput[] }, t: Transaction, opts: { seed?: string } = {}) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  await checkNeeds(meetingId, input.groups, t);
  const pool = await activeLibrary((await meetingCommittees(meetingId, t)).map((c) => c.id), t);
  const params: DrawParams = {
    candidates: pool.map(candidateOf),
    requests: await Promise.all(input.groups.map((g) => requestFor(meetingId, g.groupId, g.needs, t))),
    alreadyPlaced: await placedExperts(meetingId, t),
  };
  const seed = opts.seed ?? newDrawSeed();
  const result = runDraw(seed, params, input.groups);
  const draw = await recordAndPlace(actor, meetingId, 'random', seed, params, result, new Map(pool.map((e) => [e.id, e])), t);
  await finishSetupChange(actor, meeting, ['draw', 'experts', 'recusals'], t);
  return draw;
}

/**
 * The audit: the recorded draw run again from its seed and inputs. `matches` says whether the same
 * experts came out for the same groups; the invariants are checked on the recorded result itself.
 */
export async function verifyDraw(actor: Actor, drawId: number, t?: Transaction) {
  const draw = await ExpertDraw.findByPk(drawId, { transaction: t });
  if (!draw) throw notFound('draw');
  const ctx = await loadSetupContext(actor, draw.meetingId, t);
  authorize(actor, 'draw:audit', ctx);
  const params = draw.params as DrawParams;
  const recorded = draw.result as DrawResult[];
  let recomputed: DrawResult[] | null = null;
  let error: string | null = null;
  try {
    recomputed = drawExperts(draw.seed, params.candidates, params.requests, params.alreadyPlaced);
  } catch (e) {
    error = (e as Error).message;
  }
  const candidates = new Map(params.candidates.map((c) => [c.expertId, c]));
  const seen = new Set<number>(params.alreadyPlaced);
  let invariantsHold = true;
  for (const r of recorded) {
    const req = params.requests.find((q) => q.groupId === r.groupId);
    for (const p of r.picks) {
      const c = candidates.get(p.expertId);
      const bad =
        !req ||
        !c ||
        seen.has(p.expertId) ||
        !c.specialties.includes(p.specialty) ||
        (c.employerOrgId !== null && req.applicantEmployerIds.includes(c.employerOrgId)) ||
        (req.excludedExpertIds ?? []).includes(p.expertId);
      if (bad) invariantsHold = false;
      seen.add(p.expertId);
    }
  }
  const now = await MeetingExpert.findAll({ where: { meetingId: draw.meetingId, drawId: draw.id }, attributes: ['expertId', 'groupId'], transaction: t });
  return {
    drawId: draw.id,
    meetingId: draw.meetingId,
    kind: draw.kind,
    seed: draw.seed,
    drawnAt: draw.createdAt.toISOString(),
    matches: recomputed !== null && JSON.stringify(recomputed) === JSON.stringify(recorded),
    invariantsHold,
    error,
    recorded,
    recomputed,
    stillPlaced: recorded.flatMap((r) => r.picks.map((p) => ({ expertId: p.expertId, groupId: r.groupId, placed: now.some((m) => m.expertId === p.expertId && m.groupId === r.groupId) }))),
  };
}

// 委托选取专家 --------------------------------------------------------------------------------

export async function entrustDraw(actor: Actor, meetingId: number, input: { groupId: number; officeOrgId: number; needs: DrawNeed[]; note?: string | null }, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  await checkNeeds(meetingId, [{ groupId: input.groupId, needs: input.needs }], t);
  const office = await Organisation.findByPk(input.officeOrgId, { transaction: t });
  if (!office || office.kind !== 'office' || office.status !== 'active') throw invalidField('body.officeOrgId', 'not_an_office', 'Entrust an active title office');
  if (await DrawEntrustment.count({ where: { groupId: input.groupId, status: 'pending' }, transaction: t })) {
    throw conflict('entrustment_pending', 'This group already waits for an entrusted draw', [{ path: 'body.groupId', message: 'pending' }]);
  }
  const e = await DrawEntrustment.create(
    { meetingId, groupId: input.groupId, officeOrgId: office.id, needs: input.needs, note: input.note ?? null, createdById: actor.id },
    { transaction: t },
  );
  await finishSetupChange(actor, meeting, ['draw'], t);
  return e;
}

export async function loadEntrustment(id: number, t: Transaction) {
  const e = await DrawEntrustment.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!e) throw notFound('entrustment');
  return e;
}

/** The entrusted office draws at random from its wider pool, or picks by hand (确定专家信息). */
export async function performEntrustment(
  actor: Actor,
  id: number,
  input: { mode: 'random' } | { mode: 'manual'; expertIds: number[] },
  t: Transaction,
  opts: { seed?: string } = {},
) {
  const e = await loadEntrustment(id, t);
  authorize(actor, 'entrustment:perform', { officeOrgId: e.officeOrgId });
  if (e.status !== 'pending') throw conflict('entrustment_done', `The entrustment is ${e.status}`);
  const ctx = await loadSetupContext(actor, e.meetingId, t, true);
  requireSetupOpen(ctx);
  const office = (await Organisation.findByPk(e.officeOrgId, { transaction: t }))!;
  const pool = await activeLibrary((await committeesUnder(office.code, t)).map((c) => c.id), t);
  const byId = new Map(pool.map((x) => [x.id, x]));
  if (input.mode === 'manual') {
    const missing = input.expertIds.map((x, i) => ({ x, i })).filter((m) => !byId.has(m.x));
    if (missing.length) throw unprocessable('expert_not_in_library', 'Not an active expert of the libraries under this office', missing.map((m) => ({ path: `body.expertIds.${m.i}`, message: 'not in the pool' })));
    await applyPlacements(e.meetingId, input.expertIds.map((x) => ({ expert: byId.get(x)!, groupId: e.groupId, source: 'entrusted' as const })), t);
  } else {
    const params: DrawParams = { candidates: pool.map(candidateOf), requests: [await requestFor(e.meetingId, e.groupId, e.needs, t)], alreadyPlaced: await placedExperts(e.meetingId, t) };
    const seed = opts.seed ?? newDrawSeed();
    const result = runDraw(seed, params, [{ groupId: e.groupId, needs: e.needs }]);
    const draw = await recordAndPlace(actor, e.meetingId, 'entrusted', seed, params, result, byId, t);
    e.drawId = draw.id;
  }
  Object.assign(e, { status: 'done', doneById: actor.id, doneAt: new Date() });
  await e.save({ transaction: t });
  await finishSetupChange(actor, ctx.meeting, ['draw', 'experts', 'recusals'], t);
  return e;
}

export async function cancelEntrustment(actor: Actor, id: number, t: Transaction) {
  const e = await loadEntrustment(id, t);
  await setupFor(actor, e.meetingId, 'meeting:setup', t);
  if (e.status !== 'pending') throw conflict('entrustment_done', `The entrustment is ${e.status}`);
  e.status = 'cancelled';
  await e.save({ transaction: t });
  return e;
}

export const groupName = async (id: number) => (await ReviewGroup.findByPk(id, { attributes: ['name'] }))?.name ?? null;
