// Every titled table of a document: its title line, its region (to the next title, a part heading or the
// prose after it), its frame and its grid. Used for filings and for any other set of tables (budgets).
import { readGrid, type Grid } from '../layout/grid.ts';
import { squash } from '../layout/lines.ts';
import type { Line } from '../layout/types.ts';
import { NUMBER_LINE, findTitles, readFrame, titleOf, type Frame, type TitleMatch } from './locate.ts';

export interface LocatedTable<T> extends TitleMatch<T> {
  readonly line: Line;
  /** The region's lines, title first. */
  readonly region: readonly Line[];
  readonly frame: Frame;
  readonly grid: Grid;
}

const PART = /^第[一二三四五六七八九十]+部分/;
const NOTE = /^(注[:：]|说明[:：]|注\d*[:：.])/;
/** Prose: a sentence, not a row. */
const PROSE = /[。；]|^.{40,}$/;
const SECTION_HEADING = /^(?:[一二三四五六七八九十]+、)?.{2,30}(?:情况说明|名词解释|说明)$/;

export interface LocateOptions {
  /** Lines to leave out: page furniture and the 目录. */
  readonly skip: ReadonlySet<number>;
  readonly isRowLabel?: (label: string) => boolean;
}

export function locateTables<T extends { id: string; title: string; aliases?: readonly string[] }>(lines: readonly Line[], defs: readonly T[], options: LocateOptions): LocatedTable<T>[] {
  const titles = findTitles(lines, defs, options.skip);
  const titleLines = new Set(titles.map((t) => t.index));
  const byIndex = new Map(lines.map((l, i) => [l.index, i]));
  return titles.map((t) => {
    const from = byIndex.get(t.index)!;
    const region: Line[] = [lines[from]!];
    let inNote = false;
    for (let i = from + 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (options.skip.has(l.index)) continue;
      if (titleLines.has(l.index)) break;
      const s = squash(l.text);
      // Its title printed again over a continuation, or the next table's number on a line of its own.
      if (titleOf(l.text, [t.def])) {
        region.push({ ...l, chunks: [], text: '' }); // printed again (a heading above, or a continuation): no content
        continue;
      }
      if (NUMBER_LINE.test(s)) {
        const next = lines.slice(i + 1, i + 4).find((x) => titleLines.has(x.index));
        if (next) break;
        region.push({ ...l, chunks: [], text: '' });
        continue;
      }
      if (PART.test(s)) break;
      if (NOTE.test(s)) inNote = true;
      else if (inNote) {
        // A note goes on over lines set close under it; a gap or a new page ends it.
        const prev = region.at(-1)!;
        if (prev.page !== l.page || l.y - prev.y > 2.2 * l.size || SECTION_HEADING.test(s)) break;
      } else if (region.length > 2 && l.chunks.length <= 2 && (PROSE.test(s) || SECTION_HEADING.test(s)) && !hasFigures(l)) break; // prose is one run; a table's line has cells
      region.push(l);
    }
    // Its number printed on a line of its own: just above the title, or among the first lines under it.
    const above = lines.slice(Math.max(0, from - 2), from).reverse().find((x) => NUMBER_LINE.test(squash(x.text)));
    const below = lines.slice(from + 1, from + 4).find((x) => NUMBER_LINE.test(squash(x.text)));
    const number = t.number ?? (below ?? above ? squash((below ?? above)!.text) : undefined);
    const frame = readFrame(region);
    const grid = readGrid(frame.body, options.isRowLabel ? { isRowLabel: options.isRowLabel } : {});
    return { ...t, ...(number ? { number } : {}), line: lines[from]!, region, frame, grid };
  });
}

function hasFigures(l: Line): boolean {
  return l.chunks.some((c) => /^[-−]?[\d,]+\.\d+$/.test(c.text));
}
