// What the charts and the overview draw, read from a filing by the tables' semantic ids (every
// template uses the same ids). Amounts stay exact decimal strings; shares are computed exactly.
import { Exact } from '../../core/exact.ts';
import { percent } from '../amounts.ts';
import { cellOf, economicCategory, findSection, findTable, levelOf, NA, rowKey, type Filing } from './model.ts';

export interface Slice {
  /** The printed name. */
  name: string;
  code?: string;
  /** The exact printed amount. */
  value: string;
  /** Share of the chart's whole, two decimals, when the whole is not zero. */
  share?: string;
  /** Parent 类 for a 款, or the 人员/公用 category of an economic 款. */
  parent?: string;
}

const amount = (c: unknown): string | undefined => (typeof c === 'string' && c !== NA ? c : undefined);
const positive = (v: string | undefined): v is string => v !== undefined && Exact.parse(v).sign() > 0;

function withShares(slices: Slice[]): Slice[] {
  const total = slices.reduce((s, x) => s.plus(Exact.parse(x.value)), Exact.ZERO).toFixed();
  return slices.map((x) => {
    const share = percent(x.value, total);
    return share === null ? x : { ...x, share };
  });
}

/** The table the functional breakdown reads: 支出决算表 (all funds), else 一般公共预算财政拨款支出决算表. */
function functionalSource(f: Filing): { table: string; column: string } | undefined {
  if (findTable(f, 'expenditure')) return { table: 'expenditure', column: 'total' };
  if (findTable(f, 'general-budget-expenditure')) return { table: 'general-budget-expenditure', column: 'subtotal' };
  return undefined;
}

/** Expenditure by functional 类 (inner) and 款 (outer), non-zero rows only. */
export function functionalBreakdown(f: Filing): { source?: string; classes: Slice[]; sections: Slice[] } {
  const src = functionalSource(f);
  if (!src) return { classes: [], sections: [] };
  const rows = findSection(findTable(f, src.table), 'main')?.rows.filter((r) => r.code && !r.key) ?? [];
  const pick = (level: number) =>
    rows.filter((r) => levelOf(r.code) === level && positive(amount(r.values[src.column])))
      .map((r) => ({ name: r.name, code: r.code!, value: amount(r.values[src.column])!, ...(level > 1 ? { parent: r.code!.slice(0, 3) } : {}) }));
  return { source: src.table, classes: withShares(pick(1)), sections: withShares(pick(2)) };
}

/** 基本支出 and 项目支出 of the 合计 row. */
export function basicProject(f: Filing): { source?: string; slices: Slice[] } {
  const src = functionalSource(f);
  if (!src) return { slices: [] };
  const basic = amount(cellOf(f, src.table, 'main', 'total', 'basic'));
  const project = amount(cellOf(f, src.table, 'main', 'total', 'project'));
  const slices: Slice[] = [];
  if (basic !== undefined) slices.push({ name: '基本支出', value: basic });
  if (project !== undefined) slices.push({ name: '项目支出', value: project });
  return { source: src.table, slices: slices.some((s) => positive(s.value)) ? withShares(slices) : [] };
}

/** 人员经费合计 and 公用经费合计 of 06表. */
export function personnelPublic(f: Filing): { source?: string; slices: Slice[] } {
  const t = 'general-budget-basic-expenditure';
  if (!findTable(f, t)) return { slices: [] };
  const personnel = amount(cellOf(f, t, 'main', 'personnel_total', 'amount'));
  const office = amount(cellOf(f, t, 'main', 'public_total', 'amount'));
  const slices: Slice[] = [];
  if (personnel !== undefined) slices.push({ name: '人员经费', value: personnel });
  if (office !== undefined) slices.push({ name: '公用经费', value: office });
  return { source: t, slices: slices.some((s) => positive(s.value)) ? withShares(slices) : [] };
}

/** Basic expenditure by economic 款 (5-digit codes), non-zero, largest first. */
export function economicItems(f: Filing): { source?: string; slices: Slice[] } {
  const t = 'general-budget-basic-expenditure';
  const rows = findSection(findTable(f, t), 'main')?.rows ?? [];
  const slices = rows
    .filter((r) => r.code && r.code.length === 5 && positive(amount(r.values.amount)))
    .map((r) => ({ name: r.name, code: r.code!, value: amount(r.values.amount)!, parent: economicCategory(r.code!) }))
    .sort((a, b) => Exact.parse(b.value).cmp(Exact.parse(a.value)) || (a.code < b.code ? -1 : 1));
  return rows.length ? { source: t, slices: withShares(slices) } : { slices: [] };
}

export interface YearFigures {
  year: number;
  income?: string;
  expenditure?: string;
  basic?: string;
  project?: string;
}

/** The totals a trend compares: 01表 本年收入合计 and 本年支出合计, 03表 基本 and 项目支出. */
export function yearFigures(f: Filing): YearFigures {
  const src = functionalSource(f);
  const out: YearFigures = { year: f.year };
  const income = amount(cellOf(f, 'income-expenditure', 'income', 'total_income', 'amount'));
  const expenditure = amount(cellOf(f, 'income-expenditure', 'expenditure', 'total_expenditure', 'amount'));
  if (income !== undefined) out.income = income;
  if (expenditure !== undefined) out.expenditure = expenditure;
  if (src) {
    const basic = amount(cellOf(f, src.table, 'main', 'total', 'basic'));
    const project = amount(cellOf(f, src.table, 'main', 'total', 'project'));
    if (basic !== undefined) out.basic = basic;
    if (project !== undefined) out.project = project;
  }
  return out;
}

export interface KeyFigure {
  key: 'figIncome' | 'figExpenditure' | 'figBasic' | 'figProject' | 'figPersonnel' | 'figPublic' | 'figThreePublic' | 'figRunning';
  /** The exact printed cell: an amount, null for a blank, undefined when the table does not carry it. */
  value: string | null;
  /** Share of 本年支出合计, when it makes sense. */
  share?: string;
  /** The element id of the cell, to link to it. */
  cell: { table: string; section: string; row: string; column: string };
}

/** The overview: a few printed figures, each linking to its cell. */
export function keyFigures(f: Filing): KeyFigure[] {
  const src = functionalSource(f);
  const wanted: [KeyFigure['key'], string, string, string, string, boolean][] = [
    ['figIncome', 'income-expenditure', 'income', 'total_income', 'amount', false],
    ['figExpenditure', 'income-expenditure', 'expenditure', 'total_expenditure', 'amount', false],
    ...(src ? ([['figBasic', src.table, 'main', 'total', 'basic', true], ['figProject', src.table, 'main', 'total', 'project', true]] as [KeyFigure['key'], string, string, string, string, boolean][]) : []),
    ['figPersonnel', 'general-budget-basic-expenditure', 'main', 'personnel_total', 'amount', false],
    ['figPublic', 'general-budget-basic-expenditure', 'main', 'public_total', 'amount', false],
    ['figThreePublic', 'three-public', 'main', 'amounts', 'final_total', false],
    ['figRunning', 'related-information', 'running_costs', 'administrative', 'value', false],
  ];
  const total = amount(cellOf(f, 'income-expenditure', 'expenditure', 'total_expenditure', 'amount'))
    ?? (src ? amount(cellOf(f, src.table, 'main', 'total', src.column)) : undefined);
  const out: KeyFigure[] = [];
  for (const [key, table, section, row, column, shared] of wanted) {
    const r = findSection(findTable(f, table), section)?.rows.find((x) => rowKey(x) === row);
    if (!r) continue;
    const cell = r.values[column];
    if (cell === undefined) continue;
    const value = cell === NA ? null : cell;
    const fig: KeyFigure = { key, value, cell: { table, section, row, column } };
    const share = shared && value !== null ? percent(value, total) : null;
    if (share !== null) fig.share = share;
    out.push(fig);
  }
  return out;
}
