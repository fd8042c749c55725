// 02表 against 01表: 02 合计 = 01 本年收入合计, and each income column of 02's 合计 row = its line in 01
// (财政拨款收入 = lines 1–3, the three kinds of appropriation). By meaning, in each template's layout.
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.income-total';
const LINES = ['superior_subsidy', 'business', 'operating', 'affiliated', 'other'];
const FUNDS = ['general_budget', 'government_fund', 'state_capital'];

export function checkIncomeTotal(ctx: Context): void {
  const f = ctx.figures(RULE, ['income.total', 'income.fiscal', 'income.line', 'summary.income.total', 'summary.income.line']);
  if (!f) return;
  const row = { row: 'total' };
  ctx.compare(RULE, f('income.total', row), f('summary.income.total'));
  ctx.compare(RULE, f('income.fiscal', row), sumOf(FUNDS.map((line) => f('summary.income.line', { line }))));
  for (const line of LINES) ctx.compare(RULE, f('income.line', { ...row, line }), f('summary.income.line', { line }));
}

export const rule = defineRule(RULE, '收入决算表与收入支出决算总表一致', 'Income (02) agrees with the summary (01)', checkIncomeTotal);
