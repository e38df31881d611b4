import type { Transaction } from 'sequelize';
import { Committee, Organisation, TitleQualification, TitleSeries, TitleSpecialty, type Declaration } from '../../models';
import { can, type Actor } from '../policies';
import { subjectsOf } from '../commands/declarations/position';
import { mayActAt } from '../commands/declarations/review';
import { ACTIONS_AT } from '../domain/declarationFlow';
import type { Step } from '../domain/titles';
import { presentDeclaration, type Names } from './declaration';

/** What the actor may do with each declaration, for the client to show or hide buttons. */
function actionsFor(actor: Actor, d: Declaration, s: Awaited<ReturnType<typeof subjectsOf>> extends Map<number, infer S> ? S : never): string[] {
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

/** Declarations with the names a list shows, loaded in a handful of queries. */
export async function presentDeclarations(actor: Actor, decls: Declaration[], t?: Transaction) {
  const ids = <K extends keyof Declaration>(k: K) => [...new Set(decls.map((d) => d[k]).filter((x) => typeof x === 'number'))] as number[];
  const [orgs, quals, specs, committees, series, subjects] = await Promise.all([
    Organisation.findAll({ attributes: ['id', 'code', 'name'], where: { id: [...ids('orgId'), ...ids('currentOrgId')] }, transaction: t }),
    TitleQualification.findAll({ attributes: ['id', 'name'], where: { id: ids('qualificationId') }, transaction: t }),
    TitleSpecialty.findAll({ attributes: ['id', 'code', 'name'], where: { id: ids('specialtyId') }, transaction: t }),
    Committee.findAll({ attributes: ['id', 'code', 'name'], where: { id: ids('committeeId') }, transaction: t }),
    TitleSeries.findAll({ attributes: ['code', 'name'], where: { code: [...new Set(decls.map((d) => d.seriesCode))] }, transaction: t }),
    subjectsOf(decls, t),
  ]);
  const org = new Map(orgs.map((o) => [o.id, o]));
  const qual = new Map(quals.map((q) => [q.id, q.name]));
  const spec = new Map(specs.map((s) => [s.id, s]));
  const com = new Map(committees.map((c) => [c.id, c]));
  const ser = new Map(series.map((s) => [s.code, s.name]));
  return decls.map((d) => {
    const o = org.get(d.orgId);
    const cur = d.currentOrgId ? org.get(d.currentOrgId) : undefined;
    const sp = d.specialtyId ? spec.get(d.specialtyId) : undefined;
    const c = d.committeeId ? com.get(d.committeeId) : undefined;
    const names: Names = {
      org: o ? { id: o.id, code: o.code, name: o.name } : null,
      currentOrg: cur ? { id: cur.id, name: cur.name } : null,
      seriesName: ser.get(d.seriesCode),
      qualificationName: qual.get(d.qualificationId),
      specialty: sp ? { code: sp.code, name: sp.name } : null,
      committee: c ? { id: c.id, code: c.code, name: c.name } : null,
    };
    return presentDeclaration(d, names, actionsFor(actor, d, subjects.get(d.id)!));
  });
}
