import { allowRoom } from '../access';
import { STEPS, type Step } from '../../server/domain/titles';
import type { Permission } from '../../server/domain/accountTypes';

/**
 * Review queues `queue:{orgId}:{step}`: only the org's own people who work that step may listen
 * (staff with the step's permission; policy-review accounts for the policy steps).
 */
const STAFF_STEP: Partial<Record<Step, Permission[]>> = {
  handler: ['qualification.handler_review'],
  leader: ['qualification.leader_review'],
  publicity: ['qualification.publicity'],
  recommend: ['qualification.publicity'],
  assign: ['qualification.entrust_senior', 'qualification.entrust_intermediate'],
  receive: ['qualification.handler_review'],
};
const POLICY_STEPS: Step[] = ['policy_first', 'policy_second', 'publish'];

allowRoom('queue', async (actor, room) => {
  if (actor.mustChangePassword || actor.orgStatus !== 'active' || room.id !== actor.orgId || !room.sub) return false;
  if (!(STEPS as readonly string[]).includes(room.sub)) return false;
  const step = room.sub as Step;
  if (actor.role === 'policy_reviewer') return POLICY_STEPS.includes(step);
  if (actor.role !== 'staff') return false;
  return (STAFF_STEP[step] ?? []).some((p) => actor.permissions.includes(p));
});
