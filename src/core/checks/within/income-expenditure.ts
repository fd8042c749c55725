// 01表 收入支出决算总表: 本年收入合计 = Σ income lines, 本年支出合计 = Σ functional 类 lines,
// each 总计 = its 本年合计 plus its 结转/结余 lines, and income 总计 = expenditure 总计. By meaning: the rows
// are wherever the template prints them (Shanxi with 行次, Shanghai by name).
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.income-expenditure';
export const INCOME_LINES = ['general_budget', 'government_fund', 'state_capital', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'];

export function checkIncomeExpenditure(ctx: Context): void {
  const income = ctx.figures(RULE, ['summary.income.total', 'summary.income.line', 'summary.income.balance-used', 'summary.income.opening', 'summary.income.grand-total']);
  if (income) {
    ctx.compare(RULE, income('summary.income.total'), sumOf(INCOME_LINES.map((line) => income('summary.income.line', { line }))));
    ctx.compare(RULE, income('summary.income.grand-total'), sumOf([income('summary.income.total'), income('summary.income.balance-used'), income('summary.income.opening')]));
  }
  const exp = ctx.figures(RULE, ['summary.expenditure.class', 'summary.expenditure.total', 'summary.expenditure.distribution', 'summary.expenditure.year-end', 'summary.expenditure.grand-total']);
  if (exp) {
    const classes = FUNCTIONAL_CLASSES_2023.map(({ code }) => exp('summary.expenditure.class', { code }));
    ctx.compare(RULE, exp('summary.expenditure.total'), sumOf(classes, { zh: '收入支出决算总表各功能分类支出之和', en: 'the sum of the functional lines of the summary table' }));
    ctx.compare(RULE, exp('summary.expenditure.grand-total'), sumOf([exp('summary.expenditure.total'), exp('summary.expenditure.distribution'), exp('summary.expenditure.year-end')]));
  }
  const both = ctx.figures(RULE, ['summary.expenditure.grand-total', 'summary.income.grand-total']);
  if (both) ctx.compare(RULE, both('summary.expenditure.grand-total'), both('summary.income.grand-total'));
}

export const rule = defineRule(RULE, '收入支出决算总表：合计与总计', 'Summary table (01): totals and grand totals', checkIncomeExpenditure);
