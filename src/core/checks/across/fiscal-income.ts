// Fiscal appropriation income across tables: 02 财政拨款收入 (合计) = 04 本年收入合计, and 01's
// income lines 1–3 = 04's lines 1–3 (the same three appropriations, printed twice).
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';
import { FUNDS } from '../within/fiscal-income-expenditure.ts';

const RULE = 'across.fiscal-income';

export function checkFiscalIncome(ctx: Context): void {
  const a = ctx.figures(RULE, ['fiscal.income.total', 'income.fiscal']);
  if (a) ctx.compare(RULE, a('income.fiscal', { row: 'total' }), a('fiscal.income.total'));
  const b = ctx.figures(RULE, ['fiscal.income.fund', 'summary.income.line']);
  if (b) for (const fund of FUNDS) ctx.compare(RULE, b('summary.income.line', { line: fund }), b('fiscal.income.fund', { fund }));
}

export const rule = defineRule(RULE, '财政拨款收入在各表间一致', 'Fiscal appropriation income agrees across 01, 02 and 04', checkFiscalIncome);
