import { Op, Sequelize, type WhereOptions } from 'sequelize';
import { db, Declaration, Organisation, TitleSpecialty } from '../../../models';
import type { Actor } from '../../policies';
import { LEVEL_LABELS, ROUTE_LABELS, STATUS_LABELS, STEP_LABELS, DECLARATION_TYPE_LABELS, type Level, type Step } from '../../domain/titles';
import type { Column } from '../../exports/xlsx';
import { fmtTime } from '../../exports/xlsx';
import type { DeclarationView } from '../../presenters/declaration';

/** The SQL side of the list rules in policies/declaration.ts (so paging counts the right rows). */
const literal = (sql: string) => Sequelize.literal(sql);

async function scope(actor: Actor): Promise<WhereOptions<Declaration>[]> {
  const out: WhereOptions<Declaration>[] = [];
  if (actor.seriesScope.length) out.push({ seriesCode: actor.seriesScope });
  if (actor.role === 'policy_reviewer' && actor.specialtyScope.length) {
    const specs = await TitleSpecialty.findAll({ attributes: ['id'], where: { code: actor.specialtyScope } });
    out.push({ specialtyId: specs.map((s) => s.id) });
  }
  return out;
}

interface Filters {
  seriesCode?: string;
  level?: Level;
  year?: number;
  q?: string;
  orgId?: number;
}

function filterWhere(f: Filters): WhereOptions<Declaration>[] {
  const out: WhereOptions<Declaration>[] = [];
  if (f.seriesCode) out.push({ seriesCode: f.seriesCode });
  if (f.level) out.push({ level: f.level });
  if (f.year) out.push({ year: f.year });
  if (f.q) out.push({ [Op.or]: [{ applicantName: { [Op.like]: `%${f.q}%` } }, { idNumber: f.q.toUpperCase() }] });
  return out;
}

/** The employer filter: the org and its subtree (by code prefix); an unknown org matches nothing. */
async function orgWhere(f: Filters): Promise<WhereOptions<Declaration>[]> {
  if (!f.orgId) return [];
  const org = await Organisation.findByPk(f.orgId, { attributes: ['code'] });
  if (!org) return [{ orgId: -1 }];
  return [{ orgId: { [Op.in]: literal(`(SELECT id FROM organisations WHERE code LIKE ${db().escape(`${org.code}%`)})`) } }];
}

/** 待审核: what waits at the actor's org and step. */
export async function queueWhere(actor: Actor, q: Filters & { step: Step }): Promise<WhereOptions<Declaration>> {
  return { [Op.and]: [{ currentOrgId: actor.orgId, step: q.step }, ...(await scope(actor)), ...filterWhere(q), ...(await orgWhere(q))] };
}

/**
 * 申报查询: everything the actor may read. Units and offices: their subtree's submitted declarations,
 * plus what waits at them; committee units: what was assigned to their committees; policy reviewers:
 * their committee unit's, within their scope.
 */
export async function searchWhere(
  actor: Actor,
  q: Filters & { status?: string; committeeId?: number; handledByMyOrg?: 'true' | 'false' },
): Promise<WhereOptions<Declaration>> {
  const e = (v: string | number) => db().escape(v);
  const ownCommittees = `(SELECT id FROM committees WHERE owner_org_id = ${e(actor.orgId)})`;
  const visible: WhereOptions<Declaration> =
    actor.role === 'policy_reviewer'
      ? { committeeId: { [Op.in]: literal(ownCommittees) } }
      : {
          [Op.or]: [
            { [Op.and]: [{ status: { [Op.ne]: 'draft' } }, { orgId: { [Op.in]: literal(`(SELECT id FROM organisations WHERE code LIKE ${e(`${actor.orgCode}%`)})`) } }] },
            { committeeId: { [Op.in]: literal(ownCommittees) } },
            { currentOrgId: actor.orgId },
          ],
        };
  const and: WhereOptions<Declaration>[] = [visible, ...(await scope(actor)), ...filterWhere(q), ...(await orgWhere(q))];
  if (q.status) and.push({ status: q.status as Declaration['status'] });
  if (q.committeeId) and.push({ committeeId: q.committeeId });
  if (q.handledByMyOrg === 'true') {
    and.push({ id: { [Op.in]: literal(`(SELECT declaration_id FROM declaration_flow WHERE org_id = ${e(actor.orgId)} AND actor_role <> 'applicant')`) } });
  }
  return { [Op.and]: and };
}

/** The columns of every declaration list export. */
export const declarationColumns: Column<DeclarationView & { idNumber?: string }>[] = [
  { header: '序号', width: 6, value: (_r, i) => i + 1 },
  { header: '姓名', value: (r) => r.applicant.name },
  { header: '身份证号', width: 20, value: (r) => r.idNumber },
  { header: '申报单位', width: 28, value: (r) => r.org?.name },
  { header: '年度', width: 8, value: (r) => r.year },
  { header: '系列', value: (r) => r.seriesName },
  { header: '层级', value: (r) => LEVEL_LABELS[r.level] },
  { header: '资格名称', value: (r) => r.qualificationName },
  { header: '专业', value: (r) => r.specialty?.name },
  { header: '评审方式', value: (r) => ROUTE_LABELS[r.route] },
  { header: '申报类别', value: (r) => DECLARATION_TYPE_LABELS[r.declType] },
  { header: '状态', value: (r) => STATUS_LABELS[r.status] },
  { header: '当前环节', value: (r) => (r.step ? STEP_LABELS[r.step] : '') },
  { header: '当前单位', width: 28, value: (r) => r.currentOrg?.name },
  { header: '评委会', width: 28, value: (r) => r.committee?.name },
  { header: '提交时间', width: 18, value: (r) => fmtTime(r.submittedAt ? new Date(r.submittedAt) : null) },
];
