// Comparison words against the figures they compare. "年初预算为A万元，支出决算为B万元…决算数大于预算数" needs B > A;
// 小于 B < A; 持平 / 等于 B = A. "与上年相比…持平" with a change stated that is not 0 contradicts itself too.
import type { Context } from '../context.ts';
import type { TextLocation } from '../finding.ts';
import type { Figure, TextFigures } from './extract.ts';
import { statedOperand } from './operand.ts';
import { sectionFields, sentences } from './walk.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.direction';
const COMPARISON = /决算数?(?:数)?(大于|高于|超过|多于|小于|低于|少于|等于|与(?:年初)?预算数?(?:基本)?持平|(?:基本)?持平于?)(?:年初)?预算数?/;

export function checkDirections(ctx: Context, text: TextFigures): void {
  const byParagraph = new Map<string, Figure[]>();
  for (const f of text.figures) {
    const key = f.sentence.location.path;
    (byParagraph.get(key) ?? byParagraph.set(key, []).get(key)!).push(f);
  }
  for (const field of sectionFields('narrative', 'narrative/explanation', ctx.filing.narrative.explanation)) {
    if (field.kind !== 'paragraph') continue;
    const figures = byParagraph.get(field.path) ?? [];
    for (const s of sentences(field.text)) {
      const location = { part: field.part, path: field.path, excerpt: s.text };
      const m = COMPARISON.exec(s.text);
      if (m) compare(ctx, m, location, figures.filter((f) => f.sentence.start <= s.start));
      unchanged(ctx, s.text, location);
    }
  }
}

type Where = TextLocation;

function compare(ctx: Context, m: RegExpExecArray, location: Where, before: readonly Figure[]): void {
  const amounts = before.filter((f) => f.kind === 'amount' && f.role === 'stated');
  const budget = amounts.filter((f) => f.measure === 'budget').at(-1);
  const final = amounts.filter((f) => f.measure === 'final').at(-1);
  if (!budget || !final) {
    ctx.skip(RULE, [location], { zh: '比较句前未找到年初预算数与决算数', en: 'no budget and actual figures stated before the comparison' });
    return;
  }
  const b = statedOperand(budget, ctx.filing.unit).value;
  const a = statedOperand(final, ctx.filing.unit).value;
  const word = m[1]!;
  const wanted = /大于|高于|超过|多于/.test(word) ? 1 : /小于|低于|少于/.test(word) ? -1 : 0;
  const actual = a.gt(b) ? 1 : a.lt(b) ? -1 : 0;
  // 基本持平: close, not equal; within one per cent of the budget.
  const roughly = word.includes('基本') && a.minus(b).abs().times(100).lte(b.abs());
  if (wanted === actual || roughly) return ctx.pass(RULE);
  ctx.fail(RULE, 'error', {
    locations: [location, ...(budget.sentence.location.excerpt !== location.excerpt ? [budget.sentence.location] : [])],
    expected: actual > 0 ? '大于' : actual < 0 ? '小于' : '持平',
    actual: word,
    message: {
      zh: `比较用语与数字不符：决算数${a.toFixed()}、年初预算数${b.toFixed()}，文中却称“${m[0]}”`,
      en: `the comparison contradicts the figures: actual ${a.toFixed()}, budget ${b.toFixed()}, yet the text says "${m[0]}"`,
    },
  });
}

/** 持平 followed, in the same sentence, by a change that is not 0 (a 其中 list may say 持平 of another item before). */
function unchanged(ctx: Context, sentence: string, location: Where): void {
  if (!sentence.includes('持平') || COMPARISON.test(sentence)) return;
  const clauses = sentence.split(/[，,]/);
  clauses.forEach((clause, i) => {
    if (!clause.includes('持平') || clause.includes('基本持平')) return; // 基本持平: a small change is what it says
    for (const c of [clause.slice(clause.indexOf('持平')), clauses[i + 1] ?? '']) {
      const moved = MOVED.exec(c);
      if (!moved || /^0(?:\.0+)?$/.test(moved[2]!)) continue;
      ctx.fail(RULE, 'error', {
        locations: [location],
        message: { zh: `称“持平”，却列出${moved[1]}${moved[2]}${moved[3]}`, en: `the text says 持平 (unchanged) yet states ${moved[1]} ${moved[2]}${moved[3]}` },
      });
      return;
    }
  });
}

const MOVED = /(增加|减少|增长|下降|上升|降低)了?(\d+(?:\.\d+)?)(万元|亿元|元|%)/;

export const rule = defineRule(RULE, '比较用语（大于、小于、持平）与所述数字相符', 'Comparison words (大于, 小于, 持平) agree with the figures compared', (ctx) => checkDirections(ctx, textOf(ctx)));
