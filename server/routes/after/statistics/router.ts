import { z } from 'zod';
import type { Routes } from '../../../http/route';
import { STAT_DIMENSIONS, STAT_MEASURES } from '../../../domain/after';
import { statistics, type Statistics } from '../../../commands/after/statistics';
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

export function registerStatisticsRoutes(r: Routes) {
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
    summary: 'The numbers behind the charts: every dimension as a sheet',
    tags: ['after'],
    needs: 'statistics:read',
    query: statQuery.omit({ dimension: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const sheets = [];
      for (const dimension of STAT_DIMENSIONS) sheets.push(sheetOf(await statistics(actor, { ...query, dimension })));
      await streamWorkbook(res, `评审情况统计表-${query.year}-${MEASURE_LABELS[query.measure]}`, sheets);
    },
  });
}
