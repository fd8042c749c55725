// A difference or a change is explained, and the explanation is not left blank: "主要原因：。", "主要原因是"
// at the end of a paragraph, or a comparison with the budget (决算数大于预算数) with no reason in its paragraph.
import type { Context } from '../context.ts';
import { excerpt } from '../document/placeholder.ts';
import { sectionFields } from './walk.ts';
import { defineRule } from '../rule.ts';

const RULE = 'text.reason';
// Only 主要原因 with nothing before the full stop: 原因如下： introduces a list, and 因工作原因。 is a reason.
const BLANK = /主要原因(?:是|为)?[：:]?\s*[。；;]/;
const COMPARED = /决算数?(?:大于|高于|超过|多于|小于|低于|少于)(?:年初)?预算数?/;

export function checkReasons(ctx: Context): void {
  for (const field of sectionFields('narrative', 'narrative/explanation', ctx.filing.narrative.explanation)) {
    if (field.kind !== 'paragraph') continue;
    const blank = BLANK.exec(field.text);
    if (blank) {
      ctx.fail(RULE, 'error', {
        locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, blank.index) }],
        message: { zh: `原因句未写完：“${blank[0]}”`, en: `the reason is left blank: "${blank[0]}"` },
      });
      continue;
    }
    const compared = COMPARED.exec(field.text);
    if (compared && !/原因|由于|因为|主要是|系/.test(field.text.slice(compared.index))) {
      ctx.fail(RULE, 'warning', {
        locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, compared.index) }],
        message: { zh: `“${compared[0]}”之后未说明原因`, en: `"${compared[0]}" is stated without its reason` },
      });
      continue;
    }
    if (compared) ctx.pass(RULE);
  }
}

export const rule = defineRule(RULE, '说明了增减或差异的原因，且原因句完整', 'A change or difference is explained, and the reason is not left blank', checkReasons);
