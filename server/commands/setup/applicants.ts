import { Op, type Transaction } from 'sequelize';
import { Declaration, Meeting, MeetingApplicant, ReviewGroup, TitleSpecialty } from '../../../models';
import { conflict, notFound, unprocessable, type ErrorDetail } from '../../errors';
import type { Actor } from '../../policies';
import { blindCode } from '../../domain/setup';
import { loadGroupOf, meetingCommittees, setupFor } from './context';
import { syncEmployerRecusals } from './recusals';
import { finishSetupChange } from './readiness';

/**
 * 参评材料分组 (seed 000 (5), seed 004 图 6-3): declarations published as ready for the meeting
 * (`ready_for_meeting`) of the meeting's committees join it, each with a blind code (盲评编号) and a
 * snapshot of the employer for conflict detection; then into groups in batches or all at once.
 * All or nothing: one bad declaration and none joins.
 */
export interface AddApplicantsInput {
  declarationIds?: number[];
  /** Every ready declaration of the meeting's committees not yet in a meeting. */
  all?: boolean;
  groupId?: number | null;
}

export async function addApplicants(actor: Actor, meetingId: number, input: AddApplicantsInput, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const groupId = input.groupId ?? null;
  if (groupId) await loadGroupOf(meetingId, groupId, t);
  const committeeIds = (await meetingCommittees(meetingId, t)).map((c) => c.id);
  const ready = input.all
    ? await Declaration.findAll({ where: { committeeId: { [Op.in]: committeeIds }, status: 'ready_for_meeting' }, order: [['id', 'ASC']], transaction: t, lock: t.LOCK.UPDATE })
    : [];
  const candidateIds = input.all ? ready.map((d) => d.id) : (input.declarationIds ?? []);
  if (!input.all && candidateIds.length) await Declaration.findAll({ attributes: ['id'], where: { id: { [Op.in]: candidateIds } }, transaction: t, lock: t.LOCK.UPDATE });
  // Locking reads: two meetings adding the same declaration at once wait for each other and the
  // second sees the first's row (a plain read would see its own older snapshot).
  const taken = await MeetingApplicant.findAll({
    attributes: ['declarationId', 'meetingId'],
    where: { declarationId: { [Op.in]: candidateIds } },
    transaction: t,
    lock: t.LOCK.SHARE,
  });
  const openMeetings = new Set(
    // A rehearsal (演练, live/copy) practises on declarations without holding them.
    (
      await Meeting.findAll({ where: { id: { [Op.in]: [...new Set(taken.map((x) => x.meetingId))] }, status: { [Op.ne]: 'closed' }, rehearsalOfId: null }, attributes: ['id'], transaction: t })
    ).map((m) => m.id),
  );

  let declarations: Declaration[];
  if (input.all) {
    const inAnyMeeting = new Set(taken.map((x) => x.declarationId));
    declarations = ready.filter((d) => !inAnyMeeting.has(d.id));
  } else {
    const ids = input.declarationIds ?? [];
    const found = await Declaration.findAll({ where: { id: { [Op.in]: ids } }, transaction: t });
    const problems: ErrorDetail[] = [];
    ids.forEach((id, i) => {
      const path = `body.declarationIds.${i}`;
      const d = found.find((x) => x.id === id);
      const here = taken.find((x) => x.declarationId === id && x.meetingId === meetingId);
      const elsewhere = taken.find((x) => x.declarationId === id && x.meetingId !== meetingId && openMeetings.has(x.meetingId));
      if (ids.indexOf(id) !== i) problems.push({ path, message: 'listed twice', code: 'duplicate_declaration' });
      else if (!d) problems.push({ path, message: 'no such declaration', code: 'not_found' });
      else if (d.status !== 'ready_for_meeting') problems.push({ path, message: `status is ${d.status}, not ready_for_meeting`, code: 'declaration_not_ready' });
      else if (!d.committeeId || !committeeIds.includes(d.committeeId)) problems.push({ path, message: 'assigned to another committee', code: 'declaration_other_committee' });
      else if (here) problems.push({ path, message: 'already in this meeting', code: 'already_in_meeting' });
      else if (elsewhere) problems.push({ path, message: `already in meeting ${elsewhere.meetingId}`, code: 'in_other_meeting' });
    });
    if (problems.length) throw unprocessable(problems[0].code!, 'Some declarations cannot join this meeting; none joined', problems);
    declarations = ids.map((id) => found.find((d) => d.id === id)!);
  }
  if (declarations.length === 0) return [];

  const last = ((await MeetingApplicant.max('position', { where: { meetingId }, transaction: t })) as number | null) ?? 0;
  const created = await MeetingApplicant.bulkCreate(
    declarations.map((d, i) => ({
      meetingId,
      declarationId: d.id,
      groupId,
      blindCode: blindCode(last + i + 1),
      employerOrgId: d.orgId,
      position: last + i + 1,
    })),
    { transaction: t },
  );
  await syncEmployerRecusals(meetingId, t);
  await finishSetupChange(actor, meeting, ['applicants', 'recusals'], t);
  return created;
}

/** 批量分组: these applicants into a group (or out of any, with groupId null). */
export async function assignApplicants(actor: Actor, meetingId: number, input: { meetingApplicantIds: number[]; groupId: number | null }, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  if (input.groupId) await loadGroupOf(meetingId, input.groupId, t);
  const found = await MeetingApplicant.findAll({ where: { meetingId, id: { [Op.in]: input.meetingApplicantIds } }, transaction: t });
  const missing = input.meetingApplicantIds.map((id, i) => ({ id, i })).filter((x) => !found.some((f) => f.id === x.id));
  if (missing.length) {
    throw unprocessable('not_in_meeting', 'Some applicants are not in this meeting', missing.map((m) => ({ path: `body.meetingApplicantIds.${m.i}`, message: 'not in this meeting' })));
  }
  await MeetingApplicant.update({ groupId: input.groupId }, { where: { id: { [Op.in]: input.meetingApplicantIds } }, transaction: t });
  await finishSetupChange(actor, meeting, ['applicants'], t);
  return found.length;
}

/** 全部分组: every ungrouped applicant into the first group (by position) that lists its specialty. */
export async function groupAllBySpecialty(actor: Actor, meetingId: number, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const groups = await ReviewGroup.findAll({ where: { meetingId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const waiting = await MeetingApplicant.findAll({ where: { meetingId, groupId: null }, order: [['position', 'ASC']], transaction: t });
  const decls = await Declaration.findAll({ where: { id: { [Op.in]: waiting.map((w) => w.declarationId) } }, attributes: ['id', 'specialtyId'], transaction: t });
  const specialties = await TitleSpecialty.findAll({ where: { id: { [Op.in]: decls.map((d) => d.specialtyId).filter((x): x is number => !!x) } }, transaction: t });
  const codeOf = (declarationId: number) => {
    const d = decls.find((x) => x.id === declarationId);
    return specialties.find((s) => s.id === d?.specialtyId)?.code ?? null;
  };
  const unmatched: Array<{ meetingApplicantId: number; blindCode: string; specialty: string | null }> = [];
  let grouped = 0;
  for (const a of waiting) {
    const code = codeOf(a.declarationId);
    const g = code ? groups.find((x) => x.specialties.includes(code)) : undefined;
    if (!g) {
      unmatched.push({ meetingApplicantId: a.id, blindCode: a.blindCode, specialty: code });
      continue;
    }
    a.groupId = g.id;
    await a.save({ transaction: t });
    grouped += 1;
  }
  await finishSetupChange(actor, meeting, ['applicants'], t);
  return { grouped, unmatched };
}

export async function removeApplicant(actor: Actor, meetingApplicantId: number, t: Transaction) {
  const a = await MeetingApplicant.findByPk(meetingApplicantId, { transaction: t });
  if (!a) throw notFound('meeting applicant');
  const { meeting } = await setupFor(actor, a.meetingId, 'meeting:setup', t);
  if (a.result !== 'pending') throw conflict('applicant_decided', 'The applicant already has a result');
  await a.destroy({ transaction: t });
  await finishSetupChange(actor, meeting, ['applicants', 'recusals'], t);
}
