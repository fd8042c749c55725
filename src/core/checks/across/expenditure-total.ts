// 03表 against 01表: 03 合计 = 01 本年支出合计, and each 类 printed in either = the other's figure.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { isAbsence, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.expenditure-total';

export function checkExpenditureTotal(ctx: Context): void {
  const summary = ctx.use('income-expenditure');
  if (isAbsence(summary)) return ctx.skipFor(RULE, summary);
  ctx.withTable(RULE, 'expenditure', (exp) => {
    ctx.compare(RULE, ctx.cell(exp, 'main', 'total', 'total'), ctx.cell(summary, 'expenditure', 'total_expenditure', 'amount'));
    for (const { code } of FUNCTIONAL_CLASSES_2023) {
      ctx.compare(RULE, ctx.cell(exp, 'main', code, 'total'), ctx.cell(summary, 'expenditure', `class_${code}`, 'amount'));
    }
  });
}

export const rule = defineRule(RULE, '支出决算表与收入支出决算总表一致', 'Expenditure (03) agrees with the summary (01)', checkExpenditureTotal);
