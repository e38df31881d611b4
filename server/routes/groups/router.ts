import { z } from 'zod';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize } from '../../policies';
import { loadSetupContext } from '../../commands/setup/context';
import { createGroup, deleteGroup, setGroupLeader, updateGroup } from '../../commands/setup/groups';
import { groupsOf } from '../../commands/setup/queries';
import { groupBody, groupView, leaderBody, updateGroupBody } from './schema';

const one = async (meetingId: number, groupId: number) => (await groupsOf(meetingId)).find((g) => g.id === groupId)!;

/** 会议分组: review groups by specialty, their planned size, room (考场) and leader (组长). */
export function registerGroupRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/groups',
    summary: 'The meeting’s review groups with their numbers of experts and applicants and their leader',
    tags: ['meetings'],
    needs: 'signedIn',
    params: idParams,
    response: z.object({ items: z.array(groupView) }),
    async handler({ actor, params }) {
      authorize(actor, 'meeting:read', await loadSetupContext(actor, params.id));
      return { items: await groupsOf(params.id) };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/groups',
    summary: '新增分组: name, specialties, planned size (at least 3), room',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: groupBody,
    response: groupView,
    status: 201,
    async handler({ actor, params, body }) {
      const g = await inTransaction((t) => createGroup(actor, params.id, body, t));
      return one(g.meetingId, g.id);
    },
  });

  r.add({
    method: 'patch',
    path: '/groups/:id',
    summary: 'Rename a group, change its specialties, planned size or room (考场)',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: updateGroupBody,
    response: groupView,
    async handler({ actor, params, body }) {
      const g = await inTransaction((t) => updateGroup(actor, params.id, body, t));
      return one(g.meetingId, g.id);
    },
  });

  r.add({
    method: 'delete',
    path: '/groups/:id',
    summary: 'Delete a group; its experts and applicants stay in the meeting, ungrouped',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteGroup(actor, params.id, t));
    },
  });

  r.add({
    method: 'put',
    path: '/groups/:id/leader',
    summary: '指定组长: the group’s leader, one of its experts (unit staff or the chair)',
    tags: ['meetings'],
    needs: 'signedIn',
    params: idParams,
    body: leaderBody,
    response: groupView,
    async handler({ actor, params, body }) {
      const me = await inTransaction((t) => setGroupLeader(actor, params.id, body.meetingExpertId, t));
      return one(me.meetingId, params.id);
    },
  });
}
