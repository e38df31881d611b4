import { z } from 'zod';
import { BlacklistEntry, Organisation } from '../../../../models';
import { idParams, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { authorize } from '../../../policies';
import { addToBlacklist, editBlacklistEntry, findPeople } from '../../../commands/after/blacklist';
import { text } from '../schema';

/**
 * 黑名单管理, the part issue 7 adds: adding a person by hand, editing an entry, looking people up.
 * Listing, export and lifting stay where the declarations area put them (GET /blacklist,
 * GET /blacklist/export, POST /blacklist/:id/lift): one table, one list.
 */
const addBody = z
  .object({
    idNumber: z.string().trim().min(1).max(18),
    name: text(100),
    years: z.number().int().positive(),
    reason: text(1000),
    publicNotice: z.boolean().optional(),
    declarationId: z.number().int().positive().nullable().optional(),
  })
  .strict();
const editBody = z.object({ years: z.number().int().positive().optional(), reason: text(1000).optional(), publicNotice: z.boolean().optional() }).strict();
const entryView = z.object({
  id: z.number(),
  idNumber: z.string(),
  name: z.string(),
  org: z.object({ id: z.number(), name: z.string() }).nullable(),
  years: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable(),
  source: z.string(),
  publicNotice: z.boolean(),
  history: z.array(z.object({ by: z.string(), at: z.string(), changes: z.record(z.string(), z.unknown()) })),
});

async function present(e: BlacklistEntry) {
  const org = await Organisation.findByPk(e.orgId, { attributes: ['id', 'name'] });
  return {
    id: e.id,
    idNumber: e.idNumber,
    name: e.name,
    org: org ? { id: org.id, name: org.name } : null,
    years: e.years,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    reason: e.reason,
    source: e.source,
    publicNotice: e.publicNotice,
    history: e.history ?? [],
  };
}

export function registerBlacklistRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/blacklist/people',
    summary: '录入姓名或身份证号查询人员: people of my subtree to put on the blacklist',
    tags: ['after'],
    needs: 'blacklist:add',
    query: z.object({ q: z.string().trim().min(1).max(40) }).strict(),
    response: z.object({ items: z.array(z.object({ idNumber: z.string(), name: z.string(), orgName: z.string().nullable(), declarationId: z.number().nullable(), blacklisted: z.boolean() })) }),
    async handler({ actor, query }) {
      authorize(actor, 'blacklist:add', {});
      return { items: await findPeople(actor, query.q) };
    },
  });

  r.add({
    method: 'post',
    path: '/blacklist',
    summary: '新增黑名单: a person by ID number and name, a reason and a period (years from the setting)',
    tags: ['after'],
    needs: 'blacklist:add',
    body: addBody,
    response: entryView,
    status: 201,
    async handler({ actor, body }) {
      return present(await inTransaction((t) => addToBlacklist(actor, body, t)));
    },
  });

  r.add({
    method: 'patch',
    path: '/blacklist/:id',
    summary: '修改黑名单: period, reason, whether the public notice shows it (every edit is kept)',
    tags: ['after'],
    needs: 'blacklist:edit',
    params: idParams,
    body: editBody,
    response: entryView,
    async handler({ actor, params, body }) {
      return present(await inTransaction((t) => editBlacklistEntry(actor, params.id, body, t)));
    },
  });
}
