// Runs → lines → chunks. A line is the runs of one page whose baselines agree within a fraction of the
// font size; within a line, runs closer than about one character are one chunk (a name drawn in pieces),
// and a wider gap separates cells.
import type { Chunk, Line, Page, Run } from './types.ts';

/** Runs on one baseline: within this share of the font size. */
const BASELINE = 0.45;
/** Runs closer than this share of the font size are one chunk. */
const JOIN = 0.6;

export function toLines(pages: readonly Page[]): Line[] {
  const out: Line[] = [];
  for (const page of pages) {
    const runs = [...page.runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
    const groups: Run[][] = [];
    for (const r of runs) {
      const g = groups.at(-1);
      const y = g ? median(g.map((x) => x.y)) : 0;
      if (g && Math.abs(r.y - y) <= BASELINE * Math.max(r.size, g[0]!.size)) g.push(r);
      else groups.push([r]);
    }
    for (const g of groups) {
      const chunks = chunksOf(g.sort((a, b) => a.x0 - b.x0));
      out.push({ page: page.number, y: median(g.map((r) => r.y)), size: median(g.map((r) => r.size)), chunks, text: textOf(chunks), index: out.length });
    }
  }
  return out;
}

function chunksOf(runs: readonly Run[]): Chunk[] {
  const out: Chunk[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    // A word spaced out letter by letter (合 计, 项 目): single Chinese characters about one apart.
    if (last && spacedOut(last, r)) {
      out[out.length - 1] = { ...last, text: last.text + r.text, x1: Math.max(last.x1, r.x1), spaced: true };
      continue;
    }
    const gap = r.x0 - (last?.x1 ?? 0);
    if (last && gap < JOIN * Math.min(r.size, last.size) && !separate(last.text, r.text, gap / Math.min(r.size, last.size))) {
      out[out.length - 1] = { ...last, text: last.text + r.text, x1: Math.max(last.x1, r.x1) };
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

// A figure printed close to the next cell's text or figure is a cell of its own, and so is a code
// before its name: "96,282,213.44一、公共安全支出", "30207邮电费". Some producers draw every glyph
// as a run of its own: runs that touch are one word.
const FIGURE = /^[-−]?[\d,]+(?:\.\d+)?%?$/;
function separate(a: string, b: string, gap: number): boolean {
  const fa = FIGURE.test(a);
  const fb = FIGURE.test(b);
  // Glyphs of one number drawn one by one touch; two figures of two cells do not.
  const cjkEnd = /[\u3400-\u9fff）)]$/;
  // A name and the 行次 beside it (本年收入合计 | 27), a code and its name, drawn close: two cells.
  if (gap > 0.2 && ((cjkEnd.test(a) && /^\d{1,3}$/.test(b)) || (/^\d{1,3}$/.test(a) && /^[\u3400-\u9fff]/.test(b) && !/^[年月日万元个项次]/.test(b)))) return true;
  return (fa && fb && gap > 0.15) || (fa && /[.,]/.test(a) && /^[\u3400-\u9fff（(一二三四五六七八九十]/.test(b)) || (/^\d{3,7}$/.test(a) && /^[^\d.,%]/.test(b) && !/^[年月日万元个项次]/.test(b)) || (fb && /[.,]/.test(b) && /[\u3400-\u9fff]$/.test(a) && !/[为计约达占是]$/.test(a));
}

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/**
 * A line's text: chunks far apart get a space between them, as pdftotext -layout would print one. Chinese
 * is written without spaces: justified text spaces its characters out, and that is no word break.
 */
export function textOf(chunks: readonly Chunk[]): string {
  let s = '';
  chunks.forEach((c, i) => {
    const prev = chunks[i - 1];
    const gap = prev ? (c.x0 - prev.x1) / Math.min(c.size, prev.size) : 0;
    const chinese = prev !== undefined && (WIDE.test(prev.text.at(-1) ?? '') || WIDE.test(c.text[0] ?? ''));
    s += prev && (chinese ? gap >= 2 : gap >= JOIN) ? ' ' + c.text : c.text;
  });
  return s;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)]!;
}

/** Whitespace removed and quotes made alike: the text importer's, shared. */
export { squash } from '../text/lines.ts';

function spacedOut(last: Chunk, r: Run): boolean {
  const gap = (r.x0 - last.x1) / Math.min(r.size, last.size);
  const single = (t: string) => /^[\u3400-\u9fff]$/.test(t);
  // The chunk so far may already be the letters joined (合计); its last letter and this one stand alone.
  return gap >= JOIN && gap < 1.2 && single(r.text) && (single(last.text) || (last.spaced === true));
}
