/**
 * The benchmark's curve chart: ECharts rendered on the server to SVG (no DOM), then to PNG by
 * screenshotting that SVG in Debian's Chromium through playwright-core (never a downloaded
 * browser). Chinese labels render with Debian's fonts-noto-cjk.
 *
 * `npx tsx bench/chart.ts` draws a sample chart into bench/results/chart-sample.{svg,png}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as echarts from 'echarts';
import { chromium } from 'playwright-core';

export interface CurveSeries {
  name: string;
  points: { x: number; y: number }[];
  /** 0: left axis (default), 1: right axis. */
  yAxis?: 0 | 1;
}

export interface CurveChartOptions {
  title: string;
  xName: string;
  /** Left axis name, and the right axis name when a series uses it. */
  yNames: [string, string?];
  pngPath: string;
  svgPath?: string;
  width?: number;
  height?: number;
  /** Log scale on the x axis (client counts from 500 to 5,000 spread better); default false. */
  xLog?: boolean;
  /** Values written next to the points (default true). */
  labels?: boolean;
}

const PALETTE = ['#2f6fdb', '#d9342b', '#2a9d5b', '#e08a00', '#7b4fc9', '#555555', '#00a3b4'];
const FONT = "'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans', sans-serif";
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The chart as an SVG string (pure; no browser). */
export function curveChartSvg(series: CurveSeries[], opts: Omit<CurveChartOptions, 'pngPath' | 'svgPath'>): string {
  const width = opts.width ?? 960;
  const height = opts.height ?? 540;
  const right = series.some((s) => s.yAxis === 1);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const axisName = { fontSize: 13, color: '#333', fontFamily: FONT };
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    title: { text: opts.title, left: 'center', top: 12, textStyle: { fontSize: 18, fontFamily: FONT, color: '#222' } },
    legend: { top: 46, textStyle: { fontSize: 13, fontFamily: FONT } },
    grid: { left: 80, right: right ? 80 : 40, top: 96, bottom: 64 },
    xAxis: {
      type: opts.xLog ? 'log' : 'value',
      name: opts.xName,
      nameLocation: 'middle',
      nameGap: 32,
      nameTextStyle: axisName,
      axisLabel: { fontSize: 12 },
      splitLine: { show: true, lineStyle: { color: '#eee' } },
      scale: true,
    },
    yAxis: [
      { type: 'value', name: opts.yNames[0], nameTextStyle: axisName, axisLabel: { fontSize: 12 }, splitLine: { lineStyle: { color: '#eee' } } },
      ...(right ? [{ type: 'value', name: opts.yNames[1] ?? '', nameTextStyle: axisName, axisLabel: { fontSize: 12 }, splitLine: { show: false } }] : []),
    ],
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      yAxisIndex: right ? (s.yAxis ?? 0) : 0,
      symbol: 'circle',
      symbolSize: 8,
      lineStyle: { width: 2.5, type: s.yAxis === 1 ? 'dashed' : 'solid' },
      // Values on the points: above for the left axis, below for the right one, so they rarely collide.
      label: { show: opts.labels ?? true, position: s.yAxis === 1 ? 'bottom' : 'top', fontSize: 11, formatter: (p: { value: [number, number] }) => fmt(p.value[1]) },
      labelLayout: { hideOverlap: true },
      data: [...s.points].sort((a, b) => a.x - b.x).map((p) => [p.x, p.y]),
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 100) / 100));

/** Writes the chart as SVG (if `svgPath`) and PNG (Chromium screenshot of the SVG). */
export async function renderCurveChart(series: CurveSeries[], opts: CurveChartOptions): Promise<{ pngPath: string; svgPath?: string; width: number; height: number }> {
  const width = opts.width ?? 960;
  const height = opts.height ?? 540;
  const svg = curveChartSvg(series, { ...opts, width, height });
  if (opts.svgPath) {
    fs.mkdirSync(path.dirname(opts.svgPath), { recursive: true });
    fs.writeFileSync(opts.svgPath, svg);
  }
  fs.mkdirSync(path.dirname(opts.pngPath), { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`);
    // The CJK font must be loaded before the screenshot, or the first frame shows boxes.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.locator('svg').first().screenshot({ path: opts.pngPath, type: 'png' });
  } finally {
    await browser.close();
  }
  return { pngPath: opts.pngPath, svgPath: opts.svgPath, width, height };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  const xs = [500, 1000, 2000, 5000];
  const out = await renderCurveChart(
    [
      { name: '送达延迟 p50 (ms)', points: xs.map((x) => ({ x, y: 2 + x / 800 })) },
      { name: '送达延迟 p99 (ms)', points: xs.map((x) => ({ x, y: 8 + x / 90 })) },
      { name: '服务器 CPU (核)', points: xs.map((x) => ({ x, y: Math.min(2, 0.2 + x / 3500) })), yAxis: 1 },
    ],
    { title: '示例曲线：连接数与延迟、CPU', xName: '已连接客户端数', yNames: ['延迟 (ms)', 'CPU (核)'], pngPath: path.join(dir, 'chart-sample.png'), svgPath: path.join(dir, 'chart-sample.svg') },
  );
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
