// A share (占比45.91%) recomputes from the stated amount and its base: the amount a 其中 list belongs to,
// or the base the sentence names (占本年支出合计的…, 占政府采购支出总额的…), stated or from the tables.
import type { Context, Operand } from '../context.ts';
import type { Figure, TextFigures } from './extract.ts';
import { isResolved, resolve } from './lexicon.ts';
import { mark, note, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.share';

export function checkShares(ctx: Context, text: TextFigures): void {
  for (const share of text.figures) {
    if (share.role !== 'share') continue;
    const part = share.from;
    if (!part) {
      note(share, 'no stated amount before the share');
      continue;
    }
    const base = baseOf(ctx, share, text);
    if (typeof base === 'string') {
      note(share, base);
      continue;
    }
    mark(share, RULE);
    mark(part, RULE);
    const value = statedOperand(part, ctx.filing.unit).value;
    if (base.value.eq(0)) {
      ctx.skip(RULE, [share.sentence.location, ...base.locations], { zh: '占比的基数为0，无从计算', en: 'the base of the share is 0' });
      continue;
    }
    ctx.comparePercent(RULE, share.printed, value, base.value, () => ({
      locations: [share.sentence.location, ...base.locations],
      label: {
        zh: `“${part.entity}”占比（${value.toFixed()} ÷ ${base.value.toFixed()}）`,
        en: `share of "${part.entity}" (${value.toFixed()} / ${base.value.toFixed()})`,
      },
    }));
  }
}

function baseOf(ctx: Context, share: Figure, text: TextFigures): Operand | string {
  if (share.base) {
    const stated = text.figures.find((f) => f.section === share.section && f.kind === 'amount' && f.role === 'stated' && f.entity === share.base);
    if (stated) {
      mark(stated, RULE);
      return statedOperand(stated, ctx.filing.unit);
    }
    const table = resolve(ctx, share.sentence.scope, share.base, undefined);
    return isResolved(table) ? table : `the base "${share.base}": ${table.unresolved}`;
  }
  if (share.over) {
    mark(share.over, RULE);
    return statedOperand(share.over, ctx.filing.unit);
  }
  return 'no base amount (其中…) stated before the share';
}

export const rule = defineRule(RULE, '占比按所述金额重算一致', 'Shares recompute from the stated figures', (ctx) => checkShares(ctx, textOf(ctx)));
