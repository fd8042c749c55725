// Running text back into headings and paragraphs, from the lines' geometry: a paragraph ends at a line
// short of the right margin, or where the next line is indented or starts a heading; it runs on over a
// page break. (pdftotext text has only punctuation to go by: text/paragraphs.ts.)
import { squash } from '../layout/lines.ts';
import type { Line } from '../layout/types.ts';
import type { Block } from '../text/paragraphs.ts';

const LEVEL1 = /^[一二三四五六七八九十]+、/;
const LEVEL2 = /^[（(][一二三四五六七八九十]+[）)]/;
const NUMBERED = /^\d+[、.．](?!\d)/;
const SENTENCE = /[，。；：,;]/;

export function pdfBlocks(lines: readonly Line[]): Block[] {
  const texts = lines.filter((l) => squash(l.text) !== '');
  if (texts.length === 0) return [];
  const size = median(texts.map((l) => l.size));
  const left = percentile(texts.map((l) => l.chunks[0]!.x0), 0.2);
  const right = percentile(texts.map((l) => l.chunks.at(-1)!.x1), 0.9);
  const full = (l: Line) => l.chunks.at(-1)!.x1 >= right - 2 * size;
  const indented = (l: Line) => l.chunks[0]!.x0 > left + 1.2 * size;
  const out: Block[] = [];
  let cur: Block | undefined;
  let prev: Line | undefined;
  for (const l of texts) {
    const t = unspaced(l.text.trim());
    const s = squash(t);
    const level = LEVEL1.test(s) ? 1 : LEVEL2.test(s) ? 2 : undefined;
    const starts = !cur || !prev || !full(prev) || indented(l) || level !== undefined || NUMBERED.test(s);
    if (starts) {
      cur = { kind: level === undefined ? 'paragraph' : 'heading', ...(level !== undefined ? { level } : {}), text: t, line: l.index + 1, last: t };
      out.push(cur);
    } else {
      cur!.text += t;
      cur!.last = t;
    }
    prev = l;
  }
  // A numbered line short of the margin and without a sentence in it is a heading of the third level.
  return out.map((b) => (b.kind === 'paragraph' && NUMBERED.test(squash(b.text)) && !SENTENCE.test(b.text) && b.text.length < 40 ? { ...b, kind: 'heading' as const, level: 3 } : b));
}

function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? 0;
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef';
const AROUND = new RegExp(`(?<=[${CJK}])[ \\u00a0]+|[ \\u00a0]+(?=[${CJK}])`, 'g');

/** Chinese has no spaces between words: spaces next to a Chinese character are justification or typing, not text. */
export function unspaced(text: string): string {
  return text.replace(AROUND, '');
}
