import { Op } from 'sequelize';
import { Certificate, Committee, Declaration, DeclarationSection, Organisation, TitleSeries } from '../../../models';
import { authorize, type Actor } from '../../policies';
import { LEVELS, LEVEL_LABELS, type DeclarationStatus, type Level } from '../../domain/titles';
import { AGE_BUCKETS, EDUCATION_ORDER, UNIT_LEVEL_LABELS, type StatDimension, type StatMeasure } from '../../domain/after';

/**
 * 评审情况统计表 (seed 002 七 报表查询): how many declarations of one year (or, as a trend, of each
 * year of a span), in the actor's subtree,
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

/** One counted declaration: its row (by the dimension), its level and its year. */
interface Counted {
  key: string;
  level: Level;
  year: number;
}

/**
 * The declarations of `years` in the actor's scope that the measure counts, each with its row key,
 * and every possible row in a stable order (so an empty one shows as 0 rather than vanishing).
 */
async function counted(actor: Actor, years: number[], dimension: StatDimension, measure: StatMeasure) {
  authorize(actor, 'statistics:read', {});
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id', 'code', 'kind', 'level'] });
  const offices = await Organisation.findAll({ where: { kind: 'office' }, attributes: ['id', 'code', 'level'] });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const employerCode = async (ids: number[]) => {
    const missing = [...new Set(ids)].filter((id) => !orgById.has(id));
    if (missing.length) for (const o of await Organisation.findAll({ where: { id: { [Op.in]: missing } }, attributes: ['id', 'code', 'kind', 'level'] })) orgById.set(o.id, o);
  };
  const statusWhere = measure === 'passed' ? { [Op.in]: PASSED } : { [Op.notIn]: NOT_DECLARED };
  // A committee unit's figures are the declarations its committees review, wherever the people work.
  const committees = await Committee.findAll({ where: { ownerOrgId: { [Op.in]: orgs.map((o) => o.id) } }, attributes: ['id'] });
  const scope = committees.length
    ? { [Op.or]: [{ orgId: { [Op.in]: orgs.map((o) => o.id) } }, { committeeId: { [Op.in]: committees.map((c) => c.id) } }] }
    : { orgId: { [Op.in]: orgs.map((o) => o.id) } };
  let decls = await Declaration.findAll({
    where: { year: years.length === 1 ? years[0] : { [Op.in]: years }, status: statusWhere, ...scope },
    attributes: ['id', 'orgId', 'idNumber', 'seriesCode', 'level', 'year'],
  });
  if (measure === 'certified') {
    const certs = await Certificate.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) }, status: 'valid' }, attributes: ['declarationId'] });
    const have = new Set(certs.map((c) => c.declarationId));
    decls = decls.filter((d) => have.has(d.id));
  }
  await employerCode(decls.map((d) => d.orgId));
  const sections =
    dimension === 'education' && decls.length
      ? await DeclarationSection.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) }, sectionKey: { [Op.in]: ['education', 'basicInfo'] } } })
      : [];
  const series = dimension === 'series' ? await TitleSeries.findAll({ attributes: ['code', 'name'], order: [['id', 'ASC']] }) : [];

  const keyOf = (d: Declaration): string => {
    switch (dimension) {
      case 'series':
        return d.seriesCode;
      case 'level':
        return d.level;
      case 'education':
        return educationOf(sections.filter((s) => s.declarationId === d.id));
      case 'unitLevel':
        return unitLevelOf(orgById.get(d.orgId)?.code ?? '', offices);
      case 'age':
        return ageBucket(d.idNumber, d.year);
    }
  };
  const rowKeys: Array<{ key: string; label: string }> =
    dimension === 'series'
      ? series.map((s) => ({ key: s.code, label: s.name }))
      : dimension === 'level'
        ? LEVELS.map((l) => ({ key: l, label: LEVEL_LABELS[l] }))
        : dimension === 'education'
          ? EDUCATION_ORDER.map((e) => ({ key: e, label: e }))
          : dimension === 'unitLevel'
            ? Object.entries(UNIT_LEVEL_LABELS).map(([key, label]) => ({ key, label }))
            : AGE_BUCKETS.map((b) => ({ key: b.key, label: b.label }));
  const items: Counted[] = decls.map((d) => ({ key: keyOf(d), level: d.level as Level, year: d.year }));
  return { rowKeys, items };
}

/** Rows in the stable order, then any key the catalogue does not know (labelled by itself). */
function rowsOf<T extends { key: string; label: string }>(rowKeys: Array<{ key: string; label: string }>, items: Counted[], make: (r: { key: string; label: string }) => T) {
  const rows = rowKeys.map(make);
  for (const it of items) if (!rows.some((r) => r.key === it.key)) rows.push(make({ key: it.key, label: it.key }));
  return rows;
}

export async function statistics(actor: Actor, q: StatQuery) {
  const { rowKeys, items } = await counted(actor, [q.year], q.dimension, q.measure);
  const rows: StatRow[] = rowsOf(rowKeys, items, (r) => ({ ...r, counts: LEVELS.map(() => 0), total: 0 }));
  for (const it of items) {
    const row = rows.find((r) => r.key === it.key)!;
    row.counts[LEVELS.indexOf(it.level)] += 1;
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

/** At most this many years in one trend. */
export const TREND_MAX_YEARS = 15;

export interface TrendQuery {
  from: number;
  to: number;
  dimension: StatDimension;
  measure: StatMeasure;
}

/**
 * 历年评审情况 (by year as a breakdown, not a filter): for every year from `from` to `to`, the
 * measure in the actor's scope per row of the dimension — one number per year, so each row is a
 * series over the years (the chart's lines), with the total of every year.
 */
export async function statisticsTrend(actor: Actor, q: TrendQuery) {
  const years = Array.from({ length: q.to - q.from + 1 }, (_x, i) => q.from + i);
  const { rowKeys, items } = await counted(actor, years, q.dimension, q.measure);
  const rows = rowsOf(rowKeys, items, (r) => ({ ...r, counts: years.map(() => 0), total: 0 }));
  for (const it of items) {
    const row = rows.find((r) => r.key === it.key)!;
    row.counts[years.indexOf(it.year)] += 1;
    row.total += 1;
  }
  const shown = q.dimension === 'series' ? rows.filter((r) => r.total > 0) : rows;
  return {
    from: q.from,
    to: q.to,
    dimension: q.dimension,
    measure: q.measure,
    years,
    rows: shown,
    totals: years.map((_, i) => shown.reduce((s, r) => s + r.counts[i], 0)),
    total: shown.reduce((s, r) => s + r.total, 0),
  };
}

export type Trend = Awaited<ReturnType<typeof statisticsTrend>>;
export type Statistics = Awaited<ReturnType<typeof statistics>>;
