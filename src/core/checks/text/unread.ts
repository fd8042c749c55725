// Sentences that state figures none of which could be tied to a table, the attachment or another figure:
// reported as skipped (never as passed), with what was read and why it could not be checked.
import type { Context } from '../context.ts';
import type { UnreadSentence } from '../finding.ts';
import { defineRule } from '../rule.ts';
import { textOf, type TextFigures } from './extract.ts';

const RULE = 'text.unread';

export function checkUnread(ctx: Context, text: TextFigures): UnreadSentence[] {
  const unread: UnreadSentence[] = [];
  for (const sentence of text.sentences) {
    if (sentence.figures.length === 0) continue;
    if (sentence.figures.some((f) => f.checkedBy.length > 0)) {
      ctx.pass(RULE);
      continue;
    }
    const reasons = [...new Set(sentence.figures.map((f) => `${f.printed}${f.unit}${f.entity ? `（${f.entity}）` : ''}: ${f.note ?? 'not checked'}`))];
    const reason = reasons.join('; ');
    unread.push({ location: sentence.location, reason });
    ctx.skip(RULE, [sentence.location], {
      zh: `未能核对此句所列数字：${sentence.figures.map((f) => `${f.printed}${f.unit}`).join('、')}`,
      en: `none of the figures in this sentence could be checked: ${reason}`,
    });
  }
  return unread;
}

/** The sentences text.unread listed in this run (empty before it ran). */
export function unreadOf(ctx: Context): UnreadSentence[] {
  return ctx.memo<UnreadSentence[]>('unread', () => []);
}

export const rule = defineRule(RULE, '文字中无法解读的含数字句子', 'Sentences with figures that could not be read', (ctx) => {
  unreadOf(ctx).push(...checkUnread(ctx, textOf(ctx)));
}, { last: true });
