// 01表 收入支出决算总表: 本年收入合计 = Σ income lines, 本年支出合计 = Σ functional 类 lines,
// each 总计 = its 本年合计 plus its 结转/结余 lines, and income 总计 = expenditure 总计.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.income-expenditure';
const INCOME_LINES = ['general_budget', 'government_fund', 'state_capital', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'];

export function checkIncomeExpenditure(ctx: Context): void {
  ctx.withTable(RULE, 'income-expenditure', (t) => {
    const inc = (key: string) => ctx.cell(t, 'income', key, 'amount');
    const exp = (key: string) => ctx.cell(t, 'expenditure', key, 'amount');
    const classes = FUNCTIONAL_CLASSES_2023.map((c) => exp(`class_${c.code}`));

    ctx.compare(RULE, inc('total_income'), sumOf(INCOME_LINES.map(inc)));
    ctx.compare(RULE, inc('grand_total'), sumOf([inc('total_income'), inc('non_fiscal_balance_used'), inc('opening_balance')]));
    ctx.compare(RULE, exp('total_expenditure'), sumOf(classes, { zh: '公开01表 各功能分类支出之和', en: 'the sum of the functional lines of table 01' }));
    ctx.compare(RULE, exp('grand_total'), sumOf([exp('total_expenditure'), exp('balance_distribution'), exp('closing_balance')]));
    ctx.compare(RULE, exp('grand_total'), inc('grand_total'));
  });
}

export const rule = defineRule(RULE, '收入支出决算总表：合计与总计', 'Summary table (01): totals and grand totals', checkIncomeExpenditure);
