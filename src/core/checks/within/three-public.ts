// 三公: 合计 = 因公出国（境） + 公务用车小计 + 公务接待, 公务用车小计 = 购置 + 运行维护; for 预算数 and for 决算数,
// wherever the template prints them (side by side in one table, or each in a table of its own).
import { sumOf, type Context } from '../context.ts';
import type { Meaning } from '../meaning.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.three-public';
const MEASURES: readonly Meaning[] = ['three-public.budget', 'three-public.final'];

export function checkThreePublic(ctx: Context): void {
  for (const measure of MEASURES) {
    const f = ctx.figures(RULE, [measure]);
    if (!f) continue;
    const item = (i: string) => f(measure, { item: i });
    ctx.compare(RULE, item('total'), sumOf([item('outbound'), item('vehicle_subtotal'), item('reception')]));
    ctx.compare(RULE, item('vehicle_subtotal'), sumOf([item('vehicle_purchase'), item('vehicle_operation')]));
  }
}

export const rule = defineRule(RULE, '“三公”经费表：合计与公务用车小计', '"Three public" table (09): total and vehicle subtotal', checkThreePublic);
