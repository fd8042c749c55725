// 三公 决算数 against 06表's items: 因公出国（境） = 30212, 公务接待 = 30217, 公务用车运行维护 = 30231, wherever the
// template prints the 决算数 (beside the 预算数 or in a table of its own) and the 06表 codes (one or two column groups).
// 06表 is basic expenditure only; 三公 paid from project funds appear in 09 but not in 06, so 09 above 06
// is at most a warning, while 09 below 06 is an error. An empty 09 is skipped only if 06 shows none.
import { THREE_PUBLIC_ITEMS } from '../../classification/economic.ts';
import { isAbsence, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.three-public';
const PAIRS = [
  ['outbound', THREE_PUBLIC_ITEMS.outbound],
  ['reception', THREE_PUBLIC_ITEMS.reception],
  ['vehicle_operation', THREE_PUBLIC_ITEMS.vehicleOperation],
] as const;

export function checkThreePublicAcross(ctx: Context): void {
  const detail = ctx.figures(RULE, ['basic.item']);
  if (!detail) return;
  const final = ctx.figures(RULE, ['three-public.final'], true);
  if (!final) return;
  const pairs = PAIRS.map(([item, code]) => [final('three-public.final', { item }), detail('basic.item', { code })] as const);
  const laid = ctx.meaning('three-public.final', true);
  if (!isAbsence(laid) && !laid.ref.hasData && pairs.every(([, d]) => d.value.eq(0))) {
    const empty = ctx.meaning('three-public.final');
    if (isAbsence(empty)) return ctx.skipFor(RULE, empty);
  }
  const note = { zh: '“三公”经费可含项目支出，基本支出明细不含', en: '三公 may include project spending, which 06 does not show' };
  for (const [actual, item] of pairs) {
    // 09 ≥ 06 always; where 09 exceeds 06 the excess may be project spending.
    if (actual.value.lt(item.value)) ctx.compare(RULE, actual, item);
    else ctx.compare(RULE, actual, item, { cap: 'warning', note });
  }
}

export const rule = defineRule(RULE, '“三公”经费决算数与基本支出明细一致', '"Three public" actuals (09) agree with 30212, 30217, 30231 in 06', checkThreePublicAcross);
