// Tables printed in two halves side by side, income on the left and expenditure on the right, each line
// numbered by 行次 (01表, 04表). 行次 anchors the rows: a name is what is printed before its 行次 (wrapped
// names come on the lines above it without -layout), the cells are the tokens right after it.
import type { Cell } from '../../../core/model/cell.ts';
import type { Row, Section } from '../../../core/model/table.ts';
import type { SectionDef, TableDef } from '../../../core/templates/types.ts';
import type { Recorder } from '../../report.ts';
import { isInteger, isValueToken, nearest, tokens, words } from '../cells.ts';
import type { Frame } from '../header.ts';
import { bareName } from '../lines.ts';
import { absentRow, fixedRow, valuesOf } from '../rows.ts';
import { section } from './coded.ts';
import { columnAnchors, joinName } from './layout.ts';

interface Entry {
  readonly side: 0 | 1;
  readonly lineNo: number;
  readonly at: number;
  name: { n: number; text: string }[];
  readonly cells: string[];
}

interface Side {
  readonly def: SectionDef;
  readonly min: number;
  readonly max: number;
  readonly width: number;
}

export function readTwoSidedTable(def: TableDef, frame: Frame, rec: Recorder, place: string): Section[] {
  const sides = def.sections.map((s): Side => {
    const lines = s.rows.map((r) => r.line!).filter((x) => x !== undefined);
    return { def: s, min: Math.min(...lines), max: Math.max(...lines), width: s.columns.length };
  }) as [Side, Side];
  // Income 行次 run from 1; the unprinted lines between (9–26) belong to the income side too.
  const ranges: [number, number][] = [[1, sides[1].min - 1], [sides[1].min, sides[1].max]];
  const entries = frame.laidOut ? laidOutEntries(frame, sides, ranges, rec, place) : plainEntries(frame, sides, ranges, rec, place);
  return sides.map((side, si) => {
    const rows: Row[] = [];
    const mine = entries.filter((e) => e.side === si);
    for (const rdef of side.def.rows) {
      const e = mine.find((x) => x.lineNo === rdef.line);
      if (!e) {
        const r = absentRow(side.def, rdef, frame.statement, rec, place, frame.signature?.n);
        if (r) rows.push(r);
        continue;
      }
      const name = joinName(e.name);
      const at = { line: e.at, place: `${place} ${side.def.title ?? side.def.id} 行次${rdef.line}` };
      if (name !== '' && bareName(name) !== bareName(rdef.name)) rec.note(at, `${at.place}: printed name "${name}", the template's is "${rdef.name}"`);
      const values: Record<string, Cell> = valuesOf(side.def.columns, e.cells, rec, at);
      rows.push(fixedRow(rdef, name, values));
    }
    for (const e of mine) {
      if (side.def.rows.some((r) => r.line === e.lineNo)) continue;
      const printed = [joinName(e.name), ...e.cells].filter((c) => c.trim() !== '');
      if (printed.length) rec.unplaced({ line: e.at, place: `${place} 行次${e.lineNo}` }, printed.join(' '), `${place}: 行次${e.lineNo} is not a row of the template`);
    }
    return section(side.def, rows);
  });
}

/** Without -layout: one stream of tokens; each 行次 takes the text before it as its name and the next tokens as cells. */
function plainEntries(frame: Frame, sides: [Side, Side], ranges: [number, number][], rec: Recorder, place: string): Entry[] {
  const entries: Entry[] = [];
  const last = [0, ranges[1]![0] - 1];
  let pending: { n: number; text: string }[] = [];
  for (const line of frame.body) {
    if (line.text.trim() === '') continue;
    const toks = tokens(line.text);
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!.trim();
      const side = isInteger(t) ? sideOf(Number(t), ranges, last) : undefined;
      if (side === undefined) {
        if (t !== '') pending.push({ n: line.n, text: t });
        continue;
      }
      const width = sides[side].width;
      const cells = toks.slice(i + 1, i + 1 + width);
      if (cells.length < width) {
        rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: 行次${t} is followed by ${cells.length} cell(s) where ${width} are printed`);
        while (cells.length < width) cells.push('');
      }
      entries.push({ side, lineNo: Number(t), at: line.n, name: pending, cells });
      last[side] = Number(t);
      pending = [];
      i += width;
    }
  }
  if (pending.length) rec.unplaced({ line: pending[0]!.n, place }, joinName(pending), `${place}: text after the last 行次 that belongs to no row`);
  return entries;
}

function sideOf(n: number, ranges: [number, number][], last: number[]): 0 | 1 | undefined {
  for (const s of [0, 1] as const) if (n >= ranges[s]![0] && n <= ranges[s]![1] && n > last[s]!) return s;
  return undefined;
}

/** With -layout: columns by position; a 行次 under a 行次 header starts an entry, text below it continues its name. */
function laidOutEntries(frame: Frame, sides: [Side, Side], ranges: [number, number][], rec: Recorder, place: string): Entry[] {
  const lineHeader = frame.header.find((l) => (l.text.match(/行次/g) ?? []).length >= 2);
  const lineAnchors = lineHeader ? words(lineHeader.text).filter((w) => w.text === '行次').map((w) => (w.start + w.end) / 2) : [];
  const amount = columnAnchors(frame.signature, sides[0].width + sides[1].width);
  if (lineAnchors.length < 2 || !amount) {
    rec.missing({ line: frame.signature?.n, place }, `${place}: the 行次 and 栏次 columns could not be located in the laid-out header`);
    return [];
  }
  const anchors = [...lineAnchors, ...amount];
  const entries: Entry[] = [];
  const lastOf: (Entry | undefined)[] = [undefined, undefined];
  const last = [0, ranges[1]![0] - 1];
  for (const line of frame.body) {
    if (line.text.trim() === '') continue;
    const ws = words(line.text);
    const rowOf: (Entry | undefined)[] = [undefined, undefined];
    const names: { n: number; text: string }[][] = [[], []];
    const cells: string[][] = [sides[0].width, sides[1].width].map((w) => Array.from({ length: w }, () => ''));
    for (const w of ws) {
      const a = nearest(w, anchors);
      if (isInteger(w.text) && a < 2) {
        const side = sideOf(Number(w.text), ranges, last);
        if (side !== undefined) {
          rowOf[side] = { side, lineNo: Number(w.text), at: line.n, name: names[side]!, cells: cells[side]! };
          last[side] = Number(w.text);
          continue;
        }
      }
      if (isValueToken(w.text)) {
        const k = a < 2 ? nearest(w, amount) : a - 2;
        const side = k < sides[0].width ? 0 : 1;
        const col = side === 0 ? k : k - sides[0].width;
        const row = cells[side]!;
        if (row[col] !== '') rec.unplaced({ line: line.n, place }, w.text, `${place}: two figures under one column`);
        row[col] = w.text;
        continue;
      }
      // Income names stand left of the income 行次; anything printed right of it is the expenditure side's.
      const side = w.start < lineAnchors[0]! ? 0 : 1;
      names[side]!.push({ n: line.n, text: w.text });
    }
    for (const side of [0, 1] as const) {
      const e = rowOf[side];
      if (e) {
        entries.push(e);
        lastOf[side] = e;
      } else if (names[side]!.length && lastOf[side]) lastOf[side]!.name.push(...names[side]!);
      else if (names[side]!.length || cells[side]!.some((c) => c !== '')) {
        rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: printed text with no 行次`);
      }
    }
  }
  return entries;
}
