// 09表 三公: 合计 = 因公出国（境） + 公务用车小计 + 公务接待, 公务用车小计 = 购置 + 运行维护; for 预算数 and 决算数.
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.three-public';

export function checkThreePublic(ctx: Context): void {
  ctx.withTable(RULE, 'three-public', (t) => {
    for (const prefix of ['budget', 'final']) {
      const cell = (c: string) => ctx.cell(t, 'main', 'amounts', `${prefix}_${c}`);
      ctx.compare(RULE, cell('total'), sumOf([cell('outbound'), cell('vehicle_subtotal'), cell('reception')]));
      ctx.compare(RULE, cell('vehicle_subtotal'), sumOf([cell('vehicle_purchase'), cell('vehicle_operation')]));
    }
  });
}

export const rule = defineRule(RULE, '“三公”经费表：合计与公务用车小计', '"Three public" table (09): total and vehicle subtotal', checkThreePublic);
