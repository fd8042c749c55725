// A rate printed without its % sign (增长0.42), and rates not to two decimals (the script asks for 0.00%).
import type { Context } from '../context.ts';
import { excerpt } from '../document/placeholder.ts';
import type { TextFigures } from './extract.ts';
import { sectionFields } from './walk.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.percent';
/** A rate word, then a number with nothing after it that makes it an amount, a count or a rate. */
const BARE = /(?:增长|下降|上升|降低|占比?|完成(?:年初)?预算的?|执行率为?|进度为?)(?:了|约|为)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.%％]|,\d|\s*(?:万|亿|千|元|个|辆|人|批|台|套|家|项|倍|年|月|日|号|百分点|次|平方|米|天|小时|件|份|册|卷))/;

export function checkPercents(ctx: Context, text: TextFigures): void {
  const fields = [...sectionFields('narrative', 'narrative/explanation', ctx.filing.narrative.explanation), ...(ctx.filing.performance ? sectionFields('performance', 'performance/sections', ctx.filing.performance.sections) : [])];
  for (const field of fields) {
    if (field.kind !== 'paragraph') continue;
    const m = BARE.exec(field.text);
    if (!m) continue;
    ctx.fail(RULE, 'error', {
      locations: [{ part: field.part, path: field.path, excerpt: excerpt(field.text, m.index) }],
      message: { zh: `比率缺少百分号：“${m[0]}”`, en: `a rate printed without its % sign: "${m[0]}"` },
    });
  }
  // Not to two decimals: one note a paragraph, however many rates it prints (a long paragraph is no flood).
  const loose = new Map<string, { first: (typeof text.figures)[number]; count: number }>();
  for (const f of text.figures) {
    if (f.kind !== 'percent') continue;
    const decimals = f.printed.split('.')[1]?.length ?? 0;
    if (decimals === 2 || f.printed === '0' || f.printed === '100') {
      ctx.pass(RULE);
      continue;
    }
    const seen = loose.get(f.sentence.location.path);
    if (seen) seen.count++;
    else loose.set(f.sentence.location.path, { first: f, count: 1 });
  }
  for (const { first, count } of loose.values()) {
    const at = first.sentence.location;
    ctx.fail(RULE, 'info', {
      locations: [{ ...at, excerpt: excerpt(at.excerpt, Math.max(0, at.excerpt.indexOf(first.printed))) }],
      message: {
        zh: `百分比${first.printed}%${count > 1 ? `等${count}处` : ''}未保留两位小数`,
        en: `the percentage ${first.printed}%${count > 1 ? ` and ${count - 1} more in this paragraph` : ''} not given to two decimals`,
      },
    });
  }
}

export const rule = defineRule(RULE, '百分比带%号，保留两位小数', 'Percentages carry their % sign, to two decimals', (ctx) => checkPercents(ctx, textOf(ctx)));
