import type { Transaction } from 'sequelize';
import { CommitteeExpert, ExpertRecommendation } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkSpecialties } from './catalogue';
import { committeeSubject, loadCommittee } from './committees';
import { enterLibrary, findOrCreateExpert, type ExpertInput } from './library';

/**
 * 专家推荐 (seed 004 §6.5.4): a unit's admin puts one of its own people forward to a committee (the
 * expert account is made in the unit, as for any of its people); the committee unit accepts — the
 * expert enters its library as pending, to be filed — or refuses with a reason.
 */
export async function recommendExpert(
  actor: Actor,
  input: Omit<ExpertInput, 'employerOrgId'> & { committeeId: number; note?: string | null },
  t: Transaction,
) {
  authorize(actor, 'expertRecommendation:create', { fromOrgId: actor.orgId });
  const c = await loadCommittee(input.committeeId, t, true);
  if (c.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
  await checkSpecialties([c.seriesCode], input.specialties, 'body.specialties', t);
  const found = await findOrCreateExpert(actor, { ...input, employerOrgId: actor.orgId, seriesCode: c.seriesCode, accountOrgId: actor.orgId }, t);
  const entry = await CommitteeExpert.findOne({ where: { committeeId: c.id, expertId: found.expert.id }, transaction: t });
  if (entry && entry.status !== 'removed') throw conflict('already_in_library', 'The expert is already in this library', [{ path: 'body.idNumber', message: entry.status }]);
  const pending = await ExpertRecommendation.count({ where: { committeeId: c.id, expertId: found.expert.id, status: 'pending' }, transaction: t });
  if (pending) throw conflict('already_recommended', 'The expert is already recommended to this committee', [{ path: 'body.idNumber', message: 'pending' }]);
  const rec = await ExpertRecommendation.create(
    { committeeId: c.id, fromOrgId: actor.orgId, expertId: found.expert.id, note: input.note ?? null, createdById: actor.id },
    { transaction: t },
  );
  return { recommendation: rec, ...found };
}

export async function decideRecommendation(actor: Actor, id: number, accept: boolean, opinion: string | null, t: Transaction) {
  const rec = await ExpertRecommendation.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!rec) throw notFound('recommendation');
  const c = await loadCommittee(rec.committeeId, t);
  authorize(actor, 'expertRecommendation:decide', await committeeSubject(c, t));
  if (rec.status !== 'pending') throw conflict('recommendation_decided', `The recommendation is already ${rec.status}`);
  if (!accept && !opinion) throw invalidField('body.opinion', 'opinion_required', 'Say why the recommendation is refused');
  if (accept) await enterLibrary(c.id, rec.expertId, 'recommendation', t);
  Object.assign(rec, { status: accept ? 'accepted' : 'refused', opinion, decidedById: actor.id, decidedAt: new Date() });
  await rec.save({ transaction: t });
  return rec;
}
