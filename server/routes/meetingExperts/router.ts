import { z } from 'zod';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize } from '../../policies';
import { loadSetupContext } from '../../commands/setup/context';
import { placeExperts, removeMeetingExpert, setChairs, updateMeetingExpert } from '../../commands/setup/placement';
import { issueLogins, loginsNeeded, prepareLoginSecrets } from '../../commands/setup/logins';
import { meetingExpertsOf } from '../../commands/setup/queries';
import { chairsBody, expertListQuery, issuedLogins, loginsBody, meetingExpertView, placeBody, updateMeetingExpertBody } from './schema';

const list = z.object({ items: z.array(meetingExpertView) });

/** 评审会议评委库: the meeting's experts, their groups and titles (职务任命), and temporary logins. */
export function registerMeetingExpertRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/experts',
    summary: 'The meeting’s experts (评委清单) with group, title, leader, source and temporary login',
    tags: ['meetings'],
    needs: 'meeting:roster',
    params: idParams,
    query: expertListQuery,
    response: list,
    async handler({ actor, params, query }) {
      authorize(actor, 'meeting:roster', await loadSetupContext(actor, params.id));
      return { items: await meetingExpertsOf(params.id, query.groupId) };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/experts',
    summary: '专家手工分组: active experts of the committees’ libraries into the meeting (and a group); one group per expert',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: placeBody,
    response: list,
    status: 201,
    async handler({ actor, params, body }) {
      const placed = await inTransaction((t) => placeExperts(actor, params.id, body, t));
      const ids = new Set(placed.map((p) => p.id));
      return { items: (await meetingExpertsOf(params.id)).filter((e) => ids.has(e.id)) };
    },
  });

  r.add({
    method: 'patch',
    path: '/meeting-experts/:id',
    summary: 'Move an expert to another group (or none), or change their title (主任/副主任/委员/评审专家)',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: updateMeetingExpertBody,
    response: meetingExpertView,
    async handler({ actor, params, body }) {
      const me = await inTransaction((t) => updateMeetingExpert(actor, params.id, body, t));
      return (await meetingExpertsOf(me.meetingId)).find((e) => e.id === me.id)!;
    },
  });

  r.add({
    method: 'delete',
    path: '/meeting-experts/:id',
    summary: 'Take an expert out of the meeting (their temporary login stops at once)',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => removeMeetingExpert(actor, params.id, t));
    },
  });

  r.add({
    method: 'put',
    path: '/meetings/:id/chairs',
    summary: '指定评审会议主任: one chair and at most two vice chairs; former holders become members',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: chairsBody,
    response: list,
    async handler({ actor, params, body }) {
      await inTransaction((t) => setChairs(actor, params.id, body, t));
      return { items: await meetingExpertsOf(params.id) };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/logins',
    summary: '专家登录信息: temporary logins for the meeting’s experts (all, or some; reissue resets them), shown once, dead when the meeting ends',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: loginsBody,
    response: issuedLogins,
    status: 201,
    async handler({ actor, params, body }) {
      // Authorize before spending time on password hashes; the command checks again in its transaction.
      authorize(actor, 'meeting:setup', await loadSetupContext(actor, params.id));
      const secrets = await prepareLoginSecrets(await loginsNeeded(params.id, body.meetingExpertIds, body.reissue));
      return { items: await inTransaction((t) => issueLogins(actor, params.id, body, [...secrets], t)) };
    },
  });
}
