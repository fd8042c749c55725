// The year in every heading and sentence is the filing's year. A sentence may compare with the year before
// (比2022年减少) and may date a document of the year after (2024年8月); any other year in 情况说明 or the
// attachment is a warning (a report copied from another year), in a heading or a table header an error.
import type { Context } from '../context.ts';
import { sentences, textFields, type Sentence } from '../text/walk.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.year';
const YEAR = /(?<!\d)((?:19|20)\d{2})\s*年(\s*\d{1,2}\s*月)?/g;
const DIGIT = /\d/;

export function checkYears(ctx: Context): void {
  const year = ctx.filing.year;
  ctx.filing.tables.forEach((table, index) => {
    if (table.year === undefined) return;
    if (table.year === year) return ctx.pass(RULE);
    const number = table.number ?? ctx.table(table.id)?.def.number;
    ctx.fail(RULE, 'error', {
      locations: [{ table: table.id, ...(number ? { number } : {}) }, { part: 'document', path: `/tables/${index}/year`, excerpt: `${table.year}年度` }],
      expected: String(year),
      actual: String(table.year),
      message: { zh: `${number ?? table.title}表头年度为${table.year}年度，报告为${year}年度`, en: `${number ?? table.title} is headed ${table.year}; the filing is for ${year}` },
    });
  });

  for (const field of ctx.memo('textFields', () => textFields(ctx.filing))) {
    // 职责、机构、名词解释 describe standing matters and may cite any year; only what reports the year is checked.
    const reports = field.kind === 'heading' || (field.kind === 'paragraph' && field.headings !== undefined) || field.statement === true;
    if (!reports) continue;
    const heading = field.kind === 'heading';
    if (!DIGIT.test(field.text)) continue;
    YEAR.lastIndex = 0;
    for (let m = YEAR.exec(field.text); m !== null; m = YEAR.exec(field.text)) {
      const y = Number(m[1]);
      if (y === year || (!heading && (y === year - 1 || (y === year + 1 && m[2] !== undefined)))) {
        ctx.pass(RULE);
        continue;
      }
      const sentence = heading ? field.text : sentenceAt(field.text, m.index);
      ctx.fail(RULE, heading ? 'error' : 'warning', {
        locations: [{ part: field.part, path: field.path, excerpt: sentence }],
        expected: String(year),
        actual: String(y),
        message: heading
          ? { zh: `标题年度为${y}年，报告为${year}年度`, en: `a heading names ${y}; the filing is for ${year}` }
          : { zh: `句中年度${y}年既非决算年度${year}年，也非比较的上年`, en: `the sentence names ${y}, neither the filing's year ${year} nor the year before` },
      });
    }
  }
}

/** The sentence of a paragraph that holds a position. */
function sentenceAt(paragraph: string, at: number): string {
  const all = sentences(paragraph);
  for (let i = all.length - 1; i >= 0; i--) {
    const s = all[i] as Sentence;
    if (s.start <= at) return s.text;
  }
  return paragraph;
}

export const rule = defineRule(RULE, '标题与文字中的年度为决算年度（比较时为上年）', "Years in headings and sentences are the filing's year (or the year before, where compared)", checkYears);
