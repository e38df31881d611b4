import type { Transaction } from 'sequelize';
import { Expert, ExpertProfileLog, Organisation } from '../../../models';
import type { ExpertProfile } from '../../../models/meeting/Expert';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';

/**
 * 专家个人信息 (seed 000 第四章第一节, seed 004 §6.5.2): the expert fills in education, work history,
 * honours, papers… and submits; it climbs a chain of organisations — the employer, then each unit
 * above it up to the first title office (seed 002 四: 单位审查 → 主管单位 → 职改办) — each approving
 * or returning it. Editing an approved profile sends it back to draft.
 */
export interface ProfileInput {
  profile: ExpertProfile;
  phone?: string | null;
  titleName?: string | null;
}

export async function myExpert(actor: Actor, t?: Transaction, lock = false) {
  const e = await Expert.findOne({ where: { accountId: actor.id }, transaction: t, ...(lock && t ? { lock: t.LOCK.UPDATE } : {}) });
  if (!e) throw notFound('expert profile');
  authorize(actor, 'expertProfile:edit', { accountId: e.accountId });
  return e;
}

export async function saveMyProfile(actor: Actor, input: ProfileInput, t: Transaction) {
  const e = await myExpert(actor, t, true);
  if (e.profileStatus === 'submitted') throw conflict('profile_under_review', 'The profile is being reviewed; wait for the answer');
  e.profile = input.profile;
  if (input.phone !== undefined) e.phone = input.phone;
  if (input.titleName !== undefined) e.titleName = input.titleName;
  e.profileStatus = 'draft';
  await e.save({ transaction: t });
  return e;
}

/** The employer and each organisation above it, up to and including the first title office. */
export async function approvalChain(startOrgId: number, t: Transaction): Promise<number[]> {
  const chain: number[] = [];
  let cur = await Organisation.findByPk(startOrgId, { transaction: t });
  while (cur) {
    chain.push(cur.id);
    if (cur.kind === 'office') break;
    cur = cur.parentId ? await Organisation.findByPk(cur.parentId, { transaction: t }) : null;
  }
  return chain;
}

async function log(t: Transaction, e: Expert, action: ExpertProfileLog['action'], actor: Actor, orgId: number | null, opinion: string | null = null) {
  await ExpertProfileLog.create({ expertId: e.id, action, orgId, actorAccountId: actor.id, actorName: actor.name, opinion }, { transaction: t });
}

export async function submitMyProfile(actor: Actor, t: Transaction) {
  const e = await myExpert(actor, t, true);
  if (e.profileStatus === 'submitted') throw conflict('profile_under_review', 'The profile is already submitted');
  if (e.profileStatus === 'approved') throw conflict('profile_approved', 'The profile is approved; change it first');
  const p = e.profile;
  if (!p.education?.length && !p.work?.length) {
    throw invalidField('body.profile', 'profile_incomplete', 'Fill in at least your education or work history first');
  }
  const chain = await approvalChain(e.employerOrgId ?? actor.orgId, t);
  Object.assign(e, { profileStatus: 'submitted', profileChain: chain, profileStep: 0 });
  await e.save({ transaction: t });
  await log(t, e, 'submit', actor, actor.orgId);
  return e;
}

export async function reviewProfile(actor: Actor, expertId: number, approve: boolean, opinion: string | null, t: Transaction) {
  const e = await Expert.findByPk(expertId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!e) throw notFound('expert');
  const stepOrgId = e.profileStatus === 'submitted' && e.profileChain && e.profileStep !== null ? e.profileChain[e.profileStep] : null;
  authorize(actor, 'expertProfile:review', { stepOrgId });
  if (!approve && !opinion) throw invalidField('body.opinion', 'opinion_required', 'Say what to change');
  if (!approve) {
    Object.assign(e, { profileStatus: 'returned', profileStep: null });
    await e.save({ transaction: t });
    await log(t, e, 'return', actor, actor.orgId, opinion);
    return e;
  }
  const next = e.profileStep! + 1;
  const done = next >= e.profileChain!.length;
  Object.assign(e, done ? { profileStatus: 'approved', profileStep: null } : { profileStep: next });
  await e.save({ transaction: t });
  await log(t, e, done ? 'final' : 'approve', actor, actor.orgId, opinion);
  return e;
}

/** The profiles waiting at the actor's organisation. */
export async function profileQueue(actor: Actor) {
  const submitted = await Expert.findAll({ where: { profileStatus: 'submitted' }, order: [['updatedAt', 'ASC']] });
  return submitted.filter((e) => e.profileChain && e.profileStep !== null && e.profileChain[e.profileStep] === actor.orgId);
}

export async function profileLog(expertId: number) {
  return ExpertProfileLog.findAll({ where: { expertId }, order: [['id', 'ASC']] });
}
