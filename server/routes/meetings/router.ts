import { Op, type WhereOptions } from 'sequelize';
import { Meeting, MeetingExpert, MeetingStaff, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { allowedActions, authorize, refuseBeforePasswordChange, type Actor } from '../../policies';
import { loadSetupContext, meetingCommittees, type SetupContext } from '../../commands/setup/context';
import { createMeeting, deleteMeeting, updateMeeting } from '../../commands/setup/meetings';
import { evaluateReadiness } from '../../commands/setup/readiness';
import { decideStandard, reviewPlan, savePlan, saveStandard, setupLog, submitPlan, submitStandard } from '../../commands/setup/reviews';
import { groupsOf, staffOf } from '../../commands/setup/queries';
import { presentLog, presentMeeting } from '../../presenters/setup';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { label, MEETING_PLAN_STATUS_LABELS, MEETING_STATUS_LABELS, STANDARD_STATUS_LABELS } from '../../exports/labels';
import {
  createMeetingBody,
  decision,
  listMeetingsQuery,
  logView,
  meetingDetail,
  meetingListItem,
  planBody,
  readinessView,
  standardBody,
  updateMeetingBody,
} from './schema';

const MEETING_ACTIONS = [
  'meeting:setup',
  'meeting:delete',
  'meeting:roster',
  'meeting:export',
  'draw:audit',
  'plan:handlerReview',
  'plan:officeReview',
  'standard:approve',
  'standard:confirm',
  'group:setLeader',
  'recusal:order',
] as const;

async function detail(actor: Actor, ctx: SetupContext) {
  const { meeting } = ctx;
  const [committees, staffAccountIds, groups, readiness] = await Promise.all([
    meetingCommittees(meeting.id),
    staffOf(meeting.id),
    groupsOf(meeting.id),
    evaluateReadiness(meeting),
  ]);
  const insider = ctx.isStaff || ctx.isOfficeAbove || ctx.isSupervisor;
  return {
    ...presentMeeting(meeting),
    // The plan is the unit's and the office's business, not the experts'.
    planText: insider ? (meeting.planText ?? null) : null,
    committees: committees.map((c) => ({ id: c.id, code: c.code, name: c.name, seriesCode: c.seriesCode })),
    staffAccountIds: insider ? staffAccountIds : [],
    groups,
    readiness,
    me: ctx.me ? { meetingExpertId: ctx.me.id, title: ctx.me.title, groupId: ctx.me.groupId ?? null, isGroupLeader: ctx.me.isGroupLeader } : null,
    can: allowedActions(actor, ctx, MEETING_ACTIONS).filter((a) => applies(a, meeting)),
  };
}

/** Sent to the client to hide buttons: an action is offered only in the state where it can succeed. */
function applies(action: (typeof MEETING_ACTIONS)[number], m: SetupContext['meeting']) {
  const open = m.status === 'setup' || m.status === 'ready';
  switch (action) {
    case 'meeting:setup':
    case 'meeting:delete':
    case 'group:setLeader':
      return open;
    case 'plan:handlerReview':
      return open && m.planStatus === 'submitted';
    case 'plan:officeReview':
      return open && m.planStatus === 'handler_approved';
    case 'standard:approve':
      return open && m.standardStatus === 'submitted';
    case 'standard:confirm':
      return open && m.standardStatus === 'approved';
    default:
      return true;
  }
}

async function readable(actor: Actor, meetingId: number) {
  const ctx = await loadSetupContext(actor, meetingId);
  authorize(actor, 'meeting:read', ctx);
  return ctx;
}

/** The meetings an actor may see: its unit's (and below), those it staffs or sits in as an expert. */
async function visibleWhere(actor: Actor): Promise<WhereOptions<Meeting>> {
  refuseBeforePasswordChange(actor);
  if (actor.role === 'expert') {
    const mine = await MeetingExpert.findAll({ where: { accountId: actor.id }, attributes: ['meetingId'] });
    return { id: { [Op.in]: mine.map((m) => m.meetingId) } };
  }
  if (actor.role !== 'admin' && actor.role !== 'staff' && actor.role !== 'supervisor') return { id: -1 };
  const owners = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id'] });
  const staffed = actor.role === 'supervisor' ? [] : await MeetingStaff.findAll({ where: { accountId: actor.id }, attributes: ['meetingId'] });
  return { [Op.or]: [{ ownerOrgId: { [Op.in]: owners.map((o) => o.id) } }, { id: { [Op.in]: staffed.map((s) => s.meetingId) } }] };
}

/** The list's filters on top of what the actor may see (GET /meetings and its export). */
async function meetingSearch(actor: Actor, query: { state: 'active' | 'history' | 'all'; status?: string }): Promise<WhereOptions<Meeting>> {
  const where: WhereOptions<Meeting>[] = [await visibleWhere(actor)];
  if (query.state === 'active') where.push({ status: { [Op.in]: ['setup', 'ready', 'running'] } });
  if (query.state === 'history') where.push({ status: 'closed' });
  if (query.status) where.push({ status: query.status as never });
  return { [Op.and]: where };
}

/** 评审会议管理: 活跃评审会议 / 历史评审会议, the plan (评审方案) and the scoring standard (评分标准). */
export function registerMeetingRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings',
    summary: 'Review meetings the actor may see: active (setup, ready, running) or history (closed)',
    tags: ['meetings'],
    needs: 'signedIn',
    query: listMeetingsQuery,
    response: pageOf(meetingListItem),
    async handler({ actor, query }) {
      const { rows, count } = await Meeting.findAndCountAll({
        where: await meetingSearch(actor, query),
        order: [['startsAt', 'DESC'], ['id', 'DESC']],
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return { items: rows.map((m) => meetingListItem.parse(presentMeeting(m))), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/export',
    summary: 'The meetings list as a spreadsheet (same filters and visibility as the list)',
    tags: ['meetings'],
    needs: 'signedIn',
    query: listMeetingsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = await meetingSearch(actor, query);
      const rows = byKey(
        [['startsAt', 'DESC'], ['id', 'DESC']],
        (after, order, limit) => Meeting.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }),
        async (list) => {
          const owners = await Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((m) => m.ownerOrgId) } });
          return list.map((m) => ({ ...presentMeeting(m), ownerName: owners.find((o) => o.id === m.ownerOrgId)?.name ?? '' }));
        },
      );
      type Row = ReturnType<typeof presentMeeting> & { ownerName: string };
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评审会议', width: 40, value: (m) => m.name },
        { header: '组建单位', width: 28, value: (m) => m.ownerName },
        { header: '开始时间', width: 18, value: (m) => fmtTime(new Date(m.startsAt)) },
        { header: '结束时间', width: 18, value: (m) => fmtTime(new Date(m.endsAt)) },
        { header: '地点', width: 24, value: (m) => m.address },
        { header: '状态', value: (m) => label(MEETING_STATUS_LABELS, m.status) },
        { header: '评审方案', width: 14, value: (m) => label(MEETING_PLAN_STATUS_LABELS, m.planStatus) },
        { header: '评分标准', width: 14, value: (m) => label(STANDARD_STATUS_LABELS, m.standardStatus) },
      ];
      await streamXlsx(res, query.state === 'history' ? '历史评审会议' : '评审会议', '评审会议', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/meetings',
    summary: 'Create a review meeting of the unit’s committees (unit admin)',
    tags: ['meetings'],
    needs: 'meeting:create',
    body: createMeetingBody,
    response: meetingDetail,
    status: 201,
    async handler({ actor, body }) {
      const m = await inTransaction((t) => createMeeting(actor, body, t));
      return detail(actor, await readable(actor, m.id));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id',
    summary: 'A meeting’s setup: committees, staff, groups, readiness (what still blocks `ready`), the actor’s place and allowed actions',
    tags: ['meetings'],
    needs: 'signedIn',
    params: idParams,
    response: meetingDetail,
    async handler({ actor, params }) {
      return detail(actor, await readable(actor, params.id));
    },
  });

  r.add({
    method: 'patch',
    path: '/meetings/:id',
    summary: 'Change name, times, address, notes, committees, staff, options or vote rules (while in setup or ready)',
    tags: ['meetings'],
    needs: 'meeting:setup',
    params: idParams,
    body: updateMeetingBody,
    response: meetingDetail,
    async handler({ actor, params, body }) {
      await inTransaction((t) => updateMeeting(actor, params.id, body, t));
      return detail(actor, await readable(actor, params.id));
    },
  });

  r.add({
    method: 'delete',
    path: '/meetings/:id',
    summary: 'Delete a meeting that never ran (unit admin)',
    tags: ['meetings'],
    needs: 'meeting:delete',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteMeeting(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/readiness',
    summary: 'What holds the meeting back from `ready` (blocking) and what is worth knowing (warnings)',
    tags: ['meetings'],
    needs: 'signedIn',
    params: idParams,
    response: readinessView,
    async handler({ actor, params }) {
      return evaluateReadiness((await readable(actor, params.id)).meeting);
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/log',
    summary: 'The setup log: plan and standard submissions, approvals, returns, and status moves',
    tags: ['meetings'],
    needs: 'meeting:roster',
    params: idParams,
    response: logView,
    async handler({ actor, params }) {
      const ctx = await loadSetupContext(actor, params.id);
      authorize(actor, 'meeting:roster', ctx);
      return { items: (await setupLog(params.id)).map(presentLog) };
    },
  });

  const step = (path: string, summary: string, run: (actor: Actor, id: number, body: never) => Promise<unknown>, body?: typeof planBody | typeof standardBody | typeof decision) =>
    r.add({
      method: path.endsWith('/plan') || path.endsWith('/standard') ? 'put' : 'post',
      path,
      summary,
      tags: ['meetings'],
      needs: 'signedIn',
      params: idParams,
      body,
      response: meetingDetail,
      async handler({ actor, params, body: b }) {
        await run(actor, params.id, b as never);
        return detail(actor, await readable(actor, params.id));
      },
    });

  step('/meetings/:id/plan', '评审方案: write the plan, normal or special (refused once approved)', (a, id, b: { kind: 'normal' | 'special'; text: string }) =>
    inTransaction((t) => savePlan(a, id, b, t)), planBody);
  step('/meetings/:id/plan/submit', 'Submit the plan: to the handler, then the office above (normal) or the province office (special)', (a, id) =>
    inTransaction((t) => submitPlan(a, id, t)));
  step('/meetings/:id/plan/review', 'Review the plan at its current step: the unit’s handler, then the office (a return needs an opinion)', (a, id, b: { approve: boolean; opinion?: string | null }) =>
    inTransaction((t) => reviewPlan(a, id, b, t)), decision);
  step('/meetings/:id/standard', '评分标准: criteria with weights adding up to 100 and a maximum each', (a, id, b: { criteria: never[] }) =>
    inTransaction((t) => saveStandard(a, id, b.criteria, t)), standardBody);
  step('/meetings/:id/standard/submit', 'Submit the scoring standard for approval', (a, id) => inTransaction((t) => submitStandard(a, id, t)));
  step('/meetings/:id/standard/approve', 'The unit’s leader approves (or returns) the submitted standard', (a, id, b: { approve: boolean; opinion?: string | null }) =>
    inTransaction((t) => decideStandard(a, id, b, 'approve', t)), decision);
  step('/meetings/:id/standard/confirm', '评分标准确认: the chair (主任) confirms (or returns) the approved standard', (a, id, b: { approve: boolean; opinion?: string | null }) =>
    inTransaction((t) => decideStandard(a, id, b, 'confirm', t)), decision);
}
