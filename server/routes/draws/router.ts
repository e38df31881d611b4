import { z } from 'zod';
import { DrawEntrustment, ExpertDraw } from '../../../models';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize } from '../../policies';
import { loadSetupContext } from '../../commands/setup/context';
import { cancelEntrustment, drawRandom, entrustDraw, performEntrustment, verifyDraw } from '../../commands/setup/draws';
import { presentEntrustment } from '../../presenters/setup';
import { drawBody, drawView, entrustBody, entrustmentQuery, entrustmentView, performBody, verifyView } from './schema';

const presentDraw = (d: ExpertDraw) => ({
  id: d.id,
  meetingId: d.meetingId,
  kind: d.kind,
  seed: d.seed,
  drawnAt: d.createdAt.toISOString(),
  result: d.result as z.infer<typeof drawView>['result'],
});

/** 随机抽取专家, its audit (a supervisor re-runs a recorded draw), and 委托选取专家. */
export function registerDrawRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/meetings/:id/draws',
    summary: '随机抽取专家: by specialty and count per group; the seed is recorded for audit. 422 draw_shortage when the library is short',
    tags: ['draws'],
    needs: 'meeting:setup',
    params: idParams,
    body: drawBody,
    response: drawView,
    status: 201,
    async handler({ actor, params, body }) {
      return presentDraw(await inTransaction((t) => drawRandom(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/draws',
    summary: 'The meeting’s recorded draws (seed and result)',
    tags: ['draws'],
    needs: 'draw:audit',
    params: idParams,
    response: z.object({ items: z.array(drawView) }),
    async handler({ actor, params }) {
      authorize(actor, 'draw:audit', await loadSetupContext(actor, params.id));
      return { items: (await ExpertDraw.findAll({ where: { meetingId: params.id }, order: [['id', 'ASC']] })).map(presentDraw) };
    },
  });

  r.add({
    method: 'get',
    path: '/draws/:id/verify',
    summary: 'Audit: run a recorded draw again from its seed and inputs and say whether it matches and keeps the rules',
    tags: ['draws'],
    needs: 'draw:audit',
    params: idParams,
    response: verifyView,
    async handler({ actor, params }) {
      return verifyDraw(actor, params.id);
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/entrustments',
    summary: '委托选取专家: ask an office to draw experts for a group',
    tags: ['draws'],
    needs: 'meeting:setup',
    params: idParams,
    body: entrustBody,
    response: entrustmentView,
    status: 201,
    async handler({ actor, params, body }) {
      return presentEntrustment(await inTransaction((t) => entrustDraw(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/entrustments',
    summary: 'The meeting’s entrusted draws',
    tags: ['draws'],
    needs: 'meeting:setup',
    params: idParams,
    response: z.object({ items: z.array(entrustmentView) }),
    async handler({ actor, params }) {
      authorize(actor, 'meeting:setup', await loadSetupContext(actor, params.id));
      return { items: (await DrawEntrustment.findAll({ where: { meetingId: params.id }, order: [['id', 'ASC']] })).map(presentEntrustment) };
    },
  });

  r.add({
    method: 'get',
    path: '/entrustments',
    summary: 'Entrusted draws the actor’s office has received',
    tags: ['draws'],
    needs: 'entrustment:perform',
    query: entrustmentQuery,
    response: z.object({ items: z.array(entrustmentView) }),
    async handler({ actor, query }) {
      const rows = await DrawEntrustment.findAll({ where: { officeOrgId: actor.orgId, status: query.status ?? 'pending' }, order: [['id', 'ASC']] });
      return { items: rows.map(presentEntrustment) };
    },
  });

  r.add({
    method: 'post',
    path: '/entrustments/:id/perform',
    summary: 'The entrusted office draws at random from the libraries under it, or picks experts by hand; they join the group',
    tags: ['draws'],
    needs: 'entrustment:perform',
    params: idParams,
    body: performBody,
    response: entrustmentView,
    async handler({ actor, params, body }) {
      return presentEntrustment(await inTransaction((t) => performEntrustment(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/entrustments/:id/cancel',
    summary: 'The unit cancels a pending entrusted draw',
    tags: ['draws'],
    needs: 'meeting:setup',
    params: idParams,
    response: entrustmentView,
    async handler({ actor, params }) {
      return presentEntrustment(await inTransaction((t) => cancelEntrustment(actor, params.id, t)));
    },
  });
}
