// Amounts (and counts) stated in the text against the figure the tables print for the same subject:
// exact passes, within 0.01 is a rounding note, more is an error. Unknown subjects stay unverified.
import type { Context } from '../context.ts';
import type { TextFigures } from './extract.ts';
import { isResolved, resolve } from './lexicon.ts';
import { mark, note, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.amount';

export function checkTextAmounts(ctx: Context, text: TextFigures): void {
  for (const figure of text.figures) {
    if (figure.kind === 'percent' || figure.role !== 'stated' && figure.role !== 'count') continue;
    if (figure.entity === 'projects' || figure.entity.startsWith('grade:')) continue; // attachment.counts
    const target = resolve(ctx, figure.sentence.scope, figure.entity, figure.measure);
    if (!isResolved(target)) {
      note(figure, target.unresolved);
      continue;
    }
    mark(figure, RULE);
    ctx.compare(RULE, statedOperand(figure, ctx.filing.unit), target, { addends: 1 });
  }
}

export const rule = defineRule(RULE, '文字所述金额、数量与表内数据一致', 'Amounts and counts quoted in the text agree with the tables', (ctx) => checkTextAmounts(ctx, textOf(ctx)));
