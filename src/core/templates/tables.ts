// The standard tables of 部门决算公开 as building blocks; templates number and order them.
import { FUNCTIONAL_CLASSES_2023 } from '../classification/functional.ts';
import type { ColumnDef, FixedRowDef, Meanings, Place, TableDef } from './types.ts';

const total: FixedRowDef = { key: 'total', name: '合计' };

/** A meaning's cell: section, row, column (parameters in braces). */
export const at = (section: Place['section'], row: string, column: string): Place => ({ section, row, column });

/** The meanings of a functionally coded table of expenditure (05, 07, 08表): its total, basic and project columns, by {row}. */
export const expenditureMeanings = (prefix: 'general' | 'government-fund' | 'state-capital', totalColumn: string): Meanings => ({
  [`${prefix}.total`]: at('main', '{row}', totalColumn),
  [`${prefix}.basic`]: at('main', '{row}', 'basic'),
  [`${prefix}.project`]: at('main', '{row}', 'project'),
});

/** The 26 functional 类 lines of 01表/04表, 行次 from `firstLine`. */
function functionalLines(firstLine: number): FixedRowDef[] {
  return FUNCTIONAL_CLASSES_2023.map((c, i) => ({ key: `class_${c.code}`, code: c.code, name: c.name, line: firstLine + i }));
}

export const col = (key: string, title: string, lanci?: number, group?: string, headers?: string[][]): ColumnDef => ({
  key, title, ...(lanci ? { lanci } : {}), ...(group ? { group } : {}), ...(headers ? { headers } : {}),
});

/** The one amount column of a side of 01/04表: 金额 in Shanxi, 决算数 in Shanghai and the central template. */
const AMOUNT_HEADERS = [['金额'], ['决算数'], ['决算金额']];

export const INCOME_EXPENDITURE: TableDef = {
  id: 'income-expenditure',
  title: '收入支出决算总表',
  aliases: ['收支决算总表'],
  titleEn: 'Summary of income and expenditure',
  sections: [
    {
      id: 'income',
      title: '收入',
      columns: [col('amount', '金额', 1, undefined, AMOUNT_HEADERS)],
      rows: [
        { key: 'general_budget', name: '一般公共预算财政拨款收入', line: 1 },
        { key: 'government_fund', name: '政府性基金预算财政拨款收入', line: 2 },
        { key: 'state_capital', name: '国有资本经营预算财政拨款收入', line: 3 },
        { key: 'superior_subsidy', name: '上级补助收入', line: 4 },
        { key: 'business', name: '事业收入', line: 5 },
        { key: 'operating', name: '经营收入', line: 6 },
        { key: 'affiliated', name: '附属单位上缴收入', line: 7 },
        { key: 'other', name: '其他收入', line: 8 },
        { key: 'total_income', name: '本年收入合计', line: 27 },
        { key: 'non_fiscal_balance_used', name: '使用非财政拨款结余和专用结余', line: 28, aliases: ['使用非财政拨款结余', '使用专用结余'] },
        { key: 'opening_balance', name: '年初结转和结余', line: 29 },
        { key: 'grand_total', name: '总计', line: 31 },
      ],
    },
    {
      id: 'expenditure',
      title: '支出',
      columns: [col('amount', '金额', 2, undefined, AMOUNT_HEADERS)],
      rows: [
        ...functionalLines(32),
        { key: 'total_expenditure', name: '本年支出合计', line: 58 },
        { key: 'balance_distribution', name: '结余分配', line: 59 },
        { key: 'closing_balance', name: '年末结转和结余', line: 60 },
        { key: 'grand_total', name: '总计', line: 62 },
      ],
    },
  ],
  meanings: {
    'summary.income.total': at('income', 'total_income', 'amount'),
    'summary.income.line': at('income', '{line}', 'amount'),
    'summary.income.balance-used': at('income', 'non_fiscal_balance_used', 'amount'),
    'summary.income.opening': at('income', 'opening_balance', 'amount'),
    'summary.income.grand-total': at('income', 'grand_total', 'amount'),
    'summary.expenditure.class': at('expenditure', 'class_{code}', 'amount'),
    'summary.expenditure.total': at('expenditure', 'total_expenditure', 'amount'),
    'summary.expenditure.distribution': at('expenditure', 'balance_distribution', 'amount'),
    'summary.expenditure.year-end': at('expenditure', 'closing_balance', 'amount'),
    'summary.expenditure.grand-total': at('expenditure', 'grand_total', 'amount'),
  },
};

export const INCOME: TableDef = {
  id: 'income',
  title: '收入决算表',
  titleEn: 'Income',
  sections: [
    {
      id: 'main',
      classification: 'functional',
      columns: [
        col('total', '本年收入合计', 1, undefined, [['本年收入合计'], ['收入合计'], ['合计']]),
        col('fiscal_appropriation', '财政拨款收入', 2),
        col('superior_subsidy', '上级补助收入', 3),
        col('business', '事业收入', 4),
        col('operating', '经营收入', 5),
        col('affiliated', '附属单位上缴收入', 6),
        col('other', '其他收入', 7),
      ],
      rows: [total],
    },
  ],
  meanings: { 'income.total': at('main', '{row}', 'total'), 'income.fiscal': at('main', '{row}', 'fiscal_appropriation'), 'income.line': at('main', '{row}', '{line}') },
};

export const EXPENDITURE: TableDef = {
  id: 'expenditure',
  title: '支出决算表',
  titleEn: 'Expenditure',
  sections: [
    {
      id: 'main',
      classification: 'functional',
      columns: [
        col('total', '本年支出合计', 1, undefined, [['本年支出合计'], ['支出合计'], ['合计']]),
        col('basic', '基本支出', 2),
        col('project', '项目支出', 3),
        col('remit_superior', '上缴上级支出', 4),
        col('operating', '经营支出', 5),
        col('subsidy_affiliated', '对附属单位补助支出', 6),
      ],
      rows: [total],
    },
  ],
  meanings: {
    'expenditure.total': at('main', '{row}', 'total'), 'expenditure.basic': at('main', '{row}', 'basic'),
    'expenditure.project': at('main', '{row}', 'project'), 'expenditure.line': at('main', '{row}', '{line}'),
  },
};

export const FISCAL_INCOME_EXPENDITURE: TableDef = {
  id: 'fiscal-income-expenditure',
  title: '财政拨款收入支出决算总表',
  aliases: ['财政拨款收支决算总表'],
  titleEn: 'Fiscal appropriations: summary of income and expenditure',
  sections: [
    {
      id: 'income',
      title: '收入',
      columns: [col('amount', '金额', 1, undefined, AMOUNT_HEADERS)],
      rows: [
        { key: 'general_budget', name: '一般公共预算财政拨款', line: 1 },
        { key: 'government_fund', name: '政府性基金预算财政拨款', line: 2 },
        { key: 'state_capital', name: '国有资本经营预算财政拨款', line: 3 },
        { key: 'total_income', name: '本年收入合计', line: 27 },
        { key: 'opening_balance', name: '年初财政拨款结转和结余', line: 28 },
        { key: 'opening_balance_general_budget', name: '一般公共预算财政拨款', line: 29 },
        { key: 'opening_balance_government_fund', name: '政府性基金预算财政拨款', line: 30 },
        { key: 'opening_balance_state_capital', name: '国有资本经营预算财政拨款', line: 31 },
        { key: 'grand_total', name: '总计', line: 32 },
      ],
    },
    {
      id: 'expenditure',
      title: '支出',
      columns: [
        col('total', '合计', 2, undefined, [['合计'], ['小计']]),
        col('general_budget', '一般公共预算财政拨款', 3, undefined, [['一般公共预算']]),
        col('government_fund', '政府性基金预算财政拨款', 4, undefined, [['政府性基金']]),
        col('state_capital', '国有资本经营预算财政拨款', 5, undefined, [['国有资本经营']]),
      ],
      rows: [
        ...functionalLines(33),
        { key: 'total_expenditure', name: '本年支出合计', line: 59 },
        { key: 'closing_balance', name: '年末财政拨款结转和结余', line: 60 },
        { key: 'closing_balance_general_budget', name: '一般公共预算财政拨款', line: 61 },
        { key: 'closing_balance_government_fund', name: '政府性基金预算财政拨款', line: 62 },
        { key: 'closing_balance_state_capital', name: '国有资本经营预算财政拨款', line: 63 },
        { key: 'grand_total', name: '总计', line: 64 },
      ],
    },
  ],
  meanings: fiscalMeanings([
    // The year-end balance by fund printed twice: as sub-rows 61–63 (in the 合计 column) and in the fund columns of line 60.
    at('expenditure', 'closing_balance_{fund}', 'total'),
    at('expenditure', 'closing_balance', '{fund}'),
  ]),
};

/** 04表's meanings; templates differ in where they print the year-end balance by fund. */
export function fiscalMeanings(yearEndByFund: Place | readonly Place[]): Meanings {
  return {
    'fiscal.income.total': at('income', 'total_income', 'amount'),
    'fiscal.income.fund': at('income', '{fund}', 'amount'),
    'fiscal.opening': at('income', 'opening_balance', 'amount'),
    'fiscal.opening.fund': at('income', 'opening_balance_{fund}', 'amount'),
    'fiscal.income.grand-total': at('income', 'grand_total', 'amount'),
    'fiscal.expenditure.total': at('expenditure', 'total_expenditure', 'total'),
    'fiscal.expenditure.fund': at('expenditure', 'total_expenditure', '{fund}'),
    'fiscal.expenditure.class': at('expenditure', 'class_{code}', 'total'),
    'fiscal.expenditure.class.fund': at('expenditure', 'class_{code}', '{fund}'),
    'fiscal.year-end': at('expenditure', 'closing_balance', 'total'),
    'fiscal.year-end.fund': yearEndByFund,
    'fiscal.grand-total': at('expenditure', 'grand_total', 'total'),
    'fiscal.grand-total.fund': at('expenditure', 'grand_total', '{fund}'),
  };
}

export const GENERAL_BUDGET_EXPENDITURE: TableDef = {
  id: 'general-budget-expenditure',
  title: '一般公共预算财政拨款支出决算表',
  titleEn: 'General public budget appropriations: expenditure',
  sections: [
    {
      id: 'main',
      classification: 'functional',
      columns: [col('subtotal', '小计', 1, '本年支出', [['小计'], ['合计']]), col('basic', '基本支出', 2, '本年支出', [['基本支出']]), col('project', '项目支出', 3, '本年支出', [['项目支出']])],
      rows: [total],
    },
  ],
  meanings: expenditureMeanings('general', 'subtotal'),
};

export const GENERAL_BUDGET_BASIC_EXPENDITURE: TableDef = {
  id: 'general-budget-basic-expenditure',
  title: '一般公共预算财政拨款基本支出决算明细表',
  aliases: ['一般公共预算财政拨款基本支出决算表', '一般公共预算基本支出决算表'],
  titleEn: 'General public budget appropriations: basic expenditure by economic class',
  sections: [
    {
      id: 'main',
      classification: 'economic',
      columns: [col('amount', '决算数', undefined, undefined, [['决算数'], ['金额']])],
      rows: [
        { key: 'personnel_total', name: '人员经费合计' },
        { key: 'public_total', name: '公用经费合计' },
      ],
    },
  ],
  meanings: { 'basic.personnel': at('main', 'personnel_total', 'amount'), 'basic.public': at('main', 'public_total', 'amount'), 'basic.item': at('main', '{code}', 'amount') },
};

export const GOVERNMENT_FUND: TableDef = {
  id: 'government-fund',
  title: '政府性基金预算财政拨款收入支出决算表',
  titleEn: 'Government fund appropriations: income and expenditure',
  sections: [
    {
      id: 'main',
      classification: 'functional',
      columns: [
        col('opening_balance', '年初结转和结余', 1),
        col('income', '本年收入', 2),
        col('expenditure_subtotal', '小计', 3, '本年支出', [['小计'], ['合计']]),
        col('basic', '基本支出', 4, '本年支出', [['基本支出']]),
        col('project', '项目支出', 5, '本年支出', [['项目支出']]),
        col('closing_balance', '年末结转和结余', 6),
      ],
      rows: [total],
    },
  ],
  meanings: expenditureMeanings('government-fund', 'expenditure_subtotal'),
};

export const STATE_CAPITAL: TableDef = {
  id: 'state-capital',
  title: '国有资本经营预算财政拨款支出决算表',
  titleEn: 'State capital operation appropriations: expenditure',
  sections: [
    {
      id: 'main',
      classification: 'functional',
      columns: [col('total', '合计', 1, '本年支出', [['合计'], ['小计']]), col('basic', '基本支出', 2, '本年支出', [['基本支出']]), col('project', '项目支出', 3, '本年支出', [['项目支出']])],
      rows: [total],
    },
  ],
  meanings: expenditureMeanings('state-capital', 'total'),
};

const threePublicColumns = (group: '预算数' | '决算数', prefix: 'budget' | 'final', first: number): ColumnDef[] => [
  col(`${prefix}_total`, '合计', first, group),
  col(`${prefix}_outbound`, '因公出国（境）费', first + 1, group, [['因公出国']]),
  col(`${prefix}_vehicle_subtotal`, '公务用车购置及运行维护费小计', first + 2, group, [['公务用车购置及运行维护费', '小计'], ['公务用车购置及运行费', '小计']]),
  col(`${prefix}_vehicle_purchase`, '公务用车购置费', first + 3, group, [['公务用车购置费'], ['购置费']]),
  col(`${prefix}_vehicle_operation`, '公务用车运行维护费', first + 4, group, [['公务用车运行维护费'], ['运行维护费'], ['运行费']]),
  col(`${prefix}_reception`, '公务接待费', first + 5, group),
];

export const THREE_PUBLIC: TableDef = {
  id: 'three-public',
  title: '财政拨款“三公”经费支出决算表',
  aliases: ['一般公共预算财政拨款“三公”经费支出决算表', '“三公”经费支出决算表'],
  titleEn: 'Fiscal appropriations: the "three public" expenses (travel abroad, official vehicles, official reception)',
  sections: [
    {
      id: 'main',
      columns: [...threePublicColumns('预算数', 'budget', 1), ...threePublicColumns('决算数', 'final', 7)],
      rows: [{ key: 'amounts', name: '' }],
    },
  ],
  // 预算数 and 决算数 side by side in one row.
  meanings: { 'three-public.budget': at('main', 'amounts', 'budget_{item}'), 'three-public.final': at('main', 'amounts', 'final_{item}') },
};

/** 三公 with 预算数 and 决算数 printed apart, each in a table of its own (the items as columns of one row). */
const threePublicItems = (): ColumnDef[] => threePublicColumns('决算数', 'final', 1).map(({ key, title, headers }) => col(key.replace(/^final_/, ''), title, undefined, undefined, headers?.map((h) => [...h])));
export const THREE_PUBLIC_FINAL: TableDef = {
  ...THREE_PUBLIC,
  title: '财政拨款“三公”经费支出决算表',
  sections: [{ id: 'main', columns: threePublicItems(), rows: [{ key: 'amounts', name: '决算数' }] }],
  meanings: { 'three-public.final': at('main', 'amounts', '{item}') },
};
export const THREE_PUBLIC_BUDGET: TableDef = {
  id: 'three-public-budget',
  title: '财政拨款“三公”经费支出预算表',
  titleEn: 'Fiscal appropriations: the "three public" expenses, budget',
  sections: [{ id: 'main', columns: threePublicItems(), rows: [{ key: 'amounts', name: '预算数' }] }],
  meanings: { 'three-public.budget': at('main', 'amounts', '{item}') },
};

/** 06表 in two column groups: 人员经费 and 公用经费, each with its codes and its own 合计. */
export const GENERAL_BUDGET_BASIC_EXPENDITURE_TWO_GROUPS: TableDef = {
  ...GENERAL_BUDGET_BASIC_EXPENDITURE,
  sections: [
    { id: 'personnel', title: '人员经费', classification: 'economic', columns: [col('amount', '决算数')], rows: [{ key: 'total', name: '人员经费合计' }] },
    { id: 'public', title: '公用经费', classification: 'economic', columns: [col('amount', '决算数')], rows: [{ key: 'total', name: '公用经费合计' }] },
  ],
  meanings: { 'basic.personnel': at('personnel', 'total', 'amount'), 'basic.public': at('public', 'total', 'amount'), 'basic.item': at(['personnel', 'public'], '{code}', 'amount') },
};

export const RELATED_INFORMATION: TableDef = {
  id: 'related-information',
  title: '部门决算公开相关信息统计表',
  titleEn: 'Related information: procurement, running costs, state assets',
  sections: [
    {
      id: 'procurement',
      title: '一、政府采购情况',
      columns: [col('value', '统计数')],
      rows: [
        { key: 'total', name: '合计', line: 1 },
        { key: 'goods', name: '货物', line: 2 },
        { key: 'works', name: '工程', line: 3 },
        { key: 'services', name: '服务', line: 4 },
      ],
    },
    {
      id: 'running_costs',
      title: '二、机关运行经费',
      columns: [col('value', '统计数')],
      rows: [
        { key: 'administrative', name: '（一）行政单位', line: 5 },
        { key: 'civil_service_managed', name: '（二）参照公务员法管理事业单位', line: 6 },
      ],
    },
    {
      id: 'assets',
      title: '三、国有资产占用情况',
      columns: [col('value', '统计数')],
      rows: [
        { key: 'vehicles_total', name: '（一）车辆数合计（辆）', line: 7, measure: 'count', unit: '辆' },
        { key: 'vehicles_ministerial', name: '1.副部（省）级及以上领导用车', line: 8, measure: 'count', unit: '辆' },
        { key: 'vehicles_principal', name: '2.主要负责人用车', line: 9, measure: 'count', unit: '辆' },
        { key: 'vehicles_confidential', name: '3.机要通信用车', line: 10, measure: 'count', unit: '辆' },
        { key: 'vehicles_emergency', name: '4.应急保障用车', line: 11, measure: 'count', unit: '辆' },
        { key: 'vehicles_law_enforcement', name: '5.执法执勤用车', line: 12, measure: 'count', unit: '辆' },
        { key: 'vehicles_special', name: '6.特种专业技术用车', line: 13, measure: 'count', unit: '辆' },
        { key: 'vehicles_retired', name: '7.离退休干部服务用车', line: 14, measure: 'count', unit: '辆' },
        { key: 'vehicles_other', name: '8.其他用车', line: 15, measure: 'count', unit: '辆' },
        { key: 'equipment_over_1m', name: '（二）单价100万元（含）以上设备（不含车辆）', line: 17, measure: 'count', unit: '台（套）' },
      ],
    },
  ],
  meanings: {
    'procurement.total': at('procurement', 'total', 'value'),
    'procurement.kind': at('procurement', '{kind}', 'value'),
    'running-costs.administrative': at('running_costs', 'administrative', 'value'),
    'running-costs.civil-service': at('running_costs', 'civil_service_managed', 'value'),
    'assets.vehicles': at('assets', 'vehicles_total', 'value'),
    'assets.vehicles.use': at('assets', 'vehicles_{use}', 'value'),
    'assets.equipment': at('assets', 'equipment_over_1m', 'value'),
  },
};
