import { Op, type Transaction } from 'sequelize';
import { Declaration, MeetingApplicant, ResultItem, ResultPublicity, ResultReport, RoundItem, VoteRound } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { chinaToday, endOfWorkingDays, workingDaysBetween } from '../../domain/workingDays';
import type { ReportStatus } from '../../domain/after';
import { loadSetupContext } from '../setup/context';
import { lockDeclaration, moveMany, moveTo } from '../declarations/position';
import { afterSettings, calendarFrom } from './settings';

/**
 * 评审结果公示 (Art. 26; seed 000 第四节(一), seed 004 §6.2.10.9). The committee unit publishes the
 * confirmed results of a meeting for at least N working days; only then do applicants hear them
 * (their declaration moves, which announces `declaration:status`). The public may report an entry
 * while the period runs; at its end a passed result is confirmed, or held while a report stands.
 */
export interface PublishInput {
  title?: string;
  content?: string | null;
  /** The period in working days (default: the minimum setting) … */
  workingDays?: number;
  /** … or its last day; either way it may not be shorter than the minimum. */
  endsOn?: string;
}

export async function loadPublicityForUpdate(id: number, t: Transaction) {
  const p = await ResultPublicity.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!p) throw notFound('result publicity');
  return p;
}

/** The meeting's results as the chair confirmed them; refuses anything still open or pending. */
export async function confirmedResults(meetingId: number, t?: Transaction) {
  const applicants = await MeetingApplicant.findAll({ where: { meetingId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  if (applicants.length === 0) throw conflict('nothing_to_publish', 'The meeting has no applicants');
  const open = await VoteRound.count({ where: { meetingId, status: 'open' }, transaction: t });
  if (open > 0) throw conflict('round_open', 'A vote is still open');
  const roundIds = [...new Set(applicants.map((a) => a.resultRoundId).filter((x): x is number => !!x))];
  const rounds = roundIds.length ? await VoteRound.findAll({ where: { id: { [Op.in]: roundIds } }, transaction: t }) : [];
  const pending = applicants.filter((a) => {
    const r = rounds.find((x) => x.id === a.resultRoundId);
    return a.result === 'pending' || !r || r.kind !== 'committee' || r.status !== 'confirmed';
  });
  if (pending.length) {
    throw conflict(
      'results_not_confirmed',
      'Some results are not confirmed by the chair',
      pending.map((a) => ({ path: `applicants.${a.blindCode}`, message: 'not confirmed', code: 'results_not_confirmed' })),
    );
  }
  const items = await RoundItem.findAll({ where: { roundId: { [Op.in]: roundIds } }, transaction: t });
  return applicants.map((a) => {
    const r = rounds.find((x) => x.id === a.resultRoundId)!;
    const i = items.find((x) => x.roundId === r.id && x.meetingApplicantId === a.id);
    return { applicant: a, round: r, item: i ?? null };
  });
}

export async function publishResults(actor: Actor, meetingId: number, input: PublishInput, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, 'results:manage', ctx);
  // 演练 (live/copy): a rehearsal decides nothing; its results are never published.
  if (ctx.meeting.rehearsalOfId) throw conflict('rehearsal_not_publishable', 'This meeting is a rehearsal (演练); its results can never be published');
  if (await ResultPublicity.count({ where: { meetingId }, transaction: t })) throw conflict('already_published', 'The results of this meeting are published already');
  const results = await confirmedResults(meetingId, t);
  const taken = await ResultItem.findAll({ where: { declarationId: { [Op.in]: results.map((r) => r.applicant.declarationId) } }, transaction: t });
  if (taken.length) {
    throw conflict(
      'already_published',
      'Some applicants’ results were published with another meeting',
      taken.map((x) => ({ path: 'declarations', message: String(x.declarationId), code: 'already_published' })),
    );
  }

  const { publicityMinWorkingDays: min } = await afterSettings(t);
  const startsOn = chinaToday();
  const cal = await calendarFrom(startsOn, t);
  let days: number;
  let endsOn: string;
  if (input.endsOn) {
    days = workingDaysBetween(startsOn, input.endsOn, cal);
    endsOn = input.endsOn;
    if (days < min) throw invalidField('body.endsOn', 'publicity_too_short', `${startsOn}–${endsOn} has ${days} working days; at least ${min}`);
  } else {
    days = input.workingDays ?? min;
    if (days < min) throw invalidField('body.workingDays', 'publicity_too_short', `At least ${min} working days`);
    endsOn = endOfWorkingDays(startsOn, days, cal);
  }

  const year = Number(startsOn.slice(0, 4));
  const publicity = await ResultPublicity.create(
    {
      meetingId,
      orgId: ctx.meeting.ownerOrgId,
      year,
      title: input.title ?? `${ctx.meeting.name}评审结果公示`,
      content: input.content ?? null,
      startsOn,
      endsOn,
      workingDays: days,
      status: 'open',
      publishedById: actor.id,
    },
    { transaction: t },
  );
  // Every declaration's row locked in one statement, in id order (the order every batch takes them).
  const ids = results.map((r) => r.applicant.declarationId);
  const locked = await Declaration.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']], transaction: t, lock: t.LOCK.UPDATE });
  const byId = new Map(locked.map((d) => [d.id, d]));
  for (const { applicant } of results) {
    const d = byId.get(applicant.declarationId);
    if (!d) throw notFound('declaration');
    if (d.status !== 'ready_for_meeting') {
      throw conflict('declaration_not_ready', `Declaration ${d.id} is ${d.status}, not waiting for a result`, [{ path: `applicants.${applicant.blindCode}`, message: d.status }]);
    }
  }
  await ResultItem.bulkCreate(
    results.map(({ applicant, round, item }, position) => {
      const passed = applicant.result === 'passed';
      return {
        publicityId: publicity.id,
        meetingApplicantId: applicant.id,
        declarationId: applicant.declarationId,
        result: passed ? ('passed' as const) : ('failed' as const),
        members: round.members,
        eligible: item?.eligible ?? null,
        yes: item?.yes ?? null,
        no: item?.no ?? null,
        abstain: item?.abstain ?? null,
        outcome: passed ? ('pending' as const) : ('failed' as const),
        position,
      };
    }),
    { transaction: t },
  );
  // Applicants hear their result the moment this commits, never earlier (one announcement each).
  await moveMany(
    t,
    results.map(({ applicant }) => {
      const passed = applicant.result === 'passed';
      return {
        d: byId.get(applicant.declarationId)!,
        to: { status: passed ? ('result_publicity' as const) : ('review_failed' as const), step: null, orgId: null },
        m: {
          action: 'result_published',
          actor,
          opinion: passed ? `评审通过，公示期 ${startsOn} 至 ${endsOn}（${days}个工作日）` : '评审未通过',
          forward: false,
          atOrgId: ctx.meeting.ownerOrgId,
        },
      };
    }),
  );
  return publicity;
}

/** Open for reports from its first to its last day, until the committee unit completes it. */
export const isRunning = (p: ResultPublicity, today = chinaToday()) => p.status === 'open' && p.startsOn <= today && today <= p.endsOn;

export interface ReportInput {
  itemId: number;
  reporterName?: string | null;
  contact?: string | null;
  content: string;
}

export async function reportOnResult(publicityId: number, input: ReportInput, t: Transaction) {
  const p = await ResultPublicity.findByPk(publicityId, { transaction: t });
  if (!p || p.status !== 'open') throw notFound('open result publicity');
  if (!isRunning(p)) throw conflict('publicity_closed', 'The publicity period is over');
  const item = await ResultItem.findOne({ where: { id: input.itemId, publicityId }, transaction: t });
  if (!item || item.result !== 'passed') throw unprocessable('not_on_list', 'Not on this list', [{ path: 'body.itemId', message: 'not on the list', code: 'not_on_list' }]);
  return ResultReport.create(
    { publicityId, itemId: item.id, reporterName: input.reporterName ?? null, contact: input.contact ?? null, content: input.content },
    { transaction: t },
  );
}

export async function handleReport(actor: Actor, reportId: number, input: { decision: Exclude<ReportStatus, 'open'>; opinion: string }, t: Transaction) {
  const report = await ResultReport.findByPk(reportId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!report) throw notFound('report');
  const p = (await ResultPublicity.findByPk(report.publicityId, { transaction: t }))!;
  authorize(actor, 'results:manage', await loadSetupContext(actor, p.meetingId, t));
  if (report.status !== 'open') throw conflict('report_handled', 'This report was handled already');
  Object.assign(report, { status: input.decision, handlingOpinion: input.opinion, handledById: actor.id, handledAt: new Date() });
  await report.save({ transaction: t });
  return report;
}

/**
 * 完成公示: after the last day. Each passed result is confirmed, unless a report against it is open
 * or found true, or the unit holds it on purpose: then it is held (暂缓) until resolved.
 */
export async function completePublicity(actor: Actor, publicityId: number, input: { hold?: Array<{ itemId: number; note: string }> }, t: Transaction) {
  const p = await loadPublicityForUpdate(publicityId, t);
  authorize(actor, 'results:manage', await loadSetupContext(actor, p.meetingId, t));
  if (p.status !== 'open') throw conflict('publicity_completed', 'The publicity is completed already');
  if (chinaToday() <= p.endsOn) throw conflict('publicity_not_over', `The period runs until ${p.endsOn}`);
  const items = await ResultItem.findAll({ where: { publicityId }, order: [['position', 'ASC']], transaction: t });
  const hold = new Map((input.hold ?? []).map((h) => [h.itemId, h.note]));
  for (const id of hold.keys()) {
    if (!items.some((i) => i.id === id && i.outcome === 'pending')) throw unprocessable('not_on_list', 'Only a passed result on this list can be held', [{ path: 'body.hold', message: String(id), code: 'not_on_list' }]);
  }
  const reports = await ResultReport.findAll({ where: { publicityId, status: { [Op.in]: ['open', 'upheld'] } }, transaction: t });
  for (const item of items.filter((i) => i.outcome === 'pending')) {
    const against = reports.filter((r) => r.itemId === item.id);
    const note = hold.get(item.id) ?? (against.some((r) => r.status === 'upheld') ? '举报经核查属实，暂缓确认' : against.length ? '举报尚在核查，暂缓确认' : null);
    const d = await lockDeclaration(item.declarationId, t);
    item.outcome = note ? 'held' : 'confirmed';
    item.outcomeNote = note;
    item.decidedAt = new Date();
    item.decidedById = actor.id;
    await item.save({ transaction: t });
    await moveTo(t, d, { status: note ? 'result_held' : 'review_passed', step: null, orgId: null }, {
      action: note ? 'result_held' : 'result_confirmed',
      actor,
      opinion: note ?? '公示期满无异议，评审结果确认',
      forward: false,
      atOrgId: p.orgId,
    });
  }
  Object.assign(p, { status: 'completed', completedAt: new Date(), completedById: actor.id });
  await p.save({ transaction: t });
  return p;
}

/** A held result is settled: confirmed after all, or the pass is revoked (取消通过). */
export async function resolveHeld(actor: Actor, itemId: number, input: { outcome: 'confirmed' | 'revoked'; note: string }, t: Transaction) {
  const item = await ResultItem.findByPk(itemId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!item) throw notFound('result');
  const p = (await ResultPublicity.findByPk(item.publicityId, { transaction: t }))!;
  authorize(actor, 'results:manage', await loadSetupContext(actor, p.meetingId, t));
  if (item.outcome !== 'held') throw conflict('item_not_held', 'Only a held result can be settled');
  if (input.outcome === 'confirmed' && (await ResultReport.count({ where: { itemId, status: 'open' }, transaction: t }))) {
    throw conflict('reports_open', 'Handle the open reports first');
  }
  const d = await lockDeclaration(item.declarationId, t);
  Object.assign(item, { outcome: input.outcome, outcomeNote: input.note, decidedAt: new Date(), decidedById: actor.id });
  await item.save({ transaction: t });
  await moveTo(t, d, { status: input.outcome === 'confirmed' ? 'review_passed' : 'review_failed', step: null, orgId: null }, {
    action: input.outcome === 'confirmed' ? 'result_confirmed' : 'result_revoked',
    actor,
    opinion: input.note,
    forward: false,
    atOrgId: p.orgId,
  });
  return item;
}

/** The declaration rows of a publicity's items, for presenting. */
export async function declarationsOf(items: ResultItem[], t?: Transaction) {
  return Declaration.findAll({ where: { id: { [Op.in]: items.map((i) => i.declarationId) } }, transaction: t });
}
