import { literal, QueryTypes, type Transaction } from 'sequelize';
import { Ballot, BallotSheet, MeetingExpert, NamedSheetVoter, RoundItem, RoundRoll, RoundVoter, VoteRound, db } from '../../../models';
import { conflict, forbidden, invalidField, notFound, validationFailed } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { newSheetId } from '../../domain/ballotDigest';
import type { BallotAck, BallotSheetInput } from '../../../realtime/events';
import { loadMeetingContext, refuseIfClosed } from './context';
import { announceRound, closeRoundLocked, loadRoundForUpdate } from './rounds';

/**
 * 投票: one ballot sheet per expert per round, final once submitted.
 *
 * Exactly once: the voter row has unique keys (round + expert, round + idempotency key). A second
 * copy of the same sheet — a retry, a reconnect, the other node — either finds the first one
 * committed and gets its answer again, or waits on the unique key while the first commits and is
 * then answered by `submitBallotSheet`. A different sheet from the same expert is refused.
 *
 * Ordering: the checks run side by side with other voters; from counting the ballot on the round
 * row (`voted = voted + 1 … WHERE open`) to commit, ballots of a round take turns. Counting also
 * proves the round is still open: a close takes that row first, so a ballot either counts before
 * the close or is refused and rolled back whole.
 *
 * Secret mode: the sheet and its ballots carry no voter, no time and a random id; the voter row
 * records only that this expert has voted. The answer says "accepted" and nothing a voter could
 * show someone to prove how they voted.
 */
export async function castBallotSheet(actor: Actor, input: BallotSheetInput, t: Transaction): Promise<BallotAck> {
  const round = await VoteRound.findByPk(input.roundId, { transaction: t });
  if (!round) throw notFound('round');
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

  // Count first: this takes the round row's lock before any child row is written (the foreign-key
  // checks of those inserts take a shared lock on it, and shared-then-exclusive deadlocks).
  const [counted] = await VoteRound.update({ voted: literal('voted + 1') as never }, { where: { id: round.id, status: 'open' }, transaction: t });
  if (!counted) throw conflict('round_closed', 'The vote is closed; nothing more is accepted');
  await RoundVoter.create({ roundId: round.id, meetingExpertId: me.id, idempotencyKey: input.idempotencyKey, votedAt: new Date() }, { transaction: t });
  const sheetId = newSheetId();
  await BallotSheet.create({ id: sheetId, roundId: round.id }, { transaction: t });
  await Ballot.bulkCreate(
    input.choices.map((c) => ({ sheetId, meetingApplicantId: c.meetingApplicantId, choice: c.choice })),
    { transaction: t },
  );
  if (round.mode === 'named') await NamedSheetVoter.create({ sheetId, meetingExpertId: me.id }, { transaction: t });
  const [{ voted }] = await db().query<{ voted: number }>('SELECT voted FROM vote_rounds WHERE id = ?', {
    replacements: [round.id],
    type: QueryTypes.SELECT,
    transaction: t,
  });
  await announceRound(t, round, 'round:progress', { roundId: round.id, voted: Number(voted), roll: round.present });
  if (round.closeWhenAllVoted && Number(voted) === round.present) {
    await closeRoundLocked(actor.id, await loadRoundForUpdate(round.id, t), t);
  }
  return { roundId: round.id, accepted: true, duplicate: false };
}
