import { Op } from 'sequelize';
import { Certificate, Committee, Declaration, DeclarationSection, Organisation, TitleSeries } from '../../../models';
import { authorize, type Actor } from '../../policies';
import { LEVELS, LEVEL_LABELS, type DeclarationStatus, type Level } from '../../domain/titles';
import { AGE_BUCKETS, EDUCATION_ORDER, UNIT_LEVEL_LABELS, type StatDimension, type StatMeasure } from '../../domain/after';

/**
 * 评审情况统计表 (seed 002 七 报表查询): how many declarations of one year, in the actor's subtree,
 * (and, for a committee unit, the declarations its committees review) by series, level, education,
 * unit level or age, each split by level (正高级 … 员级). `declared`
 * counts every submitted declaration, `passed` those whose review result is confirmed, `certified`
 * those holding a valid certificate.
 */
export interface StatQuery {
  year: number;
  dimension: StatDimension;
  measure: StatMeasure;
}

export interface StatRow {
  key: string;
  label: string;
  counts: number[];
  total: number;
}

const NOT_DECLARED: DeclarationStatus[] = ['draft', 'withdrawn'];
const PASSED: DeclarationStatus[] = ['review_passed', 'approved'];
const EDUCATION_RANK = new Map<string, number>(EDUCATION_ORDER.map((e, i) => [e, i]));

/** The highest education of a declaration: the best 学习资历 entry, else the 第一学历. */
function educationOf(sections: DeclarationSection[]): string {
  const edu = sections.find((s) => s.sectionKey === 'education')?.data as { items?: Array<{ educationLevel?: string }> } | undefined;
  const levels = (edu?.items ?? []).map((i) => i.educationLevel ?? '').filter((l) => EDUCATION_RANK.has(l));
  if (levels.length) return levels.sort((a, b) => EDUCATION_RANK.get(a)! - EDUCATION_RANK.get(b)!)[0];
  const first = (sections.find((s) => s.sectionKey === 'basicInfo')?.data as { firstEducation?: string } | undefined)?.firstEducation;
  return first && EDUCATION_RANK.has(first) ? first : '其他';
}

/** 省直 / 市直 / 县属: the level of the nearest title office above the employer. */
function unitLevelOf(orgCode: string, offices: Organisation[]): string {
  const above = offices.filter((o) => orgCode.startsWith(o.code) && o.code !== orgCode).sort((a, b) => b.code.length - a.code.length)[0];
  return above?.level ?? 'other';
}

const ageBucket = (idNumber: string, year: number) => {
  const age = year - Number(idNumber.slice(6, 10));
  return AGE_BUCKETS.find((b) => age <= b.max)!.key;
};

export async function statistics(actor: Actor, q: StatQuery) {
  authorize(actor, 'statistics:read', {});
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id', 'code', 'kind', 'level'] });
  const offices = await Organisation.findAll({ where: { kind: 'office' }, attributes: ['id', 'code', 'level'] });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const employerCode = async (ids: number[]) => {
    const missing = [...new Set(ids)].filter((id) => !orgById.has(id));
    if (missing.length) for (const o of await Organisation.findAll({ where: { id: { [Op.in]: missing } }, attributes: ['id', 'code', 'kind', 'level'] })) orgById.set(o.id, o);
  };
  const statusWhere = q.measure === 'passed' ? { [Op.in]: PASSED } : { [Op.notIn]: NOT_DECLARED };
  // A committee unit's figures are the declarations its committees review, wherever the people work.
  const committees = await Committee.findAll({ where: { ownerOrgId: { [Op.in]: orgs.map((o) => o.id) } }, attributes: ['id'] });
  const scope = committees.length
    ? { [Op.or]: [{ orgId: { [Op.in]: orgs.map((o) => o.id) } }, { committeeId: { [Op.in]: committees.map((c) => c.id) } }] }
    : { orgId: { [Op.in]: orgs.map((o) => o.id) } };
  let decls = await Declaration.findAll({
    where: { year: q.year, status: statusWhere, ...scope },
    attributes: ['id', 'orgId', 'idNumber', 'seriesCode', 'level', 'year'],
  });
  if (q.measure === 'certified') {
    const certs = await Certificate.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) }, status: 'valid' }, attributes: ['declarationId'] });
    const have = new Set(certs.map((c) => c.declarationId));
    decls = decls.filter((d) => have.has(d.id));
  }
  await employerCode(decls.map((d) => d.orgId));
  const sections =
    q.dimension === 'education' && decls.length
      ? await DeclarationSection.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) }, sectionKey: { [Op.in]: ['education', 'basicInfo'] } } })
      : [];
  const series = q.dimension === 'series' ? await TitleSeries.findAll({ attributes: ['code', 'name'], order: [['id', 'ASC']] }) : [];

  const keyOf = (d: Declaration): string => {
    switch (q.dimension) {
      case 'series':
        return d.seriesCode;
      case 'level':
        return d.level;
      case 'education':
        return educationOf(sections.filter((s) => s.declarationId === d.id));
      case 'unitLevel':
        return unitLevelOf(orgById.get(d.orgId)?.code ?? '', offices);
      case 'age':
        return ageBucket(d.idNumber, q.year);
    }
  };
  // Every possible row, in a stable order, so an empty one shows as 0 rather than vanishing.
  const rowKeys: Array<{ key: string; label: string }> =
    q.dimension === 'series'
      ? series.map((s) => ({ key: s.code, label: s.name }))
      : q.dimension === 'level'
        ? LEVELS.map((l) => ({ key: l, label: LEVEL_LABELS[l] }))
        : q.dimension === 'education'
          ? EDUCATION_ORDER.map((e) => ({ key: e, label: e }))
          : q.dimension === 'unitLevel'
            ? Object.entries(UNIT_LEVEL_LABELS).map(([key, label]) => ({ key, label }))
            : AGE_BUCKETS.map((b) => ({ key: b.key, label: b.label }));

  const rows: StatRow[] = rowKeys.map((r) => ({ ...r, counts: LEVELS.map(() => 0), total: 0 }));
  for (const d of decls) {
    const key = keyOf(d);
    let row = rows.find((r) => r.key === key);
    if (!row) rows.push((row = { key, label: key, counts: LEVELS.map(() => 0), total: 0 }));
    row.counts[LEVELS.indexOf(d.level as Level)] += 1;
    row.total += 1;
  }
  // Series nobody declared in are noise in a 12-series catalogue; other dimensions keep their zeros.
  const shown = q.dimension === 'series' ? rows.filter((r) => r.total > 0) : rows;
  return {
    year: q.year,
    dimension: q.dimension,
    measure: q.measure,
    levels: LEVELS.map((l) => ({ key: l, label: LEVEL_LABELS[l] })),
    rows: shown,
    totals: LEVELS.map((_, i) => shown.reduce((s, r) => s + r.counts[i], 0)),
    total: shown.reduce((s, r) => s + r.total, 0),
  };
}

export type Statistics = Awaited<ReturnType<typeof statistics>>;
