// The charts, with Apache ECharts bundled (tree-shaken through echarts/core). Geometry takes numbers;
// every figure a reader sees (labels, legends) is the exact printed string or an exact share. Labels
// are canvas text and legends are built with DOM APIs: nothing a department printed is parsed as
// markup, and no inline style attribute is written, so a strict Content-Security-Policy holds.
import { Exact } from '../../core/exact.ts';
import { percent } from '../amounts.ts';
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridSimpleComponent, type GridComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from '../dom.ts';
import { colon, lang, t } from '../i18n.ts';
import type { Slice, YearFigures } from './figures.ts';

// No tooltip and no legend component: every figure is printed on the chart or listed beside it in
// HTML (legends, tables), so nothing is hidden behind a hover, and the bundle stays smaller.
echarts.use([BarChart, PieChart, GridSimpleComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption>;

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

/** A colour swatch (CSSOM, allowed under style-src 'self'). */
function dot(color: string): HTMLElement {
  const el = h('span', { class: 'chart-dot', 'aria-hidden': 'true' });
  el.style.backgroundColor = color;
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
  /** Shown above the chart (a key to its colours). */
  before?: HTMLElement | null;
  after?: HTMLElement | null;
}

export function pieSummary(slices: Slice[], unit: string): string {
  return slices.map((s) => `${s.code && s.code.length > 3 ? s.code + ' ' : ''}${s.name} ${amountText({ exact: s.value, share: s.share }, unit)}`).join('；');
}

export interface LegendItem {
  color: string;
  name: string;
  value: string;
  share?: string;
  /** A 款 under its 类. */
  sub?: boolean;
}

/** The legend of a ring chart, in HTML: names wrap, figures are exact, screen readers read it. */
export function legendList(items: readonly LegendItem[], unit: string): HTMLElement {
  return h('ul', { class: 'chart-legend' }, items.map((x) => h('li', { class: x.sub ? 'sub' : null },
    dot(x.color),
    h('span', { class: 'chart-legend-name' }, x.name),
    h('span', { class: 'chart-legend-value' }, `${x.value} ${unit}`, x.share !== undefined ? h('span', { class: 'chart-legend-share' }, `${x.share}%`) : null),
  )));
}

const sliceName = (s: Slice) => (s.code && s.code.length > 3 ? `${s.code} ${s.name}` : s.name);

/** A ring of slices, each coloured in turn; shares inside the ring where they fit. */
export function donut(slices: Slice[], unit: string, colors = PALETTE): { option: () => Option; legend: LegendItem[] } {
  const legend = slices.map((s, i) => ({ color: colors[i % colors.length]!, name: sliceName(s), value: s.value, ...(s.share !== undefined ? { share: s.share } : {}) }));
  const option = (): Option => ({
    ...base(),
    series: [{
      type: 'pie', radius: ['42%', '86%'], center: ['50%', '50%'], data: slices.map((s, i) => datum(s, legend[i]!.color)),
      label: { position: 'inside', formatter: (p: any) => (p.data.share !== undefined ? `${p.data.share}%` : ''), color: '#fff', fontSize: 11, fontWeight: 'bold', overflow: 'none' },
      labelLine: { show: false }, minShowLabelAngle: 14,
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
    }],
  });
  return { option, legend };
}

/** 类 in the inner ring, their 款 in the outer ring in lighter tones of the 类's colour. */
export function functionalRings(classes: Slice[], sections: Slice[], unit: string): { option: () => Option; legend: LegendItem[] } {
  const classColor = new Map(classes.map((c, i) => [c.code!, PALETTE[i % PALETTE.length]!]));
  const sectionColor = new Map(sections.map((s, i) => [s.code!, shade(classColor.get(s.parent ?? '') ?? PALETTE[0]!, i + 1)]));
  const legend: LegendItem[] = [];
  for (const c of classes) {
    legend.push({ color: classColor.get(c.code!)!, name: sliceName(c), value: c.value, ...(c.share !== undefined ? { share: c.share } : {}) });
    for (const s of sections.filter((x) => x.parent === c.code)) legend.push({ color: sectionColor.get(s.code!)!, name: sliceName(s), value: s.value, ...(s.share !== undefined ? { share: s.share } : {}), sub: true });
  }
  const option = (): Option => ({
    ...base(),
    series: [
      {
        type: 'pie', radius: [0, '44%'], center: ['50%', '50%'], data: classes.map((c) => datum(c, classColor.get(c.code!))),
        label: { position: 'inner', formatter: (p: any) => (p.data.share !== undefined ? `${p.data.share}%` : ''), color: '#fff', fontSize: 11, fontWeight: 'bold', overflow: 'none' }, minShowLabelAngle: 14,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
      {
        type: 'pie', radius: ['54%', '86%'], center: ['50%', '50%'], data: sections.map((s) => datum(s, sectionColor.get(s.code!))),
        label: { position: 'inside', formatter: (p: any) => (p.data.share !== undefined ? `${p.data.share}%` : ''), color: '#1d2733', fontSize: 11, overflow: 'none' }, minShowLabelAngle: 14,
        labelLine: { show: false }, itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  });
  return { option, legend };
}

/** At most n characters (a CJK character is about one em), with an ellipsis. */
function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** The 款 of one 类 in lighter tones of the 类's colour. */
function shade(hex: string, i: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = [0, 0.3, 0.5, 0.65, 0.75][i % 5]!;
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((x) => Math.round(x + (255 - x) * mix));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export function economicOption(slices: Slice[], unit: string, width = 1000): Option {
  const rows = [...slices].reverse(); // largest on top
  const data = rows.map((s) => datum(s, s.parent === 'personnel' ? PERSONNEL : PUBLIC));
  const narrow = width < 560;
  return {
    ...base(),
    grid: { left: 8, right: narrow ? 48 : 110, top: 6, bottom: 8 },
    xAxis: { type: 'value', axisLabel: { color: '#5a6675' }, splitLine: { lineStyle: { color: '#e3e8ee' } } },
    // Names shortened here rather than by ECharts' truncate, which measures every label.
    yAxis: { type: 'category', data: rows.map((s) => clip(narrow ? s.name : `${s.code} ${s.name}`, narrow ? 8 : 18)), axisLabel: { color: '#1d2733', fontSize: narrow ? 11 : 12 }, axisTick: { show: false } },
    series: [
      { type: 'bar', name: t('groupPersonnel'), data, barMaxWidth: 16, label: { show: true, position: 'right', formatter: (p: any) => (narrow ? p.data.exact : amountText(p.data, '')), color: '#1d2733', fontSize: narrow ? 11 : 12 }, itemStyle: { color: PERSONNEL } },
    ],
  };
}

export const TREND_KEYS = ['income', 'expenditure', 'basic', 'project'] as const;
export const TREND_COLORS = { income: PALETTE[0]!, expenditure: PALETTE[1]!, basic: PALETTE[2]!, project: PALETTE[3]! };

/** A line of swatches naming the series or categories of a bar chart. */
export function keyLine(items: readonly [color: string, label: string][]): HTMLElement {
  return h('ul', { class: 'chart-key' }, items.map(([color, label]) => h('li', null, dot(color), label)));
}

export const economicKey = (): HTMLElement => keyLine([[PERSONNEL, t('groupPersonnel')], [PUBLIC, t('groupPublic')]]);
export const trendKey = (years: YearFigures[]): HTMLElement => keyLine(TREND_KEYS.filter((k) => years.some((y) => y[k] !== undefined)).map((k) => [TREND_COLORS[k], t(TREND_LABEL[k])]));
const TREND_LABEL = { income: 'seriesIncome', expenditure: 'seriesExpenditure', basic: 'seriesBasic', project: 'seriesProject' } as const;

export function trendOption(years: YearFigures[], unit: string): Option {
  const keys = TREND_KEYS.filter((k) => years.some((y) => y[k] !== undefined));
  return {
    ...base(),
    grid: { left: 8, right: 8, top: 12, bottom: 8 },
    xAxis: { type: 'category', data: years.map((y) => (lang === 'zh' ? `${y.year}年` : String(y.year))), axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { color: '#5a6675' }, splitLine: { lineStyle: { color: '#e3e8ee' } } },
    series: keys.map((k) => ({
      type: 'bar' as const, name: t(TREND_LABEL[k]), barMaxWidth: 36, barGap: '15%', itemStyle: { color: TREND_COLORS[k] },
      data: years.map((y) => (y[k] === undefined ? { value: null as unknown as number, exact: undefined } : { value: Number(y[k]), exact: y[k] })),
    })),
  };
}

/** The trend as a table too, with the change on the year before (exact). */
export function trendTable(years: YearFigures[], current: number, unit: string): HTMLElement {
  const keys = TREND_KEYS.filter((k) => years.some((y) => y[k] !== undefined));
  const prev = years.filter((y) => y.year < current).at(-1);
  const cur = years.find((y) => y.year === current);
  const change = (k: (typeof TREND_KEYS)[number]): string => {
    const a = prev?.[k];
    const b = cur?.[k];
    if (a === undefined || b === undefined) return '';
    const pct = percent(Exact.parse(b).minus(Exact.parse(a)).toFixed(), a);
    if (pct === null) return '';
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

/** The widths of the figures' chart boxes, read in one layout pass before any chart is drawn. */
export function measure(figures: readonly { el: HTMLElement }[]): number[] {
  return figures.map((f) => f.el.querySelector<HTMLElement>('.chart')?.clientWidth ?? 0);
}

/** A figure for one chart; draw(width) once the figure is in the document. */
export function chartFigure(spec: ChartSpec): { el: HTMLElement; draw(width?: number): Promise<void> } {
  const canvas = h('div', { class: 'chart', id: `chart-${spec.id}`, role: 'img', 'aria-label': `${spec.title}${colon()}${spec.summary}` });
  canvas.style.height = `${spec.height}px`;
  const el = h('figure', { class: `chart-figure${spec.wide ? ' wide' : ''}`, 'aria-labelledby': `chart-${spec.id}-h` },
    h('h3', { id: `chart-${spec.id}-h`, class: 'chart-title' }, spec.title),
    spec.option ? (spec.before ?? null) : null,
    spec.option ? canvas : h('p', { class: 'chart-empty' }, spec.summary),
    spec.after ?? null,
    h('figcaption', { class: 'chart-note' }, spec.note),
  );
  return {
    el,
    draw(known?: number) {
      if (!spec.option) return Promise.resolve();
      // Given sizes, ECharts does not measure the box: no layout forced between one chart and the next.
      const width = known || canvas.clientWidth;
      const chart = echarts.init(canvas, undefined, { renderer: 'canvas', locale: lang === 'zh' ? 'ZH' : 'EN', width, height: spec.height });
      charts.push(chart);
      observer ??= new ResizeObserver((entries) => {
        for (const e of entries) echarts.getInstanceByDom(e.target as HTMLElement)?.resize({ width: 'auto', height: 'auto' });
      });
      observer.observe(canvas);
      return new Promise<void>((resolve) => {
        chart.on('finished', () => resolve());
        chart.setOption(spec.option!(width));
      });
    },
  };
}
