// No template placeholder left in any printed name or text: XX局, ××单位, 某某, {单位}.
import type { Context } from '../context.ts';
import { textFields } from '../text/walk.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.placeholder';

// XX / ×× / ＸＸ not inside an ASCII word; 某某; a {token} or ｛token｝ left from a template.
const PLACEHOLDER = /(?<![A-Za-z])(?:[XxＸｘ]{2,}|[×✕✖]{2,})(?![A-Za-z])|某某|[{｛][^{}｛｝]{0,12}[}｝]/g;

/** A character every placeholder starts with: one scan decides for nearly every field. */
const PLACEHOLDER_START = /[XxＸｘ×✕✖某{｛]/;
const ANY_PLACEHOLDER = new RegExp(PLACEHOLDER.source);

export function checkPlaceholders(ctx: Context): void {
  for (const field of ctx.memo('textFields', () => textFields(ctx.filing))) {
    if (!PLACEHOLDER_START.test(field.text) || !ANY_PLACEHOLDER.test(field.text)) {
      ctx.pass(RULE);
      continue;
    }
    const found = [...field.text.matchAll(PLACEHOLDER)].map((m) => m[0]);
    ctx.fail(RULE, 'error', {
      locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, field.text.indexOf(found[0] as string)) }],
      message: {
        zh: `未替换的占位符：${[...new Set(found)].join('、')}`,
        en: `placeholder left in: ${[...new Set(found)].join(', ')}`,
      },
    });
  }
}

/** Up to 60 characters around a position. */
export function excerpt(text: string, at: number): string {
  if (text.length <= 60) return text;
  const start = Math.max(0, at - 25);
  return (start > 0 ? '…' : '') + text.slice(start, start + 60) + (start + 60 < text.length ? '…' : '');
}

export const rule = defineRule(RULE, '无未替换的占位符（XX、××、某某、{单位}）', 'No placeholder left in names or text (XX, ××, 某某, {单位})', checkPlaceholders);
