import { Committee, Declaration } from '../../../models';
import { conflict, forbidden, notFound } from '../../errors';
import { can, type Actor } from '../../policies';
import type { DeclarationSubject } from '../../policies/declaration';
import { afterMaterialDeadline, deadlinePassed } from '../../domain/declarationFlow';
import { inTransaction } from '../../tx';
import { lockDeclaration, moveTo, subjectOf } from './position';

/**
 * 材料截止时间: after a committee's material deadline, material it has not received counts as not
 * passed (issue 4; server/areas/declarations.md, "Material deadline").
 *
 * Two halves. At act time the receive step refuses to accept or send back (and the office to recall
 * its assignment) with 409 `material_deadline_passed` (review.ts). And this command, run by the
 * committee unit's handler once the deadline has passed, moves every declaration still waiting at
 * its receive step to `failed` (审查不通过) with a flow entry `material_deadline`, each in its own
 * transaction with the row locked (a receipt that committed just before the deadline stays
 * received), telling the applicant and both queues as every move does. Running it again finds
 * nothing more to do.
 */
export interface DeadlineOutcome {
  committeeId: number;
  materialDeadline: string;
  /** Declarations moved to failed, in id order. */
  failed: number[];
  /** Waiting ones outside the actor's series scope (someone with that series must run it). */
  skipped: number[];
}

const fmt = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

export async function applyMaterialDeadline(actor: Actor, committeeId: number): Promise<DeadlineOutcome> {
  const c = await Committee.findByPk(committeeId);
  if (!c) throw notFound('committee');
  // Whoever works the committee unit's receive step (材料接收) for this series.
  const atReceive: DeclarationSubject = {
    applicantId: 0,
    orgCode: '',
    status: 'assigned',
    step: 'receive',
    currentOrgId: c.ownerOrgId,
    seriesCode: c.seriesCode,
    level: c.levels[0] ?? 'zhongji',
    specialtyCode: null,
    committeeOrgId: c.ownerOrgId,
    pathOrgIds: [],
  };
  if (!can(actor, 'declaration:receive', atReceive)) throw forbidden();
  if (!deadlinePassed(c.materialDeadline)) {
    throw conflict('material_deadline_not_passed', c.materialDeadline ? 'The material deadline has not passed yet' : 'The committee has no material deadline', [
      { path: 'params.id', message: c.materialDeadline ? c.materialDeadline.toISOString() : 'none' },
    ]);
  }
  const deadline = c.materialDeadline!;
  const opinion = `材料接收截止时间（${fmt(deadline)}）前未接收，视为审查不通过`;
  const waiting = await Declaration.findAll({ where: { committeeId: c.id, status: 'assigned', step: 'receive' }, attributes: ['id'], order: [['id', 'ASC']] });
  const out: DeadlineOutcome = { committeeId: c.id, materialDeadline: deadline.toISOString(), failed: [], skipped: [] };
  for (const { id } of waiting) {
    const result = await inTransaction(async (t) => {
      const d = await lockDeclaration(id, t);
      // Looked at again under the lock: it may have been received or terminated meanwhile.
      const decided = afterMaterialDeadline({ status: d.status, step: d.step ?? null });
      if (!decided || d.committeeId !== c.id) return 'gone' as const;
      if (!can(actor, 'declaration:receive', await subjectOf(d, t))) return 'skipped' as const;
      await moveTo(t, d, decided.to, { action: decided.logAction, actor, opinion, forward: decided.forward, atOrgId: d.currentOrgId });
      return 'failed' as const;
    });
    if (result === 'failed') out.failed.push(id);
    else if (result === 'skipped') out.skipped.push(id);
  }
  return out;
}
