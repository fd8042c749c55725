// 预算支出进度 (execution rate) = 支付金额 ÷ 预算指标 of the attachment's totals, to half a unit of its last digit.
import type { Context } from '../context.ts';
import type { TextFigures } from '../text/extract.ts';
import { mark, note } from '../text/operand.ts';
import { attachmentTotal } from './figures.ts';
import { skipNoAttachment } from './totals.ts';
import { defineRule } from '../rule.ts';
import { textOf } from '../text/extract.ts';

const RULE = 'attachment.execution-rate';

export function checkExecutionRate(ctx: Context, text: TextFigures): void {
  const rates = text.figures.filter((f) => f.role === 'execution');
  const budget = attachmentTotal(ctx.filing, 'budget');
  const paid = attachmentTotal(ctx.filing, 'paid');
  if (!budget || !paid) {
    rates.forEach((f) => note(f, 'the filing carries no performance attachment'));
    skipNoAttachment(ctx, RULE);
    return;
  }
  for (const rate of rates) {
    mark(rate, RULE);
    const locations = () => [rate.sentence.location, ...paid.locations, ...budget.locations];
    if (budget.value.eq(0)) {
      ctx.skip(RULE, locations(), { zh: '预算指标总计为0，支出进度无从计算', en: 'the total budget is 0: no execution rate' });
      continue;
    }
    ctx.comparePercent(RULE, rate.printed, paid.value, budget.value, () => ({
      locations: locations(),
      label: {
        zh: `预算支出进度（支付金额${paid.value.toFixed()} ÷ 预算指标${budget.value.toFixed()}）`,
        en: `execution rate (paid ${paid.value.toFixed()} / budget ${budget.value.toFixed()})`,
      },
    }));
  }
}

export const rule = defineRule(RULE, '预算支出进度＝支付金额÷预算指标', 'Execution rate (预算支出进度) = paid ÷ budget', (ctx) => checkExecutionRate(ctx, textOf(ctx)));
