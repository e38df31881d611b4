import { Op, QueryTypes, Sequelize, type WhereOptions } from 'sequelize';
import { db, Declaration, TitleSpecialty } from '../../../models';
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

/**
 * The org ids a list needs, in one round trip: the actor's subtree (by code prefix) and the
 * committees it owns for 申报查询, the subtree of the unit filter (orgId) for both lists. Ids as lists
 * rather than subqueries: with a list the optimizer knows how many declarations a subtree covers,
 * and pages a large one by walking the primary key backwards instead of sorting every row of it.
 */
async function lookups(o: { subtreeOf?: string; ownerOf?: number; unitOf?: number }) {
  const parts: string[] = [];
  const replacements: Record<string, unknown> = {};
  if (o.subtreeOf !== undefined) {
    parts.push("SELECT 't' AS k, id FROM organisations WHERE code LIKE :subtree");
    replacements.subtree = `${o.subtreeOf}%`;
  }
  if (o.ownerOf !== undefined) {
    parts.push("SELECT 'c' AS k, id FROM committees WHERE owner_org_id = :owner");
    replacements.owner = o.ownerOf;
  }
  if (o.unitOf !== undefined) {
    const prefix = db().getDialect() === 'sqlite' ? "u.code || '%'" : "CONCAT(u.code, '%')";
    parts.push(`SELECT 'u' AS k, o.id FROM organisations u JOIN organisations o ON o.code LIKE ${prefix} WHERE u.id = :unit`);
    replacements.unit = o.unitOf;
  }
  const rows = parts.length ? await db().query<{ k: string; id: number }>(parts.join(' UNION ALL '), { replacements, type: QueryTypes.SELECT }) : [];
  const of = (k: string) => rows.filter((r) => r.k === k).map((r) => Number(r.id));
  return { tree: of('t'), owned: of('c'), unit: of('u') };
}

/** The employer filter: the org and its subtree (by code prefix); an unknown org matches nothing. */
function orgWhere(f: Filters, unit: number[]): WhereOptions<Declaration>[] {
  if (!f.orgId) return [];
  return [unit.length ? { orgId: unit } : { orgId: -1 }];
}

/** 待审核: what waits at the actor's org and step. */
export async function queueWhere(actor: Actor, q: Filters & { step: Step }): Promise<WhereOptions<Declaration>> {
  const [scoped, ids] = await Promise.all([scope(actor), q.orgId ? lookups({ unitOf: q.orgId }) : null]);
  return { [Op.and]: [{ currentOrgId: actor.orgId, step: q.step }, ...scoped, ...filterWhere(q), ...orgWhere(q, ids?.unit ?? [])] };
}

/** Above this many, the rows visible outside the subtree are matched by the OR itself, not by id. */
const OUTSIDE_MAX = 500;

/**
 * 申报查询: everything the actor may read. Units and offices: their subtree's submitted declarations,
 * plus what waits at them; committee units: what was assigned to their committees; policy reviewers:
 * their committee unit's, within their scope.
 *
 * For units and offices the three ways in were one OR over different columns, which no index
 * serves: every COUNT read the whole table. Nearly all of what waits at an office, or was assigned
 * to a committee it owns, is in its subtree anyway; so the few rows visible only that way are
 * looked up first (by index, with the same filters) and the list becomes "in the subtree, or one of
 * these ids", which the subtree index answers. The rows are the same; when there are many such
 * rows (a committee unit's) the OR stays.
 */
export async function searchWhere(
  actor: Actor,
  q: Filters & { status?: string; committeeId?: number; handledByMyOrg?: 'true' | 'false' },
): Promise<WhereOptions<Declaration>> {
  const e = (v: string | number) => db().escape(v);
  const isReviewer = actor.role === 'policy_reviewer';
  const [scoped, { tree, owned, unit }] = await Promise.all([
    scope(actor),
    lookups({ ...(isReviewer ? {} : { subtreeOf: actor.orgCode, ownerOf: actor.orgId }), ...(q.orgId ? { unitOf: q.orgId } : {}) }),
  ]);
  const filters: WhereOptions<Declaration>[] = [...scoped, ...filterWhere(q), ...orgWhere(q, unit)];
  if (q.status) filters.push({ status: q.status as Declaration['status'] });
  if (q.committeeId) filters.push({ committeeId: q.committeeId });
  if (q.handledByMyOrg === 'true') {
    filters.push({ id: { [Op.in]: literal(`(SELECT declaration_id FROM declaration_flow WHERE org_id = ${e(actor.orgId)} AND actor_role <> 'applicant')`) } });
  }
  if (isReviewer) {
    return { [Op.and]: [{ committeeId: { [Op.in]: literal(`(SELECT id FROM committees WHERE owner_org_id = ${e(actor.orgId)})`) } }, ...filters] };
  }

  const inSubtree: WhereOptions<Declaration> = { [Op.and]: [{ status: { [Op.ne]: 'draft' } }, { orgId: tree }] };
  // Its negation, spelt so that it is ranges of (current_org_id, org_id, status): outside the
  // subtree, or inside it as a draft (status is never null).
  const notInSubtree: WhereOptions<Declaration> = { [Op.or]: [{ orgId: { [Op.notIn]: tree } }, { [Op.and]: [{ orgId: tree }, { status: 'draft' }] }] };
  const elsewhere: WhereOptions<Declaration>[] = [{ currentOrgId: actor.orgId }, ...(owned.length ? [{ committeeId: owned }] : [])];
  const outside = await Declaration.findAll({
    attributes: ['id'],
    where: { [Op.and]: [{ [Op.or]: elsewhere }, tree.length ? notInSubtree : {}, ...filters] },
    limit: OUTSIDE_MAX + 1,
    raw: true,
  });
  const visible: WhereOptions<Declaration> =
    outside.length === 0
      ? inSubtree
      : outside.length <= OUTSIDE_MAX
        ? { [Op.or]: [inSubtree, { id: outside.map((d) => d.id) }] }
        : { [Op.or]: [inSubtree, ...elsewhere] };
  return { [Op.and]: [visible, ...filters] };
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
