// The charts, with Apache ECharts bundled (tree-shaken through echarts/core). Geometry takes numbers;
// every figure a reader sees (labels, tooltips) is the exact printed string or a big.js share.
// Tooltips are DOM nodes built with textContent: no HTML strings, no inline style attributes, so a
// strict Content-Security-Policy holds.
import Big from 'big.js';
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import type { Slice, YearFigures } from './figures.ts';

echarts.use([BarChart, PieChart, GridComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

export const PALETTE = ['#1f4e8c', '#c8102e', '#2a8c82', '#d8962b', '#6b5b95', '#4a90c2', '#8d6e63', '#7d8a96', '#9c3d54', '#5b8c3a'];
const PERSONNEL = '#1f4e8c';
const PUBLIC = '#2a8c82';
const FONT = 'system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

interface Datum {
  name: string;
  value: number;
  exact: string;
  share?: string;
  itemStyle?: { color: string };
}

const charts: echarts.ECharts[] = [];
let observer: ResizeObserver | undefined;

export function disposeCharts(): void {
  observer?.disconnect();
  observer = undefined;
  for (const c of charts.splice(0)) c.dispose();
}

function datum(s: Slice, color?: string): Datum {
  const d: Datum = { name: s.code && s.code.length > 3 ? `${s.code} ${s.name}` : s.name, value: Number(s.value), exact: s.value };
  if (s.share !== undefined) d.share = s.share;
  if (color) d.itemStyle = { color };
  return d;
}

function amountText(d: { exact: string; share?: string }, unit: string): string {
  return `${d.exact} ${unit}${d.share !== undefined ? `（${d.share}%）` : ''}`;
}

function tip(title: string, lines: [string, string, string?][]): HTMLElement {
  return h('div', { class: 'chart-tip' },
    h('strong', null, title),
    lines.map(([label, value, color]) => h('div', { class: 'chart-tip-line' }, color ? dot(color) : null, h('span', null, label), h('span', { class: 'chart-tip-value' }, value))),
  );
}

function dot(color: string): HTMLElement {
  const el = h('span', { class: 'chart-tip-dot' });
  el.style.backgroundColor = color; // CSSOM, allowed under style-src 'self'
  return el;
}

const base = (): Option => ({
  animation: false,
  color: PALETTE,
  textStyle: { fontFamily: FONT, color: '#1d2733' },
});

export interface ChartSpec {
  id: string;
  title: string;
  note: string;
  /** What the chart shows, for screen readers (the figure has role=img). */
  summary: string;
  height: number;
  /** The option for a container this wide, or null when there is nothing to draw. */
  option: ((width: number) => Option) | null;
  wide?: boolean;
  after?: HTMLElement | null;
}

export function pieSummary(slices: Slice[], unit: string): string {
  return slices.map((s) => `${s.code && s.code.length > 3 ? s.code + ' ' : ''}${s.name} ${amountText({ exact: s.value, share: s.share }, unit)}`).join('；');
}

export function donutOption(slices: Slice[], unit: string, colors = PALETTE): Option {
  const data = slices.map((s, i) => datum(s, colors[i % colors.length]));
  return {
    ...base(),
    tooltip: { trigger: 'item', confine: true, formatter: (p: any) => tip(p.data.name, [[t('amountsLabel'), amountText(p.data, unit), p.color]]) },
    series: [{
      type: 'pie', radius: ['40%', '62%'], center: ['50%', '54%'], avoidLabelOverlap: true, data,
      label: {
        formatter: (p: any) => `${p.data.name}\n${p.data.exact}${p.data.share !== undefined ? `  ${p.data.share}%` : ''}`,
        fontSize: 12, lineHeight: 17, color: '#1d2733', alignTo: 'labelLine', edgeDistance: 6, minMargin: 4, overflow: 'none',
      },
      labelLine: { length: 8, length2: 6 },
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
    }],
  };
}

export function functionalOption(classes: Slice[], sections: Slice[], unit: string): Option {
  const classColor = new Map(classes.map((c, i) => [c.code!, PALETTE[i % PALETTE.length]!]));
  const inner = classes.map((c) => datum(c, classColor.get(c.code!)));
  const outer = sections.map((s, i) => {
    const d = datum(s, shade(classColor.get(s.parent ?? '') ?? PALETTE[0]!, i));
    return d;
  });
  return {
    ...base(),
    tooltip: { trigger: 'item', confine: true, formatter: (p: any) => tip(p.data.name, [[t('amountsLabel'), amountText(p.data, unit), p.color]]) },
    series: [
      { type: 'pie', radius: [0, '32%'], center: ['50%', '54%'], data: inner, label: { position: 'inner', formatter: (p: any) => `${p.data.name}`, color: '#fff', fontSize: 11, overflow: 'break', width: 70 }, itemStyle: { borderColor: '#fff', borderWidth: 1 } },
      {
        type: 'pie', radius: ['40%', '58%'], center: ['50%', '54%'], data: outer,
        label: {
          formatter: (p: any) => `${p.data.name}\n${p.data.exact}  ${p.data.share ?? ''}%`,
          fontSize: 12, lineHeight: 16, color: '#1d2733', alignTo: 'labelLine', edgeDistance: 6, minMargin: 4, overflow: 'break', width: 120,
        },
        labelLine: { length: 8, length2: 6 }, itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
}

/** The 款 of one 类 in lighter tones of the 类's colour. */
function shade(hex: string, i: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = [0, 0.25, 0.45, 0.6, 0.7][i % 5]!;
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((x) => Math.round(x + (255 - x) * mix));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export function economicOption(slices: Slice[], unit: string, width = 1000): Option {
  const rows = [...slices].reverse(); // largest on top
  const data = rows.map((s) => datum(s, s.parent === 'personnel' ? PERSONNEL : PUBLIC));
  const narrow = width < 560;
  return {
    ...base(),
    grid: { left: 8, right: narrow ? 48 : 110, top: 30, bottom: 8 },
    legend: { top: 0, left: 0, data: [t('groupPersonnel'), t('groupPublic')], selectedMode: false, itemWidth: 12, itemHeight: 10 },
    tooltip: { trigger: 'item', confine: true, formatter: (p: any) => tip(p.data.name, [[t('amountsLabel'), amountText(p.data, unit), p.color]]) },
    xAxis: { type: 'value', axisLabel: { color: '#5a6675' }, splitLine: { lineStyle: { color: '#e3e8ee' } } },
    yAxis: { type: 'category', data: rows.map((s) => (narrow ? s.name : `${s.code} ${s.name}`)), axisLabel: { color: '#1d2733', fontSize: narrow ? 11 : 12, width: narrow ? 96 : 200, overflow: 'truncate' }, axisTick: { show: false } },
    series: [
      { type: 'bar', name: t('groupPersonnel'), data, barMaxWidth: 16, label: { show: true, position: 'right', formatter: (p: any) => (narrow ? p.data.exact : amountText(p.data, '')), color: '#1d2733', fontSize: narrow ? 11 : 12 }, itemStyle: { color: PERSONNEL } },
      // An empty series for the legend's second entry.
      { type: 'bar', name: t('groupPublic'), data: [], itemStyle: { color: PUBLIC } },
    ],
  };
}

export const TREND_KEYS = ['income', 'expenditure', 'basic', 'project'] as const;
const TREND_LABEL = { income: 'seriesIncome', expenditure: 'seriesExpenditure', basic: 'seriesBasic', project: 'seriesProject' } as const;

export function trendOption(years: YearFigures[], unit: string): Option {
  const keys = TREND_KEYS.filter((k) => years.some((y) => y[k] !== undefined));
  return {
    ...base(),
    grid: { left: 8, right: 8, top: 40, bottom: 8 },
    legend: { top: 0, left: 0, selectedMode: false, itemWidth: 12, itemHeight: 10 },
    tooltip: {
      trigger: 'axis', confine: true, axisPointer: { type: 'shadow' },
      formatter: (ps: any) => {
        const list = Array.isArray(ps) ? ps : [ps];
        return tip(String(list[0]?.axisValue ?? ''), list.map((p: any) => [p.seriesName, p.data?.exact !== undefined ? `${p.data.exact} ${unit}` : '—', p.color] as [string, string, string]));
      },
    },
    xAxis: { type: 'category', data: years.map((y) => (lang === 'zh' ? `${y.year}年` : String(y.year))), axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { color: '#5a6675' }, splitLine: { lineStyle: { color: '#e3e8ee' } } },
    series: keys.map((k) => ({
      type: 'bar' as const, name: t(TREND_LABEL[k]), barMaxWidth: 36, barGap: '15%',
      data: years.map((y) => (y[k] === undefined ? { value: null as unknown as number, exact: undefined } : { value: Number(y[k]), exact: y[k] })),
    })),
  };
}

/** The trend as a table too, with the change on the year before (big.js). */
export function trendTable(years: YearFigures[], current: number, unit: string): HTMLElement {
  const keys = TREND_KEYS.filter((k) => years.some((y) => y[k] !== undefined));
  const prev = years.filter((y) => y.year < current).at(-1);
  const cur = years.find((y) => y.year === current);
  const change = (k: (typeof TREND_KEYS)[number]): string => {
    const a = prev?.[k];
    const b = cur?.[k];
    if (a === undefined || b === undefined || new Big(a).eq(0)) return '';
    const pct = new Big(b).minus(a).times(100).div(a).toFixed(2, Big.roundHalfUp);
    return `${pct.startsWith('-') ? '' : '+'}${pct}%`;
  };
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('chartTrend') },
    h('table', { class: 'fin compact' },
      h('caption', { class: 'sr-only' }, `${t('chartTrend')}（${unit}）`),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'lead' }, t('colItem')),
        years.map((y) => h('th', { scope: 'col', class: 'num' }, lang === 'zh' ? `${y.year}年` : String(y.year))),
        prev && cur ? h('th', { scope: 'col', class: 'num' }, `${t('trendYoY')}（${current}/${prev.year}）`) : null,
      )),
      h('tbody', null, keys.map((k) => h('tr', null,
        h('th', { scope: 'row', class: 'name' }, t(TREND_LABEL[k])),
        years.map((y) => h('td', { class: 'num' }, y[k] ?? '')),
        prev && cur ? h('td', { class: 'num' }, change(k)) : null,
      ))),
    ),
  );
}

/** A figure for one chart; draw() once the figure is in the document. */
export function chartFigure(spec: ChartSpec): { el: HTMLElement; draw(): Promise<void> } {
  const canvas = h('div', { class: 'chart', id: `chart-${spec.id}`, role: 'img', 'aria-label': `${spec.title}：${spec.summary}` });
  canvas.style.height = `${spec.height}px`;
  const el = h('figure', { class: `chart-figure${spec.wide ? ' wide' : ''}`, 'aria-labelledby': `chart-${spec.id}-h` },
    h('h3', { id: `chart-${spec.id}-h`, class: 'chart-title' }, spec.title),
    spec.option ? canvas : h('p', { class: 'chart-empty' }, spec.summary),
    spec.after ?? null,
    h('figcaption', { class: 'chart-note' }, spec.note),
  );
  return {
    el,
    draw() {
      if (!spec.option) return Promise.resolve();
      const chart = echarts.init(canvas, undefined, { renderer: 'canvas', locale: lang === 'zh' ? 'ZH' : 'EN' });
      charts.push(chart);
      observer ??= new ResizeObserver((entries) => {
        for (const e of entries) echarts.getInstanceByDom(e.target as HTMLElement)?.resize();
      });
      observer.observe(canvas);
      return new Promise<void>((resolve) => {
        chart.on('finished', () => resolve());
        chart.setOption(spec.option!(canvas.clientWidth));
      });
    },
  };
}
