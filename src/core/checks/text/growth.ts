// A stated change and its growth rate agree: 增加446.58万元，增长50.99% means 446.58 / (current − 446.58).
// The prior year is not in the tables, so the current figure is the one the text states for the subject,
// else the tables'; the stated current is checked against the tables by text.amount.
import type { Context, Operand } from '../context.ts';
import type { Figure, TextFigures } from './extract.ts';
import { isResolved, resolve } from './lexicon.ts';
import { mark, note, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.growth';

export function checkGrowth(ctx: Context, text: TextFigures): void {
  for (const rate of text.figures) {
    if (rate.role !== 'growth') continue;
    const change = rate.from;
    if (!change) {
      note(rate, 'no stated change to recompute the rate from (the prior year is not in the tables)');
      continue;
    }
    const current = currentOf(ctx, change, text);
    if (!current) {
      note(rate, `the current figure of "${change.entity}" is neither stated nor in the tables`);
      note(change, `the current figure of "${change.entity}" is neither stated nor in the tables`);
      continue;
    }
    const amount = statedOperand(change, ctx.filing.unit).value;
    if (change.sign !== undefined && rate.sign !== undefined && change.sign !== rate.sign) {
      mark(rate, RULE);
      mark(change, RULE);
      ctx.fail(RULE, 'error', {
        locations: [rate.sentence.location],
        message: { zh: `增减方向不一致：所述金额${change.sign > 0 ? '增加' : '减少'}，比率却为${rate.sign > 0 ? '增长' : '下降'}`, en: 'the change and its rate point in opposite directions' },
      });
      continue;
    }
    const prior = current.value.minus(amount.times(change.sign ?? rate.sign ?? 1));
    mark(rate, RULE);
    mark(change, RULE);
    if (prior.lte(0)) {
      ctx.skip(RULE, [rate.sentence.location], {
        zh: `上年数（${current.value.toFixed()} − ${amount.toFixed()}）不为正，增长率无从计算`,
        en: `the prior-year figure (${current.value.toFixed()} − ${amount.toFixed()}) is not positive: no growth rate`,
      });
      continue;
    }
    ctx.comparePercent(RULE, rate.printed, amount, prior, () => {
      const up = rate.sign! > 0;
      const formula = `${amount.toFixed()} ÷ (${current.value.toFixed()} ${up ? '−' : '+'} ${amount.toFixed()})`;
      return {
        locations: [rate.sentence.location, ...current.locations],
        label: {
          zh: `${change.entity || '该项'}${up ? '增长率' : '下降率'}（${formula}）`,
          en: `${up ? 'growth' : 'decline'} rate of "${change.entity}" (${formula.replace('÷', '/')})`,
        },
      };
    });
  }
}

/** The subject's current figure: stated in the paragraph or the section before the change, else from the tables. */
function currentOf(ctx: Context, change: Figure, text: TextFigures): Operand | undefined {
  const stated =
    (change.current && change.current.entity === change.entity ? change.current : undefined) ??
    text.figures.find((f) => f.section === change.section && f.kind === 'amount' && f.role === 'stated' && f.measure !== 'budget' && f.entity === change.entity && f !== change);
  if (stated) {
    mark(stated, RULE);
    return statedOperand(stated, ctx.filing.unit);
  }
  const table = resolve(ctx, change.sentence.scope, change.entity, 'final');
  if (isResolved(table) && table.printed > 0) return table;
  if (change.current) return statedOperand(change.current, ctx.filing.unit);
  return undefined;
}

export const rule = defineRule(RULE, '增减额与增长率相互一致', 'Stated changes and growth rates agree with each other', (ctx) => checkGrowth(ctx, textOf(ctx)));
