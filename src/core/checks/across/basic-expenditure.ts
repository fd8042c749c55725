// 06表 人员经费合计 + 公用经费合计 = 05表 基本支出 (合计): the detail of the same basic expenditure.
import { isAbsence, sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.basic-expenditure';

export function checkBasicExpenditure(ctx: Context): void {
  const general = ctx.use('general-budget-expenditure');
  if (isAbsence(general)) return ctx.skipFor(RULE, general);
  ctx.withTable(RULE, 'general-budget-basic-expenditure', (detail) => {
    const parts = sumOf([ctx.cell(detail, 'main', 'personnel_total', 'amount'), ctx.cell(detail, 'main', 'public_total', 'amount')]);
    ctx.compare(RULE, ctx.cell(general, 'main', 'total', 'basic'), parts);
  });
}

export const rule = defineRule(RULE, '人员经费＋公用经费＝基本支出', 'Personnel plus public expenses (06) equal basic expenditure (05)', checkBasicExpenditure);
