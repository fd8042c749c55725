// 06表 人员经费合计 + 公用经费合计 = 05表 基本支出 (合计): the detail of the same basic expenditure, wherever the
// template prints 人员经费 and 公用经费 (rows of one column group, or the totals of two).
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.basic-expenditure';

export function checkBasicExpenditure(ctx: Context): void {
  const f = ctx.figures(RULE, ['general.basic', 'basic.personnel', 'basic.public']);
  if (!f) return;
  ctx.compare(RULE, f('general.basic', { row: 'total' }), sumOf([f('basic.personnel'), f('basic.public')]));
}

export const rule = defineRule(RULE, '人员经费＋公用经费＝基本支出', 'Personnel plus public expenses (06) equal basic expenditure (05)', checkBasicExpenditure);
