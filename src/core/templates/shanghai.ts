// Shanghai (上海) 2024: the official template of 部门决算 (附件2：部门决算模板). Nine unnumbered tables, no
// 行次: rows are known by name or code. Its 01/04表 list the functional 类 by name; its 04表 prints the
// year-end balances by fund as the columns of one row; its 国有资本经营 table has income as well.
import { FUNCTIONAL_CLASSES_2023 } from '../classification/functional.ts';
import {
  at, expenditureMeanings, fiscalMeanings, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_BASIC_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
  GOVERNMENT_FUND, INCOME, INCOME_EXPENDITURE, THREE_PUBLIC,
} from './tables.ts';
import type { FixedRowDef, SectionDef, TableDef, Template } from './types.ts';

/** A template's fixed rows without 行次: Shanghai prints none. */
function withoutLines(rows: readonly FixedRowDef[]): FixedRowDef[] {
  return rows.map(({ line: _line, ...rest }) => rest);
}

/** The 24 functional 类 Shanghai's 01/04表 list (it prints no 债务还本支出 or 债务付息支出 line). */
const classLines: FixedRowDef[] = FUNCTIONAL_CLASSES_2023.filter((c) => c.code !== '231' && c.code !== '232').map((c) => ({ key: `class_${c.code}`, code: c.code, name: c.name }));

function section(def: TableDef, id: string): SectionDef {
  return def.sections.find((s) => s.id === id)!;
}

const SH_INCOME_EXPENDITURE: TableDef = {
  ...INCOME_EXPENDITURE,
  sections: [
    { ...section(INCOME_EXPENDITURE, 'income'), rows: withoutLines(section(INCOME_EXPENDITURE, 'income').rows) },
    {
      ...section(INCOME_EXPENDITURE, 'expenditure'),
      rows: [...classLines, ...withoutLines(section(INCOME_EXPENDITURE, 'expenditure').rows.filter((r) => !r.code))],
    },
  ],
};

const fiscalExpenditure = section(FISCAL_INCOME_EXPENDITURE, 'expenditure');
const SH_FISCAL_INCOME_EXPENDITURE: TableDef = {
  ...FISCAL_INCOME_EXPENDITURE,
  sections: [
    { ...section(FISCAL_INCOME_EXPENDITURE, 'income'), rows: withoutLines(section(FISCAL_INCOME_EXPENDITURE, 'income').rows) },
    {
      ...fiscalExpenditure,
      // One row of year-end balances, by fund in the columns (the Shanxi layout prints sub-rows 61–63).
      rows: [
        ...classLines,
        { key: 'total_expenditure', name: '本年支出合计' },
        { key: 'closing_balance', name: '年末财政拨款结转和结余' },
        { key: 'grand_total', name: '总计' },
      ],
    },
  ],
  meanings: fiscalMeanings(at('expenditure', 'closing_balance', '{fund}')),
};

/** 国有资本经营预算财政拨款收入支出决算表: the columns of the 政府性基金 table. */
export const STATE_CAPITAL_INCOME_EXPENDITURE: TableDef = {
  ...GOVERNMENT_FUND,
  id: 'state-capital',
  title: '国有资本经营预算财政拨款收入支出决算表',
  aliases: ['国有资本经营预算财政拨款支出决算表'],
  titleEn: 'State capital operation appropriations: income and expenditure',
  meanings: expenditureMeanings('state-capital', 'expenditure_subtotal'),
};

const SH_BASIC: TableDef = { ...GENERAL_BUDGET_BASIC_EXPENDITURE, title: '一般公共预算财政拨款基本支出决算表', aliases: ['一般公共预算财政拨款基本支出决算明细表'] };

export const SHANGHAI_2024: Template = {
  id: 'shanghai-2024',
  title: '上海市部门决算（九张表）',
  description: 'Shanghai 2024 official template: nine unnumbered tables, no 行次; 三公 seventh; 04表 year-end balances by fund as columns; 国有资本经营 with income; empty tables say 故本表无数据.',
  unit: '万元',
  emptyStatement: '故本表无数据',
  script: [
    '收入支出决算总体情况说明', '收入决算情况说明', '支出决算情况说明', '财政拨款收入支出决算总体情况说明',
    '一般公共预算财政拨款支出决算情况说明', '一般公共预算财政拨款基本支出决算情况说明', '财政拨款“三公”经费支出决算情况说明',
    '政府性基金预算财政拨款收入支出决算情况说明', '国有资本经营预算财政拨款收入支出决算情况说明', '预算绩效管理情况', '其他重要事项的情况说明',
  ],
  tables: [
    SH_INCOME_EXPENDITURE, INCOME, EXPENDITURE, SH_FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
    SH_BASIC, THREE_PUBLIC, GOVERNMENT_FUND, STATE_CAPITAL_INCOME_EXPENDITURE,
  ],
};
