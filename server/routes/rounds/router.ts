
import type { VoteRound } from '../../../models';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { closeRound, confirmRound, launchRound, sendBackRound } from '../../commands/meeting/rounds';
import { submitBallotSheet } from '../../commands/meeting/submitBallot';
import { roundBallots } from '../../commands/meeting/audit';
import { ballotAck, ballotSheetBody, launchBody, roundView, sendBackBody } from './schema';

export const presentRound = (r: VoteRound) => ({
  id: r.id,
  meetingId: r.meetingId,
  groupId: r.groupId,
  kind: r.kind,
  number: r.number,
  status: r.status,
  mode: r.mode,
  members: r.members,
  present: r.present,
  digest: r.digest ?? null,
  sentBackReason: r.sentBackReason ?? null,
});

/** Vote rounds over REST; the socket events call the same commands. */
export function registerRoundRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/meetings/:id/rounds',
    summary: 'Launch a group vote (group leader) or committee vote (chair or committee unit); refused without quorum',
    tags: ['voting'],
    needs: 'signedIn',
    params: idParams,
    body: launchBody,
    response: roundView,
    status: 201,
    async handler({ actor, params, body }) {
      return presentRound(await inTransaction((t) => launchRound(actor, { meetingId: params.id, ...body }, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/rounds/:id/ballots',
    summary: 'Submit a ballot sheet (once; resending the same idempotency key returns the first answer)',
    tags: ['voting'],
    needs: 'round:vote',
    params: idParams,
    body: ballotSheetBody.omit({ roundId: true }),
    response: ballotAck,
    async handler({ actor, params, body }) {
      return submitBallotSheet(actor, { ...body, roundId: params.id });
    },
  });

  r.add({
    method: 'post',
    path: '/rounds/:id/close',
    summary: 'Close the vote and tally it',
    tags: ['voting'],
    needs: 'signedIn',
    params: idParams,
    response: roundView,
    async handler({ actor, params }) {
      return presentRound((await inTransaction((t) => closeRound(actor, params.id, t))).round);
    },
  });

  r.add({
    method: 'post',
    path: '/rounds/:id/confirm',
    summary: 'Confirm a closed vote’s result (chair for the committee, group leader for the group)',
    tags: ['voting'],
    needs: 'signedIn',
    params: idParams,
    response: roundView,
    async handler({ actor, params }) {
      return presentRound(await inTransaction((t) => confirmRound(actor, params.id, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/rounds/:id/ballots',
    summary: 'After close: the ballots as stored (anonymous in a secret round), the tally recomputed from them, and the seal checked',
    tags: ['voting'],
    needs: 'round:readBallots',
    params: idParams,
    async handler({ actor, params }) {
      return inTransaction((t) => roundBallots(actor, params.id, t));
    },
  });

  r.add({
    method: 'post',
    path: '/rounds/:id/send-back',
    summary: 'Supervisor: send a round back with a reason (a new round must decide)',
    tags: ['voting'],
    needs: 'round:sendBack',
    params: idParams,
    body: sendBackBody,
    response: roundView,
    async handler({ actor, params, body }) {
      return presentRound(await inTransaction((t) => sendBackRound(actor, params.id, body.reason, t)));
    },
  });
}

