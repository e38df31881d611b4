import { For, Show, createMemo } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { StatDimension, StatMeasure, Stats, Trend } from '../../api/after';
import { PageHeader } from '../../components/Layout';
import { lang, t, tx } from '../../i18n';
import { getStatistics, getTrend } from '../../stores/after';
import { Chart, type ChartOption } from './Chart';
import { ExportButton, Tabs, one } from './common';

const DIMENSIONS: StatDimension[] = ['series', 'level', 'education', 'unitLevel', 'age'];
const MEASURES: StatMeasure[] = ['declared', 'passed', 'certified'];
const COLORS = ['#b91c1c', '#d97706', '#2563eb', '#059669', '#7c3aed'];

/** Labels the server sends in Chinese are translated where the English dictionary knows them. */
const rowLabel = (s: Stats | Trend, key: string, label: string) => (lang() === 'en' ? tx(`after.stat.${s.dimension}.${key}`, label) : label);
const levelLabel = (key: string, label: string) => (lang() === 'en' ? tx(`after.level.${key}`, label) : label);

/**
 * 评审情况统计表 (seed 002 七): one year of the user's subtree by series, level, education, unit
 * level or age, split by level; a stacked bar chart and a pie, the table under them, and the
 * numbers of every dimension as a workbook. Below, the same dimension over the five years up to
 * the chosen one (历年趋势): a line per row, the total dashed, and its numbers as a workbook.
 */
export default function StatisticsPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = () => Number(one(params.year)) || thisYear;
  const dimension = () => (one(params.dim) as StatDimension) || 'series';
  const measure = () => (one(params.measure) as StatMeasure) || 'declared';
  const stats = createAsync(() => getStatistics({ year: year(), dimension: dimension(), measure: measure() }));
  const trendQuery = () => ({ from: year() - 4, to: year(), dimension: dimension(), measure: measure() });
  const trend = createAsync(() => getTrend(trendQuery()));

  const bar = createMemo<ChartOption | null>(() => {
    const s = stats();
    if (!s) return null;
    return {
      color: COLORS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: s.rows.map((r) => rowLabel(s, r.key, r.label)), axisLabel: { interval: 0, rotate: s.rows.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: s.levels.map((l, i) => ({ name: levelLabel(l.key, l.label), type: 'bar', stack: 'total', emphasis: { focus: 'series' }, data: s.rows.map((r) => r.counts[i]) })),
    };
  });
  const pie = createMemo<ChartOption | null>(() => {
    const s = stats();
    if (!s) return null;
    return {
      color: COLORS,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data: s.levels.map((l, i) => ({ name: levelLabel(l.key, l.label), value: s.totals[i], itemStyle: { color: COLORS[i] } })).filter((x) => x.value > 0), label: { formatter: '{b}\n{c}' } }],
    };
  });

  const line = createMemo<ChartOption | null>(() => {
    const tr = trend();
    if (!tr) return null;
    const rows = tr.rows.filter((r) => r.total > 0);
    return {
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: 'category', boundaryGap: false, data: tr.years.map(String) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...rows.map((r) => ({ name: rowLabel(tr, r.key, r.label), type: 'line', smooth: false, symbolSize: 7, data: r.counts })),
        { name: t('after.total'), type: 'line', lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#374151' }, symbolSize: 7, data: tr.totals },
      ],
    };
  });

  return (
    <div class="after-page">
      <PageHeader title={t('after.statistics')}>
        <ExportButton path="/statistics/export" query={{ year: year(), measure: measure() }} label={t('after.exportNumbers')} />
      </PageHeader>
      <div class="filters card">
        <select aria-label={t('after.year')} value={String(year())} onChange={(e) => setParams({ year: e.currentTarget.value })}>
          <For each={[0, 1, 2, 3, 4].map((d) => thisYear - d)}>{(y) => <option value={String(y)}>{t('after.yearN', { n: y })}</option>}</For>
        </select>
        <select aria-label={t('after.measure')} value={measure()} onChange={(e) => setParams({ measure: e.currentTarget.value })} data-testid="measure">
          <For each={MEASURES}>{(m) => <option value={m}>{tx(`after.measure.${m}`)}</option>}</For>
        </select>
      </div>
      <Tabs tabs={DIMENSIONS} current={dimension()} label={(d) => tx(`after.dim.${d}`)} onSelect={(d) => setParams({ dim: d })} />
      <Show when={stats()}>
        {(s) => (
          <>
            <div class="chart-grid">
              <section class="card">
                <h2>{t('after.chartTitle', { year: s().year, measure: tx(`after.measure.${s().measure}`), dim: tx(`after.dim.${s().dimension}`) })}</h2>
                <Show when={s().total > 0} fallback={<p class="muted">{t('after.noData')}</p>}>
                  <Chart option={bar()!} label={t('after.barChart')} height={340} />
                </Show>
              </section>
              <section class="card">
                <h2>{t('after.byLevel', { total: s().total })}</h2>
                <Show when={s().total > 0} fallback={<p class="muted">{t('after.noData')}</p>}>
                  <Chart option={pie()!} label={t('after.pieChart')} height={340} />
                </Show>
              </section>
            </div>
            <div class="table-wrap card">
              <table class="stats-table" data-testid="stats-table">
                <thead>
                  <tr>
                    <th>{tx(`after.dim.${s().dimension}`)}</th>
                    <For each={s().levels}>{(l) => <th class="num">{levelLabel(l.key, l.label)}</th>}</For>
                    <th class="num">{t('after.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().rows}>
                    {(r) => (
                      <tr>
                        <td data-label={tx(`after.dim.${s().dimension}`)}>{rowLabel(s(), r.key, r.label)}</td>
                        <For each={r.counts}>{(c, i) => <td class="num" data-label={levelLabel(s().levels[i()].key, s().levels[i()].label)}>{c}</td>}</For>
                        <td class="num strong" data-label={t('after.total')}>
                          {r.total}
                        </td>
                      </tr>
                    )}
                  </For>
                  <tr class="totals">
                    <td>{t('after.total')}</td>
                    <For each={s().totals}>{(c) => <td class="num">{c}</td>}</For>
                    <td class="num strong">{s().total}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <Show when={trend()}>
              {(tr) => (
                <section class="card" data-testid="trend">
                  <div class="card-head">
                    <h2>{t('after.trendTitle', { from: tr().from, to: tr().to, measure: tx(`after.measure.${tr().measure}`), dim: tx(`after.dim.${tr().dimension}`) })}</h2>
                    <ExportButton class="small" path="/statistics/trend/export" query={trendQuery()} label={t('after.exportTrend')} />
                  </div>
                  <Show when={tr().total > 0} fallback={<p class="muted">{t('after.noData')}</p>}>
                    <Chart option={line()!} label={t('after.lineChart')} height={300} />
                  </Show>
                  <div class="table-wrap">
                    <table class="stats-table" data-testid="trend-table">
                      <thead>
                        <tr>
                          <th>{t('after.year')}</th>
                          <For each={tr().rows.filter((r) => r.total > 0)}>{(r) => <th class="num">{rowLabel(tr(), r.key, r.label)}</th>}</For>
                          <th class="num">{t('after.total')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={tr().years}>
                          {(y, i) => (
                            <tr>
                              <td data-label={t('after.year')}>{y}</td>
                              <For each={tr().rows.filter((r) => r.total > 0)}>
                                {(r) => (
                                  <td class="num" data-label={rowLabel(tr(), r.key, r.label)}>
                                    {r.counts[i()]}
                                  </td>
                                )}
                              </For>
                              <td class="num strong" data-label={t('after.total')}>
                                {tr().totals[i()]}
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </section>
              )}
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
