import type { Transaction } from 'sequelize';
import {
  Declaration,
  FlowEntry,
  Publicity,
  PublicityItem,
  PublicityReport,
  Recommendation,
  RecommendationItem,
  StoredFile,
  type RecommendationDetails,
} from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, can, type Actor } from '../../policies';
import { afterRecommendation, type PositionTo } from '../../domain/declarationFlow';
import type { DeclarationStatus, PublicityKind, Step } from '../../domain/titles';
import { STEP_ACTION } from '../../policies/declaration';
import { factsOf, lockDeclaration, moveTo, subjectOf } from './position';

/**
 * 申报公示 (seed 004 §6.2.2) at the unit, then 单位推荐上报 (§6.2.3); and the committee unit's
 * 拟送评人员名单公示 / 审查未通过公示 (§6.2.7–6.2.8), published by a policy-review account.
 */
export interface PublicityInput {
  kind: PublicityKind;
  title: string;
  content?: string | null;
  startsAt: Date;
  endsAt: Date;
  declarationIds: number[];
}

/** What each kind takes in, and where its declarations go when it is published. */
const KIND: Record<PublicityKind, { from: DeclarationStatus; step: Step; action: string; to: (d: Declaration) => PositionTo }> = {
  unit: { from: 'awaiting_publicity', step: 'publicity', action: 'publicity_open', to: (d) => ({ status: 'in_publicity', step: 'publicity', orgId: d.currentOrgId! }) },
  to_review: { from: 'policy_passed', step: 'publish', action: 'publish_to_review', to: () => ({ status: 'ready_for_meeting', step: null, orgId: null }) },
  failure: { from: 'policy_failed', step: 'publish', action: 'publish_failure', to: () => ({ status: 'returned', step: null, orgId: null }) },
};

/**
 * Locks each declaration and checks it waits at the actor's org and step, in id order so two batches
 * never deadlock. Any one wrong refuses the whole list (a publicity is one document).
 */
async function lockAtMyStep(actor: Actor, ids: number[], status: DeclarationStatus, step: Step, t: Transaction) {
  const uniq = [...new Set(ids)].sort((a, b) => a - b);
  if (uniq.length !== ids.length) throw invalidField('body.declarationIds', 'duplicate_ids', 'A declaration is listed twice');
  const out: Declaration[] = [];
  for (const id of uniq) {
    const d = await lockDeclaration(id, t);
    const s = await subjectOf(d, t);
    if (d.status !== status || !can(actor, STEP_ACTION[step], s)) {
      throw conflict('not_at_your_step', `Declaration ${id} is not waiting here for this`, [{ path: `body.declarationIds.${ids.indexOf(id)}`, message: d.status }]);
    }
    out.push(d);
  }
  return out;
}

async function lastOpinion(declarationId: number, action: string, t: Transaction) {
  const e = await FlowEntry.findOne({ where: { declarationId, action }, order: [['seq', 'DESC']], transaction: t });
  return e?.opinion ?? null;
}

export async function createPublicity(actor: Actor, input: PublicityInput, t: Transaction) {
  authorize(actor, 'publicity:create', { orgId: actor.orgId, kind: input.kind });
  if (input.endsAt <= input.startsAt) throw invalidField('body.endsAt', 'ends_before_start', 'The period must end after it starts');
  const k = KIND[input.kind];
  const decls = await lockAtMyStep(actor, input.declarationIds, k.from, k.step, t);
  const committees = new Set(decls.map((d) => d.committeeId));
  const p = await Publicity.create(
    {
      kind: input.kind,
      orgId: actor.orgId,
      committeeId: committees.size === 1 ? ([...committees][0] ?? null) : null,
      year: decls[0].year,
      title: input.title,
      content: input.content ?? null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      createdById: actor.id,
    },
    { transaction: t },
  );
  for (const d of decls) {
    // The failure list shows why; the applicant reads the same reason in the flow log.
    const note = input.kind === 'failure' ? await lastOpinion(d.id, 'policy_second_fail', t) : null;
    await PublicityItem.create({ publicityId: p.id, declarationId: d.id, note }, { transaction: t });
    if (input.kind === 'failure') d.policyResubmit = true;
    await moveTo(t, d, k.to(d), { action: k.action, actor, opinion: note ?? input.title, forward: false });
  }
  return p;
}

/** 完成公示: after the period, the unit's declarations wait for its recommendation. */
export async function completePublicity(actor: Actor, id: number, t: Transaction) {
  const p = await Publicity.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!p) throw notFound('publicity');
  authorize(actor, 'publicity:complete', { orgId: p.orgId, kind: p.kind });
  if (p.status !== 'open') throw conflict('publicity_completed', 'This publicity is already completed');
  if (p.endsAt > new Date()) throw conflict('publicity_not_over', `The publicity runs until ${p.endsAt.toISOString()}`);
  const items = await PublicityItem.findAll({ where: { publicityId: p.id }, order: [['declarationId', 'ASC']], transaction: t });
  for (const item of items) {
    const d = await lockDeclaration(item.declarationId, t);
    // One the unit returned during the period stays where it is.
    if (d.status !== 'in_publicity' || d.currentOrgId !== p.orgId) continue;
    await moveTo(t, d, { status: 'awaiting_recommendation', step: 'recommend', orgId: p.orgId }, { action: 'publicity_complete', actor, forward: false });
  }
  p.status = 'completed';
  p.completedAt = new Date();
  await p.save({ transaction: t });
  return p;
}

/** 举报: anyone, during the period, against a declaration on the list. */
export async function reportOnPublicity(
  publicityId: number,
  input: { declarationId: number; reporterName?: string; contact?: string; content: string },
  t: Transaction,
) {
  const p = await Publicity.findByPk(publicityId, { transaction: t });
  if (!p) throw notFound('publicity');
  const now = new Date();
  if (p.startsAt > now || p.endsAt < now) throw conflict('publicity_closed', 'Reports are taken only during the publicity period');
  const item = await PublicityItem.findOne({ where: { publicityId: p.id, declarationId: input.declarationId }, transaction: t });
  if (!item) throw invalidField('body.declarationId', 'not_on_list', 'That declaration is not on this list');
  return PublicityReport.create(
    { publicityId: p.id, declarationId: input.declarationId, reporterName: input.reporterName ?? null, contact: input.contact ?? null, content: input.content },
    { transaction: t },
  );
}

export interface RecommendationInput {
  declarationIds: number[];
  handlerName: string;
  handlerPhone: string;
  opinion: string;
  details?: RecommendationDetails;
  fileIds?: number[];
}

/** 单位推荐上报: the unit's handling details and proof, and its declarations go up. */
export async function recommend(actor: Actor, input: RecommendationInput, t: Transaction) {
  authorize(actor, 'recommendation:create', { orgId: actor.orgId });
  const fileIds = input.fileIds ?? [];
  if (fileIds.length) {
    const files = await StoredFile.findAll({ attributes: ['id'], where: { id: fileIds, orgId: actor.orgId, purpose: 'recommendation' }, transaction: t });
    const have = new Set(files.map((f) => f.id));
    const i = fileIds.findIndex((f) => !have.has(f));
    if (i >= 0) throw invalidField(`body.fileIds.${i}`, 'unknown_file', 'Not one of this unit’s proof files');
  }
  const decls = await lockAtMyStep(actor, input.declarationIds, 'awaiting_recommendation', 'recommend', t);
  const rec = await Recommendation.create(
    {
      orgId: actor.orgId,
      year: decls[0].year,
      handlerName: input.handlerName,
      handlerPhone: input.handlerPhone,
      opinion: input.opinion,
      details: input.details ?? {},
      fileIds,
      createdById: actor.id,
    },
    { transaction: t },
  );
  for (const d of decls) {
    await RecommendationItem.create({ recommendationId: rec.id, declarationId: d.id }, { transaction: t });
    await moveTo(t, d, afterRecommendation(factsOf(d, await subjectOf(d, t))), { action: 'recommend', actor, opinion: input.opinion, forward: true });
  }
  return rec;
}
