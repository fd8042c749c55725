// The compare page's charts, with ECharts: built as /assets/compare-charts.js and preloaded by
// compare.html, so that it downloads while the page's small entry asks for the data.
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridSimpleComponent, type GridComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridSimpleComponent, CanvasRenderer]);

const charts: echarts.ECharts[] = [];

export function disposeCharts(): void {
  for (const c of charts.splice(0)) c.dispose();
}

export function resizeCharts(): void {
  for (const c of charts) c.resize();
}

/** Horizontal bars: geometry from numbers, every label the exact string. */
export function bars(el: HTMLElement, labels: string[], values: number[], exact: string[]): void {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  const option: echarts.ComposeOption<BarSeriesOption | GridComponentOption> = {
    animation: false,
    grid: { left: 8, right: 90, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#1f4e8c' }, label: { show: true, position: 'right', formatter: (p) => exact[p.dataIndex] ?? '' } }],
  };
  chart.setOption(option);
  charts.push(chart);
}
