import { type Transaction } from 'sequelize';
import { Ballot, BallotSheet, MeetingExpert, NamedSheetVoter, RoundItem, RoundRoll, RoundVoter } from '../../../models';
import { conflict, forbidden, invalidField, validationFailed } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { newSheetId } from '../../domain/ballotDigest';
import type { BallotAck, BallotSheetInput } from '../../../realtime/events';
import { loadMeetingContext, refuseIfClosed } from './context';
import { announceRound, closeRoundLocked, loadRoundForUpdate } from './rounds';

/**
 * 投票: one ballot sheet per expert per round, final once submitted.
 *
 * Exactly once: the round row is locked first (so a second copy of the same sheet, from a retry,
 * a reconnect or the other node, waits here), then the voter table is checked; the same
 * idempotency key gets the first answer again, a different one is a second sheet and is refused.
 * The unique keys on round_voters back this up if anything slips past.
 *
 * Secret mode: the sheet and its ballots carry no voter, no time and a random id; the voter row
 * records only that this expert has voted. The answer says "accepted" and nothing a voter could
 * show someone to prove how they voted.
 */
export async function castBallotSheet(actor: Actor, input: BallotSheetInput, t: Transaction): Promise<BallotAck> {
  const round = await loadRoundForUpdate(input.roundId, t);
  const ctx = await loadMeetingContext(actor, round.meetingId, t);
  authorize(actor, 'round:vote', ctx);
  const me = ctx.me!;

  const earlier = await RoundVoter.findOne({ where: { roundId: round.id, meetingExpertId: me.id }, transaction: t });
  if (earlier) {
    if (earlier.idempotencyKey === input.idempotencyKey) return { roundId: round.id, accepted: true, duplicate: true };
    throw conflict('already_voted', 'You have already submitted your ballot sheet for this vote');
  }
  refuseIfClosed(ctx.meeting);
  if (round.status !== 'open') throw conflict('round_closed', 'The vote is closed; nothing more is accepted');

  const onRoll = await RoundRoll.count({ where: { roundId: round.id, meetingExpertId: me.id }, transaction: t });
  if (!onRoll) throw forbidden('not_eligible', 'You were not signed in when this vote opened, so you may not vote in it');
  const current = await MeetingExpert.findByPk(me.id, { transaction: t });
  if (!current?.present) throw forbidden('signed_out', 'You are signed out of the meeting');

  const items = await RoundItem.findAll({ where: { roundId: round.id }, transaction: t });
  const mine = items.filter((i) => !i.excluded.includes(me.id));
  const byApplicant = new Map(input.choices.map((c) => [c.meetingApplicantId, c.choice]));
  if (byApplicant.size !== input.choices.length) {
    throw invalidField('payload.choices', 'duplicate_choice', 'An applicant appears twice on the sheet');
  }
  for (const c of input.choices) {
    const item = items.find((i) => i.meetingApplicantId === c.meetingApplicantId);
    if (!item) throw invalidField('payload.choices', 'not_in_round', `Applicant ${c.meetingApplicantId} is not in this vote`);
    if (item.excluded.includes(me.id)) throw forbidden('recused', 'You must recuse from one of these applicants');
  }
  const missing = mine.filter((i) => !byApplicant.has(i.meetingApplicantId));
  if (missing.length) {
    throw validationFailed(
      missing.map((i) => ({ path: `payload.choices.${i.meetingApplicantId}`, message: 'no choice' })),
      'Choose yes, no or abstain for every applicant before submitting',
    );
  }

  await RoundVoter.create({ roundId: round.id, meetingExpertId: me.id, idempotencyKey: input.idempotencyKey, votedAt: new Date() }, { transaction: t });
  const sheetId = newSheetId();
  await BallotSheet.create({ id: sheetId, roundId: round.id }, { transaction: t });
  await Ballot.bulkCreate(
    input.choices.map((c) => ({ sheetId, meetingApplicantId: c.meetingApplicantId, choice: c.choice })),
    { transaction: t },
  );
  if (round.mode === 'named') await NamedSheetVoter.create({ sheetId, meetingExpertId: me.id }, { transaction: t });

  const voted = await RoundVoter.count({ where: { roundId: round.id }, transaction: t });
  const roll = await RoundRoll.count({ where: { roundId: round.id }, transaction: t });
  await announceRound(t, round, 'round:progress', { roundId: round.id, voted, roll });
  if (round.closeWhenAllVoted && voted === roll) await closeRoundLocked(actor.id, round, t);
  return { roundId: round.id, accepted: true, duplicate: false };
}
