import { QueryTypes, type Transaction } from 'sequelize';
import { db, type Declaration } from '../../models';
import { can, type Actor } from '../policies';
import type { DeclarationSubject } from '../policies/declaration';
import { mayActAt } from '../commands/declarations/review';
import { ACTIONS_AT } from '../domain/declarationFlow';
import type { Step } from '../domain/titles';
import { presentDeclaration, type Names } from './declaration';

/** What the actor may do with each declaration, for the client to show or hide buttons. */
function actionsFor(actor: Actor, d: Declaration, s: DeclarationSubject): string[] {
  const out: string[] = [];
  if (can(actor, 'declaration:edit', s)) out.push('edit', 'submit');
  if (can(actor, 'declaration:withdraw', s)) out.push('withdraw');
  if (d.step && mayActAt(actor, s)) out.push(...ACTIONS_AT[d.step as Step]);
  if (d.step === 'publicity' && d.status === 'awaiting_publicity' && mayActAt(actor, s)) out.push('publicity');
  if (d.step === 'recommend' && mayActAt(actor, s)) out.push('recommend');
  if (d.step === 'publish' && mayActAt(actor, s)) out.push('publish');
  const prev = d.prevPosition;
  if (prev?.step && prev.orgId && mayActAt(actor, { ...s, status: prev.status, step: prev.step, currentOrgId: prev.orgId })) out.push('recall');
  return out;
}

interface NameRow {
  k: 'o' | 'q' | 'p' | 'c' | 's';
  id: number | null;
  code: string | null;
  name: string;
  owner: number | null;
}

/**
 * Every name a page of declarations shows, and what its policy subjects need, in one round trip:
 * employers and current orgs (id, code, name), qualifications, specialties (code, name), committees
 * (code, name, owner), series. A page used to take seven queries for them (six here, one more in
 * subjectsOf for the org codes this one already reads); each cost a pool round trip and a model
 * build, which was most of a list request's time in the server.
 */
async function loadNames(decls: Declaration[], t?: Transaction): Promise<NameRow[]> {
  const ids = <K extends keyof Declaration>(...ks: K[]) => [...new Set(decls.flatMap((d) => ks.map((k) => d[k])).filter((x) => typeof x === 'number'))] as number[];
  const parts: string[] = [];
  const replacements: Record<string, unknown> = {};
  const add = (key: string, list: unknown[], sql: string) => {
    if (!list.length) return;
    parts.push(sql);
    replacements[key] = list;
  };
  add('orgs', ids('orgId', 'currentOrgId'), "SELECT 'o' AS k, id, code, name, NULL AS owner FROM organisations WHERE id IN (:orgs)");
  add('quals', ids('qualificationId'), "SELECT 'q' AS k, id, NULL AS code, name, NULL AS owner FROM title_qualifications WHERE id IN (:quals)");
  add('specs', ids('specialtyId'), "SELECT 'p' AS k, id, code, name, NULL AS owner FROM title_specialties WHERE id IN (:specs)");
  add('committees', ids('committeeId'), "SELECT 'c' AS k, id, code, name, owner_org_id AS owner FROM committees WHERE id IN (:committees)");
  add('series', [...new Set(decls.map((d) => d.seriesCode))], "SELECT 's' AS k, NULL AS id, code, name, NULL AS owner FROM title_series WHERE code IN (:series)");
  if (!parts.length) return [];
  return db().query<NameRow>(parts.join(' UNION ALL '), { replacements, type: QueryTypes.SELECT, transaction: t });
}

/** Declarations with the names a list shows, loaded in one query. */
export async function presentDeclarations(actor: Actor, decls: Declaration[], t?: Transaction) {
  const rows = decls.length ? await loadNames(decls, t) : [];
  const of = (k: NameRow['k']) => new Map(rows.filter((r) => r.k === k).map((r) => [Number(r.id), r]));
  const org = of('o');
  const qual = of('q');
  const spec = of('p');
  const com = of('c');
  const ser = new Map(rows.filter((r) => r.k === 's').map((r) => [r.code!, r.name]));
  return decls.map((d) => {
    const o = org.get(d.orgId);
    const cur = d.currentOrgId ? org.get(d.currentOrgId) : undefined;
    const sp = d.specialtyId ? spec.get(d.specialtyId) : undefined;
    const c = d.committeeId ? com.get(d.committeeId) : undefined;
    const names: Names = {
      org: o ? { id: Number(o.id), code: o.code!, name: o.name } : null,
      currentOrg: cur ? { id: Number(cur.id), name: cur.name } : null,
      seriesName: ser.get(d.seriesCode),
      qualificationName: qual.get(d.qualificationId)?.name,
      specialty: sp ? { code: sp.code!, name: sp.name } : null,
      committee: c ? { id: Number(c.id), code: c.code!, name: c.name } : null,
    };
    // The same subject as subjectsOf (commands/declarations/position.ts) makes, from the rows above.
    const subject: DeclarationSubject = {
      applicantId: d.applicantAccountId,
      orgCode: o?.code ?? '',
      status: d.status,
      step: (d.step ?? null) as Step | null,
      currentOrgId: d.currentOrgId ?? null,
      seriesCode: d.seriesCode,
      level: d.level,
      specialtyCode: d.specialtyId ? (sp?.code ?? null) : null,
      committeeOrgId: d.committeeId ? (c?.owner === null || c?.owner === undefined ? null : Number(c.owner)) : null,
      pathOrgIds: d.path,
    };
    return presentDeclaration(d, names, actionsFor(actor, d, subject));
  });
}
