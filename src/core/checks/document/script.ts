// 情况说明 has every section its template's script asks for (Shanghai: 一、收入支出决算总体情况说明 … 十一).
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.script';
const ORDINAL = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const plain = (s: string) => s.replace(/\s+/g, '').replace(ORDINAL, '').replace(/["“”]/g, '"').replace(/的/g, '');

export function checkScript(ctx: Context): void {
  const script = ctx.template?.script;
  if (!script) return;
  const headings = ctx.filing.narrative.explanation.map((s) => plain(s.heading));
  for (const name of script) {
    const want = plain(name);
    // A report may word a heading a little longer (…情况说明) or shorter (…情况): the script's words lead.
    if (headings.some((h) => h === want || h.startsWith(want.replace(/说明$/, '')) || want.startsWith(h.replace(/说明$/, '')) && h.length >= 4)) {
      ctx.pass(RULE);
      continue;
    }
    ctx.fail(RULE, 'warning', {
      locations: [{ part: 'narrative', path: '/narrative/explanation', excerpt: name }],
      message: { zh: `情况说明缺少模板要求的部分：${name}`, en: `情况说明 lacks a section the template's script requires: ${name}` },
    });
  }
}

export const rule = defineRule(RULE, '情况说明含模板要求的各部分', "情况说明 has every section the template's script requires", checkScript);
