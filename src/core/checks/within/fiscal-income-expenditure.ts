// 04表 财政拨款收入支出决算总表: the income side by fund, and for each expenditure column
// 本年支出合计 = Σ functional 类 lines, 年末结转和结余 = Σ by fund, 总计 = 合计 + 结转和结余; income 总计 = expenditure 总计.
// The year-end balance by fund is laid out as the template prints it (checks/meaning.ts).
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { sumOf, type Context } from '../context.ts';
import { yearEndByFund } from '../meaning.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.fiscal-income-expenditure';
const FUNDS = ['general_budget', 'government_fund', 'state_capital'];
const COLUMNS = ['total', ...FUNDS];

export function checkFiscalIncomeExpenditure(ctx: Context): void {
  ctx.withTable(RULE, 'fiscal-income-expenditure', (t) => {
    const inc = (key: string) => ctx.cell(t, 'income', key, 'amount');
    ctx.compare(RULE, inc('total_income'), sumOf(FUNDS.map(inc)));
    ctx.compare(RULE, inc('opening_balance'), sumOf(FUNDS.map((f) => inc(`opening_balance_${f}`))));
    ctx.compare(RULE, inc('grand_total'), sumOf([inc('total_income'), inc('opening_balance')]));

    const subRows = yearEndByFund(t.def) === 'rows';
    for (const column of COLUMNS) {
      const exp = (key: string) => ctx.cell(t, 'expenditure', key, column);
      const classes = FUNCTIONAL_CLASSES_2023.map((c) => exp(`class_${c.code}`));
      ctx.compare(RULE, exp('total_expenditure'), sumOf(classes, { zh: '公开04表 各功能分类支出之和', en: 'the sum of the functional lines of table 04' }));
      if (subRows) ctx.compare(RULE, exp('closing_balance'), sumOf(FUNDS.map((f) => exp(`closing_balance_${f}`))));
      ctx.compare(RULE, exp('grand_total'), sumOf([exp('total_expenditure'), exp('closing_balance')]));
    }
    if (!subRows) {
      const closing = (column: string) => ctx.cell(t, 'expenditure', 'closing_balance', column);
      ctx.compare(RULE, closing('total'), sumOf(FUNDS.map(closing)));
    }
    ctx.compare(RULE, ctx.cell(t, 'expenditure', 'grand_total', 'total'), inc('grand_total'));
  });
}

export const rule = defineRule(RULE, '财政拨款收入支出决算总表：合计与总计', 'Fiscal summary table (04): totals and grand totals', checkFiscalIncomeExpenditure);
