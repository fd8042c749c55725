// Fiscal appropriation income across tables: 02 财政拨款收入 (合计) = 04 本年收入合计, and 01's
// income lines 1–3 = 04's lines 1–3 (the same three appropriations, printed twice).
import { isAbsence, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.fiscal-income';
const FUNDS = ['general_budget', 'government_fund', 'state_capital'];

export function checkFiscalIncome(ctx: Context): void {
  const fiscal = ctx.use('fiscal-income-expenditure');
  if (isAbsence(fiscal)) return ctx.skipFor(RULE, fiscal);
  ctx.withTable(RULE, 'income', (income) => {
    ctx.compare(RULE, ctx.cell(income, 'main', 'total', 'fiscal_appropriation'), ctx.cell(fiscal, 'income', 'total_income', 'amount'));
  });
  ctx.withTable(RULE, 'income-expenditure', (summary) => {
    for (const f of FUNDS) ctx.compare(RULE, ctx.cell(summary, 'income', f, 'amount'), ctx.cell(fiscal, 'income', f, 'amount'));
  });
}

export const rule = defineRule(RULE, '财政拨款收入在各表间一致', 'Fiscal appropriation income agrees across 01, 02 and 04', checkFiscalIncome);
