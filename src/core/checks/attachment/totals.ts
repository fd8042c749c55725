// The attachment's printed 总计 equals the sum of its projects, for 预算指标 and for 支付金额.
import type { Context } from '../context.ts';
import { sumOf } from '../context.ts';
import { attachmentTotal, projectCell, type Column } from './figures.ts';
import { defineRule } from '../rule.ts';

const RULE = 'attachment.totals';

export function checkAttachmentTotals(ctx: Context): void {
  const perf = ctx.filing.performance;
  if (!perf) return skipNoAttachment(ctx, RULE);
  for (const column of ['budget', 'paid'] as Column[]) {
    const total = attachmentTotal(ctx.filing, column)!;
    const parts = perf.projects.map((p, i) => projectCell(p, i, column));
    ctx.compare(RULE, total, sumOf(parts, { zh: `各项目${column === 'budget' ? '预算指标' : '支付金额'}之和`, en: `the sum of the projects' ${column}` }));
  }
}

export function skipNoAttachment(ctx: Context, rule: Parameters<Context['skip']>[0]): void {
  ctx.skip(rule, [{ part: 'performance', path: '/performance', excerpt: '' }], { zh: '报告未附项目支出绩效自评', en: 'the filing carries no performance self-evaluation attachment' });
}

export const rule = defineRule(RULE, '绩效自评表总计等于各项目之和', "The attachment's totals equal the sum of its projects", checkAttachmentTotals);
