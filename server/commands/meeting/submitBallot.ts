import { UniqueConstraintError } from 'sequelize';
import { RoundVoter, MeetingExpert, VoteRound } from '../../../models';
import { conflict } from '../../errors';
import { inTransaction } from '../../tx';
import type { Actor } from '../../policies';
import type { BallotAck, BallotSheetInput } from '../../../realtime/events';
import { castBallotSheet } from './ballots';

/**
 * The one entry for a ballot sheet, shared by the socket and REST. The acknowledgement is
 * returned only after commit. If two copies of one sheet ever raced past the round lock, the
 * unique keys stop the second and it is answered from what the first stored.
 */
export async function submitBallotSheet(actor: Actor, input: BallotSheetInput): Promise<BallotAck> {
  try {
    return await inTransaction((t) => castBallotSheet(actor, input, t));
  } catch (e) {
    if (!(e instanceof UniqueConstraintError)) throw e;
    const round = await VoteRound.findByPk(input.roundId);
    const me = round ? await MeetingExpert.findOne({ where: { meetingId: round.meetingId, accountId: actor.id } }) : null;
    const voter = me ? await RoundVoter.findOne({ where: { roundId: input.roundId, meetingExpertId: me.id } }) : null;
    if (voter && voter.idempotencyKey === input.idempotencyKey) return { roundId: input.roundId, accepted: true, duplicate: true };
    throw conflict('already_voted', 'You have already submitted your ballot sheet for this vote');
  }
}
