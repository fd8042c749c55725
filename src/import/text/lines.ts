// The report text as numbered lines, and the small lexical tools every part of the importer shares.

export interface Line {
  /** 1-based line number in the input, for the import report. */
  readonly n: number;
  /** The line as printed, without the form feed pdftotext puts at a page start. */
  readonly text: string;
}

export function toLines(text: string): Line[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, i) => ({ n: i + 1, text: t.replace(/\f/g, '').replace(/\t/g, ' ') }));
}

const QUOTES = /[“”"「」『』＂]/g;

/** Whitespace removed and quotes made alike: pdftotext wraps Chinese text anywhere and fonts differ in quotes. */
export function squash(s: string): string {
  return s.replace(/[\s\u3000]+/g, '').replace(QUOTES, '"');
}

const ALL_QUOTES = /["“”'‘’「」]/g;
const PARENS: Record<string, string> = { '（': '(', '）': ')' };
/** Printed text compared by meaning: no spaces, quotes or punctuation variants (a title, a header, a row's name). */
export function normalise(s: string): string {
  return squash(s).replace(ALL_QUOTES, '').replace(/[（）]/g, (c) => PARENS[c]!).replace(/[:：]/g, '');
}

/** Ordinal prefixes as printed before names (一、 （一） 1. 1、), removed to compare a name with the template's. */
export function bareName(s: string): string {
  return squash(s)
    .replace(/^[一二三四五六七八九十]+、/, '')
    .replace(/^[（(][一二三四五六七八九十]+[）)]/, '')
    .replace(/^\d+[.、．]/, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')');
}

export const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Display width: a Chinese character or full-width sign takes two columns, ASCII one. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u303f]/.test(ch) ? 2 : 1;
  return w;
}

/** A 1-based year that a text names as its fiscal year: 2023年度, 2023年. */
export const YEAR_OF = /((?:19|20)\d{2})\s*年度?/;
