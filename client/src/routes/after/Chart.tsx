import { createEffect, onCleanup, onMount } from 'solid-js';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts canvas that follows its option and its box's size. */
export function Chart(props: { option: ChartOption; label: string; height?: number }) {
  let box!: HTMLDivElement;
  let chart: echarts.ECharts | undefined;
  onMount(() => {
    chart = echarts.init(box, undefined, { renderer: 'canvas' });
    const ro = new ResizeObserver(() => chart?.resize());
    ro.observe(box);
    onCleanup(() => {
      ro.disconnect();
      chart?.dispose();
    });
  });
  createEffect(() => chart?.setOption(props.option, { notMerge: true }));
  return <div ref={box} class="chart" role="img" aria-label={props.label} style={{ height: `${props.height ?? 320}px` }} />;
}
