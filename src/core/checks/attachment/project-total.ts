// The attachment's projects, paid, against 03表's 项目支出 (合计): the self-evaluation is meant to cover
// every project, so a gap means projects left out of it (or a misprint on either side).
import { isAbsence, type Context } from '../context.ts';
import { attachmentTotal } from './figures.ts';
import { skipNoAttachment } from './totals.ts';
import { defineRule } from '../rule.ts';

const RULE = 'attachment.project-total';

export function checkProjectTotal(ctx: Context): void {
  const paid = attachmentTotal(ctx.filing, 'paid');
  if (!paid) return skipNoAttachment(ctx, RULE);
  const expenditure = ctx.use('expenditure');
  if (isAbsence(expenditure)) return ctx.skipFor(RULE, expenditure);
  ctx.compare(RULE, paid, ctx.cell(expenditure, 'main', 'total', 'project'), {
    addends: 1,
    note: { zh: '绩效自评未覆盖全部项目支出，或一方有误', en: 'the self-evaluation does not cover all project spending, or one side is misprinted' },
  });
}

export const rule = defineRule(RULE, '绩效自评项目支付合计与支出决算表项目支出一致', "The attachment's project total agrees with 项目支出 in 03", checkProjectTotal);
