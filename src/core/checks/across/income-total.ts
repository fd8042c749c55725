// 02表 against 01表: 02 合计 = 01 本年收入合计, and each income column of 02's 合计 row = its line in 01
// (财政拨款收入 = lines 1–3, the three kinds of appropriation).
import { isAbsence, sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.income-total';
const COLUMN_LINES: readonly [string, readonly string[]][] = [
  ['total', ['total_income']],
  ['fiscal_appropriation', ['general_budget', 'government_fund', 'state_capital']],
  ['superior_subsidy', ['superior_subsidy']],
  ['business', ['business']],
  ['operating', ['operating']],
  ['affiliated', ['affiliated']],
  ['other', ['other']],
];

export function checkIncomeTotal(ctx: Context): void {
  const summary = ctx.use('income-expenditure');
  if (isAbsence(summary)) return ctx.skipFor(RULE, summary);
  ctx.withTable(RULE, 'income', (income) => {
    for (const [column, lines] of COLUMN_LINES) {
      ctx.compare(RULE, ctx.cell(income, 'main', 'total', column), sumOf(lines.map((l) => ctx.cell(summary, 'income', l, 'amount'))));
    }
  });
}

export const rule = defineRule(RULE, '收入决算表与收入支出决算总表一致', 'Income (02) agrees with the summary (01)', checkIncomeTotal);
