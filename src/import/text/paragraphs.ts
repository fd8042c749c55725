// Running text back into headings and paragraphs. pdftotext breaks lines at the page margin, so a
// paragraph goes on until a line ends in 。；：！？ or the next line starts a heading or a numbered item;
// a heading also ends at a line short of the margin (headings rarely end in punctuation).
import { displayWidth, type Line } from './lines.ts';

export interface Block {
  readonly kind: 'heading' | 'paragraph';
  /** 一、 → 1, （一） → 2, 1、 → 3. */
  readonly level?: number;
  text: string;
  readonly line: number;
  last: string;
}

const LEVEL1 = /^[一二三四五六七八九十]+、/;
const LEVEL2 = /^[（(][一二三四五六七八九十]+[）)]/;
const NUMBERED = /^\d+[、.．](?!\d)/;
const END = /[。；：！？;:!?]$/;
const SENTENCE = /[，。；：,;]/;

export function blocks(lines: readonly Line[]): Block[] {
  const texts = lines.map((l) => ({ n: l.n, t: l.text.trim() })).filter((x) => x.t !== '');
  const margin = Math.max(0, ...texts.map((x) => displayWidth(x.t)));
  // Within two characters of the margin; a heading may be indented by two more.
  const full = (t: string) => displayWidth(t) >= margin - 4;
  const fullHeading = (t: string) => displayWidth(t) >= margin - 8;
  const out: Block[] = [];
  let cur: Block | undefined;
  for (const { n, t } of texts) {
    const level = LEVEL1.test(t) ? 1 : LEVEL2.test(t) ? 2 : NUMBERED.test(t) && !SENTENCE.test(t) && !full(t) ? 3 : undefined;
    const ended = !cur || END.test(cur.last) || (cur.kind === 'heading' && !fullHeading(cur.last));
    if (ended || level !== undefined || NUMBERED.test(t)) {
      cur = { kind: level === undefined ? 'paragraph' : 'heading', ...(level !== undefined ? { level } : {}), text: t, line: n, last: t };
      out.push(cur);
    } else {
      cur!.text += t;
      cur!.last = t;
    }
  }
  return out;
}
