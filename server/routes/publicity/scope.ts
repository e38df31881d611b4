import { Op, Sequelize } from 'sequelize';
import { db } from '../../../models';
import type { Actor } from '../../policies';

/** Publicities and recommendations one sees: a policy reviewer its own org's, anyone else its subtree's. */
export const orgPart = (actor: Actor) =>
  actor.role === 'policy_reviewer'
    ? { orgId: actor.orgId }
    : { orgId: { [Op.in]: Sequelize.literal(`(SELECT id FROM organisations WHERE code LIKE ${db().escape(`${actor.orgCode}%`)})`) } };
