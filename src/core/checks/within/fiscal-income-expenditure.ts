// 04表 财政拨款收入支出决算总表: the income side by fund; on the expenditure side, in the 合计 column and in each
// fund's, 本年支出合计 = Σ functional 类 lines and 总计 = 本年支出合计 + 年末结转和结余; the year-end balance
// = Σ its balances by fund, in every presentation the template prints (Shanxi: sub-rows 61–63 and the fund
// columns of line 60; Shanghai: the columns of one row), and the two presentations agree; income 总计 = expenditure 总计.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.fiscal-income-expenditure';
export const FUNDS = ['general_budget', 'government_fund', 'state_capital'] as const;

export function checkFiscalIncomeExpenditure(ctx: Context): void {
  const inc = ctx.figures(RULE, ['fiscal.income.total', 'fiscal.income.fund', 'fiscal.opening', 'fiscal.opening.fund', 'fiscal.income.grand-total']);
  if (inc) {
    ctx.compare(RULE, inc('fiscal.income.total'), sumOf(FUNDS.map((fund) => inc('fiscal.income.fund', { fund }))));
    ctx.compare(RULE, inc('fiscal.opening'), sumOf(FUNDS.map((fund) => inc('fiscal.opening.fund', { fund }))));
    ctx.compare(RULE, inc('fiscal.income.grand-total'), sumOf([inc('fiscal.income.total'), inc('fiscal.opening')]));
  }

  const exp = ctx.figures(RULE, [
    'fiscal.expenditure.total', 'fiscal.expenditure.fund', 'fiscal.expenditure.class', 'fiscal.expenditure.class.fund',
    'fiscal.year-end', 'fiscal.year-end.fund', 'fiscal.grand-total', 'fiscal.grand-total.fund',
  ]);
  if (exp) {
    const label = { zh: '财政拨款收入支出决算总表各功能分类支出之和', en: 'the sum of the functional lines of the fiscal summary' };
    const classes = (fund?: string) => FUNCTIONAL_CLASSES_2023.map(({ code }) => (fund ? exp('fiscal.expenditure.class.fund', { code, fund }) : exp('fiscal.expenditure.class', { code })));
    ctx.compare(RULE, exp('fiscal.expenditure.total'), sumOf(classes(), label));
    ctx.compare(RULE, exp('fiscal.grand-total'), sumOf([exp('fiscal.expenditure.total'), exp('fiscal.year-end')]));
    // A fund's column: the year-end balance as printed in that column (the last presentation, where there are two).
    const inColumn = exp.presentations - 1;
    for (const fund of FUNDS) {
      ctx.compare(RULE, exp('fiscal.expenditure.fund', { fund }), sumOf(classes(fund), label));
      ctx.compare(RULE, exp('fiscal.grand-total.fund', { fund }), sumOf([exp('fiscal.expenditure.fund', { fund }), exp('fiscal.year-end.fund', { fund }, inColumn)]));
    }
    for (let p = 0; p < exp.presentations; p++) ctx.compare(RULE, exp('fiscal.year-end'), sumOf(FUNDS.map((fund) => exp('fiscal.year-end.fund', { fund }, p))));
    for (let p = 1; p < exp.presentations; p++) for (const fund of FUNDS) ctx.compare(RULE, exp('fiscal.year-end.fund', { fund }, p), exp('fiscal.year-end.fund', { fund }, 0));
  }

  const both = ctx.figures(RULE, ['fiscal.grand-total', 'fiscal.income.grand-total']);
  if (both) ctx.compare(RULE, both('fiscal.grand-total'), both('fiscal.income.grand-total'));
}

export const rule = defineRule(RULE, '财政拨款收入支出决算总表：合计与总计', 'Fiscal summary table (04): totals and grand totals', checkFiscalIncomeExpenditure);
