import { z } from 'zod';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize } from '../../policies';
import { forbidden } from '../../errors';
import { loadMeetingContext } from '../../commands/meeting/context';
import { setAttendance, startMeeting } from '../../commands/meeting/attendance';
import { copyLoginsNeeded, copyMeeting } from '../../commands/meeting/copy';
import { prepareLoginSecrets } from '../../commands/setup/logins';
import { distribute, distributeAll, startReview } from '../../commands/meeting/distribution';
import { finishReview, reopenReview, saveReview } from '../../commands/meeting/review';
import { chairConfirmGroup, leaderConfirmGroup } from '../../commands/meeting/confirm';
import { liveSnapshot } from '../../presenters/meetingLive';
import { attendanceBody, copyBody, copyResponse, distributeBody, distributeEvenlyBody, reasonBody, reviewBody } from './schema';

const stageView = z.object({ id: z.number(), stage: z.string() });

/** The live meeting over REST; the socket events in realtime/meeting call the same commands. */
export function registerLiveRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/live',
    summary: 'Snapshot of a live meeting as the viewer may see it (blind review and recusal applied), with room sequence numbers',
    tags: ['live'],
    needs: 'meeting:watch',
    params: idParams,
    async handler({ actor, params }) {
      return inTransaction(async (t) => {
        const ctx = await loadMeetingContext(actor, params.id, t);
        authorize(actor, 'meeting:watch', ctx);
        return liveSnapshot(ctx, actor.id, t);
      });
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/start',
    summary: 'Start a meeting whose setup is complete (committee unit)',
    tags: ['live'],
    needs: 'meeting:start',
    params: idParams,
    response: z.object({ id: z.number(), status: z.string() }),
    async handler({ actor, params }) {
      const m = await inTransaction((t) => startMeeting(actor, params.id, t));
      return { id: m.id, status: m.status };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/copy',
    summary:
      'A fresh copy of a meeting’s setup with temporary logins of its own (passwords shown once): a rehearsal (演练副本, default; never published) or a real re-run of declarations no open meeting holds',
    tags: ['live'],
    needs: 'meeting:start',
    params: idParams,
    body: copyBody,
    response: copyResponse,
    status: 201,
    async handler({ actor, params, body }) {
      // Hashing is slow on purpose: before the transaction. The copy checks the count again.
      const secrets = await prepareLoginSecrets(await copyLoginsNeeded(params.id));
      const { meeting: m, logins } = await inTransaction((t) => copyMeeting(actor, params.id, body, secrets, t));
      return { id: m.id, name: m.name, status: m.status, rehearsal: m.rehearsalOfId !== null, rehearsalOfId: m.rehearsalOfId ?? null, logins };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/attendance',
    summary: 'Sign an expert in or out (staff, or the expert, as the meeting allows)',
    tags: ['live'],
    needs: 'attendance:set',
    params: idParams,
    body: attendanceBody,
    response: z.object({ meetingExpertId: z.number(), present: z.boolean() }),
    async handler({ actor, params, body }) {
      const me = await inTransaction((t) => setAttendance(actor, params.id, body.meetingExpertId, body.present, t));
      return { meetingExpertId: me.id, present: me.present };
    },
  });

  r.add({
    method: 'post',
    path: '/groups/:id/distribution',
    summary: 'Group leader: give materials to reviewers (≥ 2 each, exactly one main, never recused)',
    tags: ['live'],
    needs: 'distribution:set',
    params: idParams,
    body: distributeBody,
    response: z.object({ assigned: z.number() }),
    async handler({ actor, params, body }) {
      return inTransaction((t) => distribute(actor, { groupId: params.id, items: body.items }, t));
    },
  });

  r.add({
    method: 'post',
    path: '/groups/:id/distribution/all',
    summary: 'Group leader: distribute every waiting material (or the listed ones, replacing their reviewers) with an even load',
    tags: ['live'],
    needs: 'distribution:set',
    params: idParams,
    body: distributeEvenlyBody,
    response: z.object({ assigned: z.number(), unassignable: z.array(z.number()) }),
    async handler({ actor, params, body }) {
      return inTransaction((t) => distributeAll(actor, params.id, body.perApplicant, t, body.meetingApplicantIds));
    },
  });

  r.add({
    method: 'post',
    path: '/groups/:id/start-review',
    summary: 'Group leader: start the review (进入评审)',
    tags: ['live'],
    needs: 'group:startReview',
    params: idParams,
    response: stageView,
    async handler({ actor, params }) {
      const g = await inTransaction((t) => startReview(actor, params.id, t));
      return { id: g.id, stage: g.stage };
    },
  });

  for (const [verb, finish] of [
    ['draft', false],
    ['finish', true],
  ] as const) {
    r.add({
      method: finish ? 'post' : 'put',
      path: `/assignments/:id/${verb}`,
      summary: finish ? 'Finish one’s review (完成材料审查): it becomes final' : 'Save a draft of one’s review (暂存)',
      tags: ['live'],
      needs: 'signedIn',
      params: idParams,
      body: reviewBody,
      response: z.object({ assignmentId: z.number(), state: z.string() }),
      async handler({ actor, params, body }) {
        if (actor.role !== 'expert') throw forbidden();
        const input = { assignmentId: params.id, ...body };
        const a = await inTransaction((t) => (finish ? finishReview(actor, input, t) : saveReview(actor, input, t)));
        return { assignmentId: a.id, state: a.state };
      },
    });
  }

  r.add({
    method: 'post',
    path: '/meeting-applicants/:id/reopen',
    summary: 'Group leader: reopen a disputed review; the main reviewer revises and the secondaries confirm again',
    tags: ['live'],
    needs: 'review:reopen',
    params: idParams,
    body: reasonBody,
    async handler({ actor, params, body }) {
      await inTransaction((t) => reopenReview(actor, params.id, body.reason, t));
    },
  });

  r.add({
    method: 'post',
    path: '/groups/:id/confirm',
    summary: 'Group leader confirms the group’s reviews (组长确认)',
    tags: ['live'],
    needs: 'group:leaderConfirm',
    params: idParams,
    response: stageView,
    async handler({ actor, params }) {
      const g = await inTransaction((t) => leaderConfirmGroup(actor, params.id, t));
      return { id: g.id, stage: g.stage };
    },
  });

  r.add({
    method: 'post',
    path: '/groups/:id/chair-confirm',
    summary: 'Chair confirms the group leader’s confirmation (主任确认)',
    tags: ['live'],
    needs: 'group:chairConfirm',
    params: idParams,
    response: stageView,
    async handler({ actor, params }) {
      const g = await inTransaction((t) => chairConfirmGroup(actor, params.id, t));
      return { id: g.id, stage: g.stage };
    },
  });
}
