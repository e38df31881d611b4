import { Op, type Transaction } from 'sequelize';
import { Filing, Meeting, MeetingApplicant, Organisation, ResultPublicity, VoteRound } from '../../../models';
import { announce } from '../../announce';
import { conflict } from '../../errors';
import { allowedActions, authorize, type Actor } from '../../policies';
import { loadSetupContext, logSetup } from '../setup/context';
import { disableMeetingLogins } from '../setup/logins';
import { meetingRooms } from '../meeting/attendance';
import { collabRightsChangedAfterCommit } from '../../../realtime/collab';

/**
 * 评审会议关闭 (seed 000 第四节(三)): the meeting becomes read-only (every live command answers
 * `meeting_closed`, shared opinions turn read-only), its temporary expert logins stop working,
 * and it moves to the history lists. What comes after (publicity, filing, certificates) goes on.
 */
export async function closeMeeting(actor: Actor, meetingId: number, input: { note?: string | null }, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, 'meeting:close', ctx);
  const { meeting } = ctx;
  if (meeting.status === 'closed') throw conflict('meeting_closed', 'The meeting is closed already');
  if (await VoteRound.count({ where: { meetingId, status: 'open' }, transaction: t })) throw conflict('round_open', 'Close the open vote first');
  const from = meeting.status;
  meeting.status = 'closed';
  meeting.closedAt = new Date();
  await meeting.save({ transaction: t });
  await disableMeetingLogins(meetingId, null, t);
  await logSetup(t, meetingId, 'status', 'closed', actor, input.note ?? null, { from });
  for (const room of meetingRooms(meetingId)) await announce(t, room, 'meeting:status', { meetingId, status: 'closed' });
  collabRightsChangedAfterCommit(t, { meetingId });
  return meeting;
}

export type AfterState = 'results_pending' | 'results_confirmed' | 'in_publicity' | 'publicity_completed' | 'filing' | 'filed';

/**
 * 评审后处理 work list: the meetings the actor's unit ran (or, for an office, its subtree's), with
 * where each stands after the meeting. `history` lists closed meetings (历史评审会议).
 */
export async function afterMeetings(actor: Actor, q: { state: 'open' | 'history' | 'all'; page: number; pageSize: number }) {
  const { where, orgs } = await afterMeetingsScope(actor, q.state);
  const { rows, count } = await Meeting.findAndCountAll({ where, order: AFTER_MEETINGS_ORDER as never, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await presentAfterMeetings(actor, rows, orgs), total: count, page: q.page, pageSize: q.pageSize };
}

/** The list's order (newest first), ending in the id so an export can page by key. */
export const AFTER_MEETINGS_ORDER = [['startsAt', 'DESC'], ['id', 'DESC']] as const;

/** Which meetings the list holds: those of the actor's subtree, in the asked state. */
export async function afterMeetingsScope(actor: Actor, state: 'open' | 'history' | 'all') {
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id', 'name'] });
  const where = {
    ownerOrgId: { [Op.in]: orgs.map((o) => o.id) },
    status: state === 'history' ? 'closed' : state === 'open' ? { [Op.in]: ['running', 'ready'] } : { [Op.in]: ['running', 'ready', 'closed'] },
  };
  return { where, orgs };
}

/** Where each meeting stands after the meeting (one batch of rows at a time). */
export async function presentAfterMeetings(actor: Actor, rows: Meeting[], orgs: Organisation[]) {
  const ids = rows.map((m) => m.id);
  const applicants = await MeetingApplicant.findAll({ where: { meetingId: { [Op.in]: ids } }, attributes: ['meetingId', 'result'] });
  const pubs = await ResultPublicity.findAll({ where: { meetingId: { [Op.in]: ids } } });
  const filings = await Filing.findAll({ where: { meetingId: { [Op.in]: ids } } });
  return Promise.all(
    rows.map(async (m) => {
      const mine = applicants.filter((a) => a.meetingId === m.id);
      const pub = pubs.find((p) => p.meetingId === m.id) ?? null;
      const filing = filings.find((f) => f.meetingId === m.id) ?? null;
      const pending = mine.filter((a) => a.result === 'pending').length;
      const state: AfterState = filing
        ? filing.status === 'passed' ? 'filed' : 'filing'
        : pub
          ? pub.status === 'completed' ? 'publicity_completed' : 'in_publicity'
          : pending === 0 && mine.length > 0 ? 'results_confirmed' : 'results_pending';
      const ctx = await loadSetupContext(actor, m.id);
      return {
        id: m.id,
        name: m.name,
        status: m.status,
        owner: { id: m.ownerOrgId, name: orgs.find((o) => o.id === m.ownerOrgId)?.name ?? '' },
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
        closedAt: m.closedAt ? m.closedAt.toISOString() : null,
        applicants: mine.length,
        passed: mine.filter((a) => a.result === 'passed').length,
        failed: mine.filter((a) => a.result === 'failed').length,
        pending,
        state,
        publicity: pub ? { id: pub.id, status: pub.status, startsOn: pub.startsOn, endsOn: pub.endsOn } : null,
        filing: filing ? { id: filing.id, status: filing.status, filingNumber: filing.filingNumber ?? null } : null,
        can: allowedActions(actor, ctx, ['results:manage', 'meeting:close', 'resultFiling:submit', 'reviewForm:read'] as const),
      };
    }),
  );
}
