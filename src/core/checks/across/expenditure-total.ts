// 03表 against 01表: 03 合计 = 01 本年支出合计, and each 类 printed in either = the other's figure.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.expenditure-total';

export function checkExpenditureTotal(ctx: Context): void {
  const f = ctx.figures(RULE, ['expenditure.total', 'summary.expenditure.total', 'summary.expenditure.class']);
  if (!f) return;
  ctx.compare(RULE, f('expenditure.total', { row: 'total' }), f('summary.expenditure.total'));
  for (const { code } of FUNCTIONAL_CLASSES_2023) ctx.compare(RULE, f('expenditure.total', { row: code }), f('summary.expenditure.class', { code }));
}

export const rule = defineRule(RULE, '支出决算表与收入支出决算总表一致', 'Expenditure (03) agrees with the summary (01)', checkExpenditureTotal);
