// 10表 机关运行经费 ≤ 06表 公用经费合计: running costs are the public expenses of 行政单位 and
// 参公 units only, so they may fall short of 06 (which also covers subordinate 事业单位) but never exceed it.
import { isAbsence, sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.running-costs';

export function checkRunningCosts(ctx: Context): void {
  const detail = ctx.use('general-budget-basic-expenditure');
  if (isAbsence(detail)) return ctx.skipFor(RULE, detail);
  ctx.withTable(RULE, 'related-information', (info) => {
    const running = sumOf([ctx.cell(info, 'running_costs', 'administrative', 'value'), ctx.cell(info, 'running_costs', 'civil_service_managed', 'value')]);
    ctx.compare(RULE, running, ctx.cell(detail, 'main', 'public_total', 'amount'), { relation: 'le', addends: 1 });
  });
}

export const rule = defineRule(RULE, '机关运行经费不超过公用经费', 'Running costs (10) do not exceed public expenses (06)', checkRunningCosts);
