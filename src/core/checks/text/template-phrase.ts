// Wording left from the template's script: 增加（减少）, 下降（增长）, 大于（小于）, the template's own instructions.
import type { Context } from '../context.ts';
import { excerpt } from '../document/placeholder.ts';
import { textFields } from './walk.ts';
import { defineRule } from '../rule.ts';

const RULE = 'text.template-phrase';
const PAIRS = ['增加', '减少', '增长', '下降', '上升', '降低', '大于', '小于', '高于', '低于'];
const ALTERNATIVE = new RegExp(`(${PAIRS.join('|')})[（(](${PAIRS.join('|')})[）)]`);
const INSTRUCTION = /[（(](?:如持平作持平表述|不涉及的不列|仅有一个单位的部门[^）)]*|据实填写|根据实际情况填写)[）)]/;

export function checkTemplatePhrases(ctx: Context): void {
  for (const field of ctx.memo('textFields', () => textFields(ctx.filing))) {
    if (field.kind !== 'paragraph') continue;
    const m = ALTERNATIVE.exec(field.text) ?? INSTRUCTION.exec(field.text);
    if (!m) {
      ctx.pass(RULE);
      continue;
    }
    ctx.fail(RULE, 'error', {
      locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, m.index) }],
      message: { zh: `模板用语未替换：“${m[0]}”`, en: `template wording left in: "${m[0]}"` },
    });
  }
}

export const rule = defineRule(RULE, '无模板遗留用语（增加（减少）、下降（增长））', 'No template wording left in (增加（减少）, 下降（增长）)', checkTemplatePhrases);
