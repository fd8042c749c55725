// Beijing (北京) municipal departments, as their published final accounts list their tables (e.g. 北京市政府
// 采购中心 2020年度部门决算, 目录 第一部分 一–十二): the nine national tables in Beijing's order, with a 政府性基金
// 基本支出 table, 政府采购情况表 and 政府购买服务支出情况表. The layouts of those three are our reading of the
// published tables: the totals by kind, as the checks and the catalog use them.
import {
  at, col, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_BASIC_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
  GOVERNMENT_FUND, INCOME, INCOME_EXPENDITURE, STATE_CAPITAL, THREE_PUBLIC,
} from './tables.ts';
import type { ColumnDef, TableDef, Template } from './types.ts';

export const GOVERNMENT_FUND_BASIC_EXPENDITURE: TableDef = {
  ...GENERAL_BUDGET_BASIC_EXPENDITURE,
  id: 'government-fund-basic-expenditure',
  title: '政府性基金预算财政拨款基本支出决算表',
  aliases: ['政府性基金预算财政拨款基本支出决算明细表'],
  titleEn: 'Government fund appropriations: basic expenditure by economic class',
  meanings: {}, // the 基本支出 of government funds: not the meanings of 06表
};

const byKind = (group: string, prefix: string): ColumnDef[] => [
  col(`${prefix}_total`, '合计', undefined, group, [['合计'], ['小计']]),
  col(`${prefix}_goods`, '货物', undefined, group),
  col(`${prefix}_works`, '工程', undefined, group),
  col(`${prefix}_services`, '服务', undefined, group),
];

export const PROCUREMENT: TableDef = {
  id: 'procurement',
  title: '政府采购情况表',
  aliases: ['政府采购支出情况表', '政府采购支出决算表'],
  titleEn: 'Government procurement: plan and actual purchases by kind',
  sections: [
    {
      id: 'main',
      columns: [
        ...byKind('政府采购计划金额', 'plan'),
        ...byKind('实际采购金额', 'actual'),
        col('sme_contracts', '授予中小企业合同金额', undefined, undefined, [['中小企业']]),
      ],
      rows: [{ key: 'total', name: '合计' }],
    },
  ],
  meanings: { 'procurement.total': at('main', 'total', 'actual_total'), 'procurement.kind': at('main', 'total', 'actual_{kind}') },
};

export const PURCHASED_SERVICES: TableDef = {
  id: 'purchased-services',
  title: '政府购买服务支出情况表',
  aliases: ['政府购买服务决算公开情况表', '政府购买服务支出决算表'],
  titleEn: 'Government-purchased services: expenditure',
  sections: [
    {
      id: 'main',
      columns: [col('amount', '金额', undefined, undefined, [['金额'], ['决算数'], ['支出']])],
      rows: [{ key: 'total', name: '合计' }],
    },
  ],
};

const numbered = (tables: TableDef[]) => tables.map((t, i) => ({ ...t, number: `表${i + 1}` }));

export const BEIJING: Template = {
  id: 'beijing',
  title: '北京市部门决算（十二张表）',
  description: 'Beijing municipal departments: the national tables in Beijing\'s order with 政府性基金 基本支出, 政府采购情况表 and 政府购买服务支出情况表; 三公 tenth.',
  unit: '万元',
  tables: numbered([
    INCOME_EXPENDITURE, INCOME, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE, GENERAL_BUDGET_BASIC_EXPENDITURE,
    GOVERNMENT_FUND, GOVERNMENT_FUND_BASIC_EXPENDITURE, STATE_CAPITAL, THREE_PUBLIC, PROCUREMENT, PURCHASED_SERVICES,
  ]),
};
