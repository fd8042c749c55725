// Reading printed cells. pdftotext without -layout prints a table row as its cells separated by single
// spaces, a blank cell being an empty string, and a line that ends in a blank cell carries one more space;
// with -layout, cells are aligned in columns and a blank cell is only spaces, so position decides.
import { normaliseDecimal } from '../../core/decimal.ts';
import { NOT_APPLICABLE } from '../../core/model/cell.ts';

export type CellRead =
  | { readonly kind: 'blank' }
  | { readonly kind: 'na' }
  | { readonly kind: 'figure'; readonly value: string }
  | { readonly kind: 'text'; readonly text: string };

const NA = /^[─━—–\-－]{2,}$/;

export function readCell(token: string): CellRead {
  const t = token.trim();
  if (t === '') return { kind: 'blank' };
  if (NA.test(t)) return { kind: 'na' };
  const value = normaliseDecimal(t);
  return value === null ? { kind: 'text', text: t } : { kind: 'figure', value };
}

/** The filing's cell for a read cell; text has no cell (it is reported, never turned into a blank or 0). */
export function cellValue(c: CellRead): string | null | undefined {
  return c.kind === 'blank' ? null : c.kind === 'na' ? NOT_APPLICABLE : c.kind === 'figure' ? c.value : undefined;
}

/** A token that is a printed figure or ────, not a name. */
export function isValueToken(token: string): boolean {
  const k = readCell(token).kind;
  return k === 'figure' || k === 'na';
}

/** An integer as printed for 行次 or a project number. */
export function isInteger(token: string): boolean {
  return /^\d{1,3}$/.test(token.trim());
}

// A figure run into the next cell's text ("0.00八、社会保障…"), or ──── run into a code.
const GLUED = /^(-?\d[\d,]*\.\d+|[─━]{2,})([^\d.,─━].*)$/;

/** Non-layout tokens of a line: split on single spaces after dropping the one extra trailing space. */
export function tokens(text: string): string[] {
  let s = text;
  if (s.endsWith(' ')) s = s.slice(0, -1);
  return s.split(' ').flatMap((t) => {
    const m = GLUED.exec(t);
    return m ? [m[1]!, m[2]!] : [t];
  });
}

/** A word of a -layout line with its column span (in characters, as pdftotext places them). */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export function words(text: string): Word[] {
  const out: Word[] = [];
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    if (chars[i] === ' ') {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && chars[i] !== ' ') i++;
    out.push({ text: chars.slice(start, i).join(''), start, end: i });
  }
  return out;
}

/** Words joined into phrases where only single spaces separate them (a name with a space stays one). */
export function phrases(text: string): Word[] {
  const out: Word[] = [];
  for (const w of words(text)) {
    const last = out.at(-1);
    if (last && w.start - last.end === 1 && !isValueToken(w.text) && !isValueToken(last.text)) {
      out[out.length - 1] = { text: `${last.text} ${w.text}`, start: last.start, end: w.end };
    } else out.push(w);
  }
  return out;
}

/** Index of the anchor nearest to a word's centre. */
export function nearest(word: Word, anchors: readonly number[]): number {
  const centre = (word.start + word.end) / 2;
  let best = 0;
  for (let i = 1; i < anchors.length; i++) if (Math.abs(anchors[i]! - centre) < Math.abs(anchors[best]! - centre)) best = i;
  return best;
}

/** A -layout line has columns: some gap of three spaces or more between printed words. */
export function looksLaidOut(text: string): boolean {
  return /\S {3,}\S/.test(text.trim());
}
