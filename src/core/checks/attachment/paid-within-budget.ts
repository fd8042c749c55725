// No project pays more than its 预算指标: the budget line caps what the treasury pays out. A project paid
// above its budget is a misprint or a transcription slip (two rows' figures swapped, a misplaced point).
import type { Context } from '../context.ts';
import { projectCell } from './figures.ts';
import { skipNoAttachment } from './totals.ts';
import { defineRule } from '../rule.ts';

const RULE = 'attachment.paid-within-budget';

export function checkPaidWithinBudget(ctx: Context): void {
  const perf = ctx.filing.performance;
  if (!perf) return skipNoAttachment(ctx, RULE);
  perf.projects.forEach((p, i) => {
    ctx.compare(RULE, projectCell(p, i, 'paid'), projectCell(p, i, 'budget'), { relation: 'le', addends: 1 });
  });
}

export const rule = defineRule(RULE, '各项目支付金额不超过预算指标', "No project's payment exceeds its budget", checkPaidWithinBudget);
