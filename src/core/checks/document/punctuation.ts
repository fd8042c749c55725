// Doubled punctuation (。。, ，，, ；；): a sentence edited and not reread. …… and —— are punctuation marks of their own.
import type { Context } from '../context.ts';
import { textFields } from '../text/walk.ts';
import { excerpt } from './placeholder.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.punctuation';
const DOUBLED = /([。，；：、！？,;])\s*\1|[。；][，、]|[，、][。；]/;

export function checkPunctuation(ctx: Context): void {
  for (const field of ctx.memo('textFields', () => textFields(ctx.filing))) {
    if (field.kind !== 'paragraph' && field.kind !== 'heading') continue;
    const m = DOUBLED.exec(field.text);
    if (!m) {
      ctx.pass(RULE);
      continue;
    }
    ctx.fail(RULE, 'warning', {
      locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, m.index) }],
      message: { zh: `标点重复或连用：“${m[0]}”`, en: `doubled punctuation: "${m[0]}"` },
    });
  }
}

export const rule = defineRule(RULE, '无重复标点（。。、，，）', 'No doubled punctuation (。。, ，，)', checkPunctuation);
