// 机关运行经费 ≤ 06表 公用经费合计: running costs are the public expenses of 行政单位 and 参公 units only, so they
// may fall short of 06 (which also covers subordinate 事业单位) but never exceed it.
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'across.running-costs';

export function checkRunningCosts(ctx: Context): void {
  const f = ctx.figures(RULE, ['basic.public', 'running-costs.administrative', 'running-costs.civil-service']);
  if (!f) return;
  const running = sumOf([f('running-costs.administrative'), f('running-costs.civil-service')]);
  ctx.compare(RULE, running, f('basic.public'), { relation: 'le', addends: 1 });
}

export const rule = defineRule(RULE, '机关运行经费不超过公用经费', 'Running costs (10) do not exceed public expenses (06)', checkRunningCosts);
