import { z } from 'zod';
import type { Routes } from '../../../http/route';
import { STAT_DIMENSIONS, STAT_MEASURES } from '../../../domain/after';
import { statistics, statisticsTrend, TREND_MAX_YEARS, type Statistics, type Trend } from '../../../commands/after/statistics';
import { streamWorkbook, XLSX_MIME, type SheetSpec } from '../../../exports/xlsx';

const statQuery = z
  .object({ year: z.coerce.number().int().min(2000).max(2100), dimension: z.enum(STAT_DIMENSIONS).default('series'), measure: z.enum(STAT_MEASURES).default('declared') })
  .strict();
const statView = z.object({
  year: z.number(),
  dimension: z.enum(STAT_DIMENSIONS),
  measure: z.enum(STAT_MEASURES),
  levels: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.object({ key: z.string(), label: z.string(), counts: z.array(z.number()), total: z.number() })),
  totals: z.array(z.number()),
  total: z.number(),
});

const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
const yearNumber = z.coerce.number().int().min(2000).max(2100);
const trendQuery = z
  .object({ from: yearNumber.optional(), to: yearNumber.optional(), dimension: z.enum(STAT_DIMENSIONS).default('level'), measure: z.enum(STAT_MEASURES).default('declared') })
  .strict()
  .transform((q) => {
    const to = q.to ?? thisYear();
    return { ...q, to, from: q.from ?? to - 4 };
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => q.to - q.from < TREND_MAX_YEARS, { message: `At most ${TREND_MAX_YEARS} years`, path: ['from'] });
const trendView = z.object({
  from: z.number(),
  to: z.number(),
  dimension: z.enum(STAT_DIMENSIONS),
  measure: z.enum(STAT_MEASURES),
  years: z.array(z.number()),
  rows: z.array(z.object({ key: z.string(), label: z.string(), counts: z.array(z.number()), total: z.number() })),
  totals: z.array(z.number()),
  total: z.number(),
});

const DIMENSION_LABELS: Record<(typeof STAT_DIMENSIONS)[number], string> = { series: '按系列', level: '按级别', education: '按学历', unitLevel: '按单位级别', age: '按年龄' };
const MEASURE_LABELS: Record<(typeof STAT_MEASURES)[number], string> = { declared: '申报人数', passed: '评审通过人数', certified: '发证人数' };

function sheetOf(s: Statistics): SheetSpec<Statistics['rows'][number]> {
  return {
    name: DIMENSION_LABELS[s.dimension],
    columns: [
      { header: DIMENSION_LABELS[s.dimension].slice(1), width: 16, value: (r) => r.label },
      ...s.levels.map((l, i) => ({ header: l.label, value: (r: Statistics['rows'][number]) => r.counts[i] })),
      { header: '合计', value: (r) => r.total },
    ],
    rows: [...s.rows, { key: 'total', label: '合计', counts: s.totals, total: s.total }],
  };
}

/** A trend as a sheet: one row per year, one column per row of the dimension (and the total). */
function trendSheet(tr: Trend, name = '按年度'): SheetSpec<number> {
  return {
    name,
    columns: [
      { header: '年度', value: (y) => y },
      ...tr.rows.map((r) => ({ header: r.label, value: (_y: number, i: number) => r.counts[i] })),
      { header: '合计', value: (_y, i) => tr.totals[i] },
    ],
    rows: tr.years,
  };
}

export function registerStatisticsRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/statistics/trend',
    summary: '历年评审情况: each year from..to (default the last five) of my subtree, per row of a dimension (default level)',
    tags: ['after'],
    needs: 'statistics:read',
    query: trendQuery,
    response: trendView,
    async handler({ actor, query }) {
      return statisticsTrend(actor, query);
    },
  });

  r.add({
    method: 'get',
    path: '/statistics/trend/export',
    summary: 'The trend as a spreadsheet: a row per year, a column per row of the dimension',
    tags: ['after'],
    needs: 'statistics:read',
    query: trendQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const tr = await statisticsTrend(actor, query);
      await streamWorkbook(res, `历年评审情况-${tr.from}-${tr.to}-${DIMENSION_LABELS[tr.dimension]}-${MEASURE_LABELS[tr.measure]}`, [trendSheet(tr, `${DIMENSION_LABELS[tr.dimension]}历年`)]);
    },
  });

  r.add({
    method: 'get',
    path: '/statistics',
    summary: '评审情况统计表: one year of my subtree by series, level, education, unit level or age, split by level',
    tags: ['after'],
    needs: 'statistics:read',
    query: statQuery,
    response: statView,
    async handler({ actor, query }) {
      return statistics(actor, query);
    },
  });

  r.add({
    method: 'get',
    path: '/statistics/export',
    summary: 'The numbers behind the charts: every dimension as a sheet, and the five years up to this one (按年度)',
    tags: ['after'],
    needs: 'statistics:read',
    query: statQuery.omit({ dimension: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const sheets = [];
      for (const dimension of STAT_DIMENSIONS) sheets.push(sheetOf(await statistics(actor, { ...query, dimension })));
      // 按年度: the five years up to this one, split by level (the trend the charts draw).
      sheets.push(trendSheet(await statisticsTrend(actor, { from: query.year - 4, to: query.year, dimension: 'level', measure: query.measure })));
      await streamWorkbook(res, `评审情况统计表-${query.year}-${MEASURE_LABELS[query.measure]}`, sheets);
    },
  });
}
