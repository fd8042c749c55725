// Meanings in each template's own layout. A rule names the meaning of the figures it relates ("the year-end
// balance of each fund", "人员经费"); the template says which table, row and column print it (TableDef.meanings):
// Shanxi's 04表 prints the year-end balance by fund as sub-rows 61–63 and again in the fund columns of line 60,
// Shanghai's only in the columns of one row; 三公 prints 预算数 and 决算数 side by side or in tables of their own;
// 06表 keeps 人员经费 and 公用经费 in one column group or in two. A meaning no table of the template lays out is
// skipped with that reason.
import type { Meaning, Place, TableId, Template } from '../templates/types.ts';
import type { Bilingual } from './finding.ts';

export type { Meaning, Place };
export type Params = Readonly<Record<string, string>>;

interface Known {
  readonly zh: string;
  readonly en: string;
  /** The table that prints it in the national layout: where a finding about its absence points. */
  readonly home: TableId;
}

const k = (home: TableId, zh: string, en: string): Known => ({ home, zh, en });

/** What each meaning is, in words: the reason a rule gives when a template lacks it. */
export const MEANINGS: { readonly [M in Meaning]: Known } = {
  'summary.income.total': k('income-expenditure', '收入支出决算总表本年收入合计', 'the summary\'s total income'),
  'summary.income.line': k('income-expenditure', '收入支出决算总表各项收入', 'the summary\'s income lines'),
  'summary.income.balance-used': k('income-expenditure', '收入支出决算总表使用非财政拨款结余和专用结余', 'the summary\'s non-fiscal balances used'),
  'summary.income.opening': k('income-expenditure', '收入支出决算总表年初结转和结余', 'the summary\'s opening balance'),
  'summary.income.grand-total': k('income-expenditure', '收入支出决算总表收入总计', 'the summary\'s income grand total'),
  'summary.expenditure.class': k('income-expenditure', '收入支出决算总表各功能分类支出', 'the summary\'s expenditure by functional class'),
  'summary.expenditure.total': k('income-expenditure', '收入支出决算总表本年支出合计', 'the summary\'s total expenditure'),
  'summary.expenditure.distribution': k('income-expenditure', '收入支出决算总表结余分配', 'the summary\'s balance distribution'),
  'summary.expenditure.year-end': k('income-expenditure', '收入支出决算总表年末结转和结余', 'the summary\'s year-end balance'),
  'summary.expenditure.grand-total': k('income-expenditure', '收入支出决算总表支出总计', 'the summary\'s expenditure grand total'),
  'income.total': k('income', '收入决算表本年收入合计', 'total income (02)'),
  'income.fiscal': k('income', '收入决算表财政拨款收入', 'fiscal appropriation income (02)'),
  'income.line': k('income', '收入决算表各项收入', 'the income columns (02)'),
  'expenditure.total': k('expenditure', '支出决算表本年支出合计', 'total expenditure (03)'),
  'expenditure.basic': k('expenditure', '支出决算表基本支出', 'basic expenditure (03)'),
  'expenditure.project': k('expenditure', '支出决算表项目支出', 'project expenditure (03)'),
  'expenditure.line': k('expenditure', '支出决算表各项支出', 'the expenditure columns (03)'),
  'fiscal.income.total': k('fiscal-income-expenditure', '财政拨款本年收入合计', 'fiscal appropriations: total income'),
  'fiscal.income.fund': k('fiscal-income-expenditure', '分资金来源的财政拨款收入', 'fiscal appropriation income by fund'),
  'fiscal.opening': k('fiscal-income-expenditure', '年初财政拨款结转和结余', 'the opening balance of appropriations'),
  'fiscal.opening.fund': k('fiscal-income-expenditure', '分资金来源的年初财政拨款结转和结余', 'the opening balance by fund'),
  'fiscal.income.grand-total': k('fiscal-income-expenditure', '财政拨款收入总计', 'fiscal appropriations: income grand total'),
  'fiscal.expenditure.total': k('fiscal-income-expenditure', '财政拨款本年支出合计', 'fiscal appropriations: total expenditure'),
  'fiscal.expenditure.fund': k('fiscal-income-expenditure', '分资金来源的财政拨款本年支出合计', 'fiscal appropriation expenditure by fund'),
  'fiscal.expenditure.class': k('fiscal-income-expenditure', '财政拨款各功能分类支出', 'fiscal appropriation expenditure by functional class'),
  'fiscal.expenditure.class.fund': k('fiscal-income-expenditure', '分资金来源的财政拨款各功能分类支出', 'fiscal appropriation expenditure by class and fund'),
  'fiscal.year-end': k('fiscal-income-expenditure', '年末财政拨款结转和结余', 'the year-end balance of appropriations'),
  'fiscal.year-end.fund': k('fiscal-income-expenditure', '分资金来源的年末财政拨款结转和结余', 'the year-end balance by fund'),
  'fiscal.grand-total': k('fiscal-income-expenditure', '财政拨款支出总计', 'fiscal appropriations: expenditure grand total'),
  'fiscal.grand-total.fund': k('fiscal-income-expenditure', '分资金来源的财政拨款支出总计', 'the expenditure grand total by fund'),
  'general.total': k('general-budget-expenditure', '一般公共预算财政拨款支出合计', 'general budget appropriations: total expenditure'),
  'general.basic': k('general-budget-expenditure', '一般公共预算财政拨款基本支出', 'general budget appropriations: basic expenditure'),
  'general.project': k('general-budget-expenditure', '一般公共预算财政拨款项目支出', 'general budget appropriations: project expenditure'),
  'government-fund.total': k('government-fund', '政府性基金预算财政拨款支出合计', 'government fund appropriations: total expenditure'),
  'government-fund.basic': k('government-fund', '政府性基金预算财政拨款基本支出', 'government fund appropriations: basic expenditure'),
  'government-fund.project': k('government-fund', '政府性基金预算财政拨款项目支出', 'government fund appropriations: project expenditure'),
  'state-capital.total': k('state-capital', '国有资本经营预算财政拨款支出合计', 'state capital appropriations: total expenditure'),
  'state-capital.basic': k('state-capital', '国有资本经营预算财政拨款基本支出', 'state capital appropriations: basic expenditure'),
  'state-capital.project': k('state-capital', '国有资本经营预算财政拨款项目支出', 'state capital appropriations: project expenditure'),
  'basic.personnel': k('general-budget-basic-expenditure', '人员经费合计', 'personnel expenses'),
  'basic.public': k('general-budget-basic-expenditure', '公用经费合计', 'public expenses'),
  'basic.item': k('general-budget-basic-expenditure', '基本支出经济分类科目', 'basic expenditure by economic code'),
  'three-public.budget': k('three-public', '“三公”经费预算数', 'the 三公 budget'),
  'three-public.final': k('three-public', '“三公”经费决算数', 'the 三公 actuals'),
  'procurement.total': k('related-information', '政府采购合计', 'total government procurement'),
  'procurement.kind': k('related-information', '政府采购货物、工程、服务', 'procurement of goods, works and services'),
  'running-costs.administrative': k('related-information', '机关运行经费（行政单位）', 'running costs of administrative units'),
  'running-costs.civil-service': k('related-information', '机关运行经费（参照公务员法管理事业单位）', 'running costs of units managed as civil service'),
  'assets.vehicles': k('related-information', '车辆数合计', 'the number of vehicles'),
  'assets.vehicles.use': k('related-information', '分用途车辆数', 'vehicles by use'),
  'assets.equipment': k('related-information', '单价100万元以上设备数', 'equipment over 1 million yuan'),
};

export interface Layout {
  readonly table: TableId;
  readonly places: readonly Place[];
}

const indexes = new WeakMap<Template, ReadonlyMap<Meaning, Layout>>();

/** Where a template lays out each meaning (built once a template). */
export function layoutOf(template: Template, meaning: Meaning): Layout | undefined {
  let index = indexes.get(template);
  if (!index) {
    const built = new Map<Meaning, Layout>();
    for (const t of template.tables) {
      for (const [m, p] of Object.entries(t.meanings ?? {}) as [Meaning, Place | readonly Place[]][]) {
        if (!built.has(m)) built.set(m, { table: t.id, places: Array.isArray(p) ? p : [p as Place] });
      }
    }
    indexes.set(template, (index = built));
  }
  return index.get(meaning);
}

/** A row or column key with its parameters filled in: class_{code} → class_201. */
export function fill(key: string, params: Params): string {
  let parts = compiled.get(key);
  if (!parts) compiled.set(key, (parts = key.split(/\{(\w+)\}/)));
  if (parts.length === 1) return key;
  // Literal, name, literal, name, …: no regex a call (the engine fills thousands of keys a run).
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += (params[parts[i]!] ?? `{${parts[i]}}`) + parts[i + 1]!;
  return out;
}

const compiled = new Map<string, string[]>();

export function describe(meaning: Meaning): Bilingual & { home: TableId } {
  return MEANINGS[meaning];
}

/** The column a meaning is printed in (05表's expenditure total: 小计; Shanghai's 国有资本经营: 本年支出 小计). */
export function columnOf(template: Template | undefined, meaning: Meaning, params: Params = {}): string | undefined {
  const layout = template && layoutOf(template, meaning);
  return layout ? fill(layout.places[0]!.column, params) : undefined;
}
