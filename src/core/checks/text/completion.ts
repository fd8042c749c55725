// A completion rate (完成年初预算的82.36%) recomputes as the stated actual ÷ the budget, the budget as
// stated in the sentence or, for 三公, as 09表 prints it. A budget of 0 leaves the rate undefined: skipped.
import type { Context } from '../context.ts';
import type { TextFigures } from './extract.ts';
import { isResolved, resolve } from './lexicon.ts';
import { mark, note, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.completion';

export function checkCompletion(ctx: Context, text: TextFigures): void {
  for (const rate of text.figures) {
    if (rate.role !== 'completion') continue;
    const actual = rate.from;
    if (!actual) {
      note(rate, 'no stated actual before the completion rate');
      continue;
    }
    let budget = rate.over ? statedOperand(rate.over, ctx.filing.unit) : undefined;
    if (!budget) {
      const table = resolve(ctx, rate.sentence.scope, actual.entity, 'budget');
      if (!isResolved(table)) {
        note(rate, `the budget of "${actual.entity}": ${table.unresolved}`);
        continue;
      }
      budget = table;
    }
    mark(rate, RULE);
    mark(actual, RULE);
    mark(rate.over, RULE);
    if (budget.value.eq(0)) {
      ctx.skip(RULE, [rate.sentence.location, ...budget.locations.filter((l) => l !== rate.sentence.location)], {
        zh: `“${actual.entity}”预算为0，完成率无从计算（文中为${rate.printed}%）`,
        en: `the budget of "${actual.entity}" is 0: a completion rate is undefined (the text says ${rate.printed}%)`,
      });
      continue;
    }
    const value = statedOperand(actual, ctx.filing.unit).value;
    const over = budget;
    ctx.comparePercent(RULE, rate.printed, value, over.value, () => ({
      locations: [rate.sentence.location, ...over.locations.filter((l) => l !== rate.sentence.location)],
      label: {
        zh: `“${actual.entity}”预算完成率（${value.toFixed()} ÷ ${over.value.toFixed()}）`,
        en: `completion rate of "${actual.entity}" (${value.toFixed()} / ${over.value.toFixed()})`,
      },
    }));
  }
}

export const rule = defineRule(RULE, '预算完成率按所述金额重算一致', 'Completion rates recompute from the stated figures', (ctx) => checkCompletion(ctx, textOf(ctx)));
