// Reading one printed line of a table into the row's leading text (code, name) and its cells, the same
// way for both pdftotext modes: without -layout by counting single-space tokens, with -layout by the
// column each figure stands under (the 栏次 line's numbers give the columns).
import { isValueToken, nearest, tokens, words, type Word } from '../cells.ts';
import type { Line } from '../lines.ts';

export interface LineCells {
  /** Tokens before the cells (code parts, name), blanks dropped. */
  readonly lead: string[];
  /** Exactly one token per column, or null when the line carries no cells. */
  cells: string[] | null;
  /** Two figures under one column, or more tokens than columns. */
  readonly clash?: string;
}

/** The centres of the numbered columns on a -layout 栏次 line ("栏次   1    2 …", or "1   2 … 12"). */
export function columnAnchors(signature: Line | undefined, count: number, first = 1): number[] | undefined {
  if (!signature) return undefined;
  const nums = words(signature.text).filter((w) => /^\d+$/.test(w.text));
  const anchors: number[] = [];
  for (let k = first; k < first + count; k++) {
    const w = nums.find((x) => Number(x.text) === k);
    if (!w) return undefined;
    anchors.push((w.start + w.end) / 2);
  }
  return anchors;
}

export function readLine(line: Line, count: number, anchors: readonly number[] | undefined): LineCells {
  return anchors ? readLaidOut(line, count, anchors) : readPlain(line, count);
}

function readPlain(line: Line, count: number): LineCells {
  const toks = tokens(line.text);
  if (line.text.trim() === '') return { lead: [], cells: toks.length === count ? toks : null };
  if (toks.length >= count) {
    const last = toks.slice(-count);
    if (last.some(isValueToken) || last.every((t) => t.trim() === '')) {
      return { lead: toks.slice(0, -count).filter((t) => t.trim() !== ''), cells: last };
    }
  }
  const lead = toks.filter((t) => t.trim() !== '');
  // A figure among too few tokens (a code alone is not one: it starts a row whose cells follow).
  if (lead.some((t) => isValueToken(t) && !/^\d{3,7}$/.test(t))) return { lead, cells: null, clash: `${toks.length} tokens where ${count} cells were expected` };
  return { lead, cells: null };
}

function readLaidOut(line: Line, count: number, anchors: readonly number[]): LineCells {
  const ws = words(line.text);
  const half = anchors.length > 1 ? (anchors[1]! - anchors[0]!) / 2 : 6;
  // By position only: a code at the start of the line is a number too, but it stands left of the cells.
  const inCells = (w: Word) => (w.start + w.end) / 2 >= anchors[0]! - half;
  const firstCell = ws.findIndex(inCells);
  if (firstCell < 0) return { lead: ws.map((w) => w.text), cells: null };
  const lead = ws.slice(0, firstCell).map((w) => w.text);
  const cells: string[] = Array.from({ length: count }, () => '');
  let clash: string | undefined;
  for (const w of ws.slice(firstCell)) {
    const i = nearest(w, anchors);
    if (cells[i] !== '') clash = `"${cells[i]}" and "${w.text}" under one column`;
    cells[i] = cells[i] === '' ? w.text : `${cells[i]} ${w.text}`;
  }
  return { lead, cells, ...(clash ? { clash } : {}) };
}

/** Name pieces joined: words on one line keep their space, lines of a wrapped name join directly. */
export function joinName(parts: readonly { n: number; text: string }[]): string {
  let out = '';
  parts.forEach((p, i) => {
    out += i > 0 && parts[i - 1]!.n === p.n ? ' ' + p.text : p.text;
  });
  return out.trim();
}
