import { Op, type Transaction } from 'sequelize';
import { Declaration, ResultAppeal, ResultItem, ResultPublicity } from '../../../models';
import { announce } from '../../announce';
import { conflict, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { APPEAL_MOVES, type AppealKind, type AppealStatus } from '../../domain/after';
import { loadSetupContext } from '../setup/context';
import { rooms } from '../../../realtime/rooms';

/**
 * 复查与投诉 (Art. 27): an applicant who disputes their published result asks for a re-check or
 * complains; the committee unit accepts or refuses it, then concludes it with an opinion. The
 * applicant hears every step at once (`appeal:changed` to their user room).
 */
export async function createAppeal(actor: Actor, input: { declarationId: number; kind: AppealKind; content: string }, t: Transaction) {
  const item = await ResultItem.findOne({ where: { declarationId: input.declarationId }, transaction: t, lock: t.LOCK.UPDATE });
  const d = item ? await Declaration.findByPk(item.declarationId, { transaction: t }) : null;
  if (!item || !d) throw notFound('published result');
  authorize(actor, 'appeal:create', { applicantId: d.applicantAccountId });
  const p = (await ResultPublicity.findByPk(item.publicityId, { transaction: t }))!;
  // While the list is public, or while one's own result is held on a report.
  if (p.status !== 'open' && item.outcome !== 'held') throw conflict('appeal_period_over', 'Re-checks and complaints are taken during the publicity');
  const pending = await ResultAppeal.count({ where: { itemId: item.id, kind: input.kind, status: { [Op.in]: ['submitted', 'accepted'] } }, transaction: t });
  if (pending) throw conflict('appeal_pending', 'One of this kind is still being handled');
  const appeal = await ResultAppeal.create({ itemId: item.id, applicantAccountId: actor.id, kind: input.kind, content: input.content }, { transaction: t });
  await announce(t, rooms.user(actor.id), 'appeal:changed', { appealId: appeal.id, declarationId: d.id, kind: appeal.kind, status: appeal.status, handlingOpinion: null });
  return appeal;
}

export async function loadAppealContext(actor: Actor, appealId: number, t?: Transaction, lock = false) {
  const appeal = await ResultAppeal.findByPk(appealId, { transaction: t, ...(lock && t ? { lock: t.LOCK.UPDATE } : {}) });
  if (!appeal) throw notFound('appeal');
  const item = (await ResultItem.findByPk(appeal.itemId, { transaction: t }))!;
  const p = (await ResultPublicity.findByPk(item.publicityId, { transaction: t }))!;
  return { appeal, item, publicity: p, ctx: await loadSetupContext(actor, p.meetingId, t) };
}

export async function handleAppeal(actor: Actor, appealId: number, input: { status: AppealStatus; opinion?: string | null }, t: Transaction) {
  const { appeal, item, ctx } = await loadAppealContext(actor, appealId, t, true);
  authorize(actor, 'results:manage', ctx);
  if (!APPEAL_MOVES[appeal.status as AppealStatus].includes(input.status)) {
    throw conflict('appeal_move_not_allowed', `An appeal that is ${appeal.status} cannot become ${input.status}`);
  }
  Object.assign(appeal, { status: input.status, handlingOpinion: input.opinion ?? appeal.handlingOpinion, handledById: actor.id, handledAt: new Date() });
  await appeal.save({ transaction: t });
  await announce(t, rooms.user(appeal.applicantAccountId), 'appeal:changed', {
    appealId: appeal.id,
    declarationId: item.declarationId,
    kind: appeal.kind,
    status: appeal.status,
    handlingOpinion: appeal.handlingOpinion ?? null,
  });
  return appeal;
}
