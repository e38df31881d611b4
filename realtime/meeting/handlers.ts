import { z } from 'zod';
import { onEvent, type IO, type ZSocket } from '../handle';
import { ballotSheetBody } from '../../server/routes/rounds/schema';
import { attendanceBody, distributeAllBody, distributeBody, reviewBody } from '../../server/routes/live/schema';
import { submitBallotSheet } from '../../server/commands/meeting/submitBallot';
import { inTransaction } from '../../server/tx';
import { setAttendance } from '../../server/commands/meeting/attendance';
import { distribute, distributeAll, startReview } from '../../server/commands/meeting/distribution';
import { finishReview, saveReview } from '../../server/commands/meeting/review';
import { leaderConfirmGroup } from '../../server/commands/meeting/confirm';
import './access';
import './collabRights';

const id = z.number().int().positive();

/** Socket events of the live meeting; each calls the same command as its REST route. */
export function attachMeetingHandlers(io: IO, socket: ZSocket) {
  onEvent(io, socket, 'ballot:submit', {
    needs: 'round:vote',
    // The ballot batch re-reads the accounts of all its sheets in one query.
    auth: 'deferred',
    limit: { events: 30, perMs: 10_000 },
    schema: ballotSheetBody,
    handler: ({ actor, socket: s, data }) => submitBallotSheet(actor, data, { tokenVersion: s.data.tokenVersion }),
  });
  onEvent(io, socket, 'attendance:set', {
    needs: 'attendance:set',
    schema: attendanceBody.extend({ meetingId: id }),
    async handler({ actor, data }) {
      const me = await inTransaction((t) => setAttendance(actor, data.meetingId, data.meetingExpertId, data.present, t));
      return { present: me.present };
    },
  });
  onEvent(io, socket, 'distribution:set', {
    needs: 'distribution:set',
    schema: distributeBody.extend({ groupId: id }),
    handler: ({ actor, data }) => inTransaction((t) => distribute(actor, data, t)),
  });
  onEvent(io, socket, 'distribution:all', {
    needs: 'distribution:set',
    schema: distributeAllBody.extend({ groupId: id }),
    handler: ({ actor, data }) => inTransaction((t) => distributeAll(actor, data.groupId, data.perApplicant, t)),
  });
  onEvent(io, socket, 'group:startReview', {
    needs: 'group:startReview',
    schema: z.object({ groupId: id }).strict(),
    async handler({ actor, data }) {
      return { stage: (await inTransaction((t) => startReview(actor, data.groupId, t))).stage };
    },
  });
  onEvent(io, socket, 'review:save', {
    needs: 'signedIn',
    schema: reviewBody.extend({ assignmentId: id }),
    async handler({ actor, data }) {
      return { state: (await inTransaction((t) => saveReview(actor, data, t))).state };
    },
  });
  onEvent(io, socket, 'review:finish', {
    needs: 'signedIn',
    schema: reviewBody.extend({ assignmentId: id }),
    async handler({ actor, data }) {
      return { state: (await inTransaction((t) => finishReview(actor, data, t))).state };
    },
  });
  onEvent(io, socket, 'group:confirm', {
    needs: 'group:leaderConfirm',
    schema: z.object({ groupId: id }).strict(),
    async handler({ actor, data }) {
      return { stage: (await inTransaction((t) => leaderConfirmGroup(actor, data.groupId, t))).stage };
    },
  });
}
