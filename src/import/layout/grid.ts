// A printed table's lines → a grid of row labels × column headers, from coordinates alone.
//
// - The header is every line above the first body line (a code, a figure, or a row the caller knows).
//   Header text stacked in one cell (附属单位 / 上缴收入) is joined; a header over several cells (本年支出)
//   spans them. A column's header is every header cell over it, top to bottom.
// - Label headers (项目, 科目编码, 科目名称…) mark where row labels are printed; a second set of them to the
//   right starts another side (收入 | 支出, or 06表's column groups).
// - Figures are placed in the column they stand under: the figures of the body cluster by position, and
//   the clusters are matched to the header's columns in order.
// - A label wrapped over two lines (其他文化旅游体育与传媒支 / 出), with the code and the figures printed
//   between or beside, is one row.
import { readCell, type CellRead } from '../text/cells.ts';
import { clustersOf, matchColumns, nearestColumn } from './columns.ts';
import { gap, headerCells, headerTree, isLabelHeader, LABEL_HEADER, leaves, overlap, pathOf, type HeaderCell } from './header.ts';
import { median, squash } from './lines.ts';

export type { HeaderCell };
import type { Chunk, Line } from './types.ts';


export interface GridColumn {
  readonly side: number;
  readonly x0: number;
  readonly x1: number;
  /** The header cells over this column, top to bottom (spanning ones included). */
  readonly header: readonly string[];
}

export interface GridCell {
  readonly text: string;
  readonly read: CellRead;
  readonly page: number;
  readonly x: number;
  readonly y: number;
}

export interface GridRow {
  readonly side: number;
  /** The label as printed, wrapped pieces joined, the code taken out. */
  readonly label: string;
  /** The classification code printed before the label, split columns (204 | 06 | 01) joined. */
  readonly code?: string;
  /** 行次 as printed, where the table has a 行次 column. */
  readonly lineNumber?: number;
  readonly page: number;
  readonly y: number;
  /** Index of the row's first line in the document. */
  readonly line: number;
  /** By column index. */
  readonly cells: ReadonlyMap<number, GridCell>;
}

export interface Stray {
  readonly chunk: Chunk;
  readonly line: number;
  readonly why: string;
}

export interface Grid {
  readonly sides: number;
  readonly columns: readonly GridColumn[];
  readonly rows: readonly GridRow[];
  readonly header: readonly HeaderCell[];
  /** Printed text the grid could not place: reported, never dropped silently. */
  readonly stray: readonly Stray[];
}

export interface GridOptions {
  /** A label the caller knows as a row (合计, a fixed row's name): ends the header where no figure does. */
  readonly isRowLabel?: (label: string) => boolean;
}

const CODE = /^\d{3}(?:\d{2}){0,2}$/;
const CODE_PART = /^\d{2,3}$/;
const CODE_LEAD = /^(\d{3}(?:\d{2}){0,2})(?=[^\d.,%])/;
const ORDINAL = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])/;
const PLACEHOLDER = /^(?:…+|。+|\.{3,}|、+)$/;

const isFigure = (c: Chunk) => {
  const r = readCell(c.text);
  return (r.kind === 'figure' && /[.,]/.test(c.text)) || r.kind === 'na';
};
const isDigits = (c: Chunk) => /^[-−]?\d+$/.test(c.text);

/**
 * The index of the first body line: one with a figure or a code, or a row the caller knows (合计), an
 * ordinal row (一、…) or a placeholder (…) printed with nothing but figures or other such rows beside it.
 * A line of header words that begins with 合计 (三公's 合计 | 因公出国（境）费 | …) is header.
 */
function bodyStart(lines: readonly Line[], options: GridOptions): number {
  const rowLike = (text: string) => ORDINAL.test(text) || (options.isRowLabel?.(text) ?? false) || PLACEHOLDER.test(text);
  const i = lines.findIndex((l) => {
    const first = l.chunks[0]!;
    return (
      l.chunks.some(isFigure) ||
      CODE.test(first.text) || CODE_LEAD.test(first.text) ||
      (CODE_PART.test(first.text) && l.chunks.length > 1 && /[\u3400-\u9fff]/.test(l.chunks.at(-1)!.text)) ||
      (rowLike(squash(first.text)) && l.chunks.slice(1).every((c) => isFigure(c) || isDigits(c) || rowLike(squash(c.text))))
    );
  });
  return i < 0 ? lines.length : i;
}

interface Side {
  readonly x0: number;
  readonly x1: number;
  /** Where the side's figures begin: labels are printed left of it. */
  readonly figuresFrom: number;
}

/** Sides from the leaves: each run of label headers after a figure header starts one. */
function sidesOf(leafCells: readonly HeaderCell[], header: readonly HeaderCell[], labels: readonly Chunk[], left: number, right: number): Side[] {
  const starts: number[] = [];
  const firstFigure: number[] = [];
  let prevLabel = false;
  leafCells.forEach((h, i) => {
    const label = isLabelHeader(h, header);
    if (label && (i === 0 || !prevLabel) && (starts.length === 0 || firstFigure.length === starts.length)) starts.push(h.x0);
    if (!label && firstFigure.length < starts.length) firstFigure.push(h.x0);
    if (!label && starts.length === 0) {
      starts.push(left);
      firstFigure.push(h.x0);
    }
    prevLabel = label;
  });
  if (starts.length === 0) return [{ x0: left, x1: right, figuresFrom: left }];
  // Labels are printed from the left of their cell, the header centred over it: a side starts where its
  // first label does, between the previous side's last figure header and its own label header.
  for (let i = 1; i < starts.length; i++) {
    const after = Math.max(...leafCells.filter((h) => h.x1 <= starts[i]! && !isLabelHeader(h, header)).map((h) => h.x1));
    const first = Math.min(...labels.filter((c) => c.x0 > after && c.x0 < starts[i]!).map((c) => c.x0));
    if (Number.isFinite(first)) starts[i] = first;
  }
  return starts.map((x0, i) => ({ x0: i === 0 ? Math.min(x0, left) : x0, x1: starts[i + 1] ?? right, figuresFrom: firstFigure[i] ?? right }));
}

interface Piece {
  readonly side: number;
  readonly line: Line;
  code?: string;
  lineNumber?: number;
  labels: { text: string; y: number }[];
  readonly cells: Map<number, GridCell>;
  readonly anchor: boolean;
}

export function readGrid(lines: readonly Line[], options: GridOptions = {}): Grid {
  const stray: Stray[] = [];
  if (lines.length === 0) return { sides: 0, columns: [], rows: [], header: [], stray };
  const start = bodyStart(lines, options);
  const labelled = (l: Line) => l.chunks.some((c) => LABEL_HEADER.test(squash(c.text))) && !l.chunks.some(isFigure);
  // A table in sections, each titled above its own header (10表: 一、政府采购情况 / 项目 行次 统计数): the first
  // section's header is the table's; the titles are rows.
  let lead = lines.slice(0, start);
  let rest = lines.slice(start);
  if (!lead.some(labelled)) {
    const at = rest.slice(0, 4).findIndex(labelled);
    if (at > 0) {
      lead = [...lead, rest[at]!];
      rest = [...rest.slice(0, at), ...rest.slice(at + 1)];
    }
  }
  // 栏次 (1 2 3 …) numbers the columns; it heads none of them.
  const headerLines = lead.filter((l) => !isLanciLine(l));
  const header = headerCells(headerLines);
  const headerTexts = new Set(header.map((h) => squash(h.text)).concat(headerLines.flatMap((l) => l.chunks.map((c) => squash(c.text)))));
  // A header printed again, over a table's continuation on the next page or over one of its sections, is not content.
  const body: Line[] = [];
  let page = rest[0]?.page;
  let atTop = false;
  for (const l of rest) {
    if (l.page !== page) {
      page = l.page;
      atTop = true;
    }
    const repeated = l.chunks.every((c) => headerTexts.has(squash(c.text)));
    if (repeated && (atTop || labelled(l))) continue;
    atTop = false;
    body.push(l);
  }
  const all = lines.flatMap((l) => l.chunks);
  const left = Math.min(...all.map((c) => c.x0));
  const right = Math.max(...all.map((c) => c.x1)) + 1;
  const headerSize = median(headerLines.map((l) => l.size)) || 10;
  const leafCells = header.length ? leaves(header, headerSize) : [];
  const leafSet = new Set(leafCells);
  const tree = headerTree(header, headerSize, leafSet);
  const sides = sidesOf(leafCells, header, body.flatMap((l) => l.chunks).filter((c) => !isFigure(c) && !isDigits(c)), left, right);
  const sideOf = (x: number) => Math.max(0, sides.findIndex((s) => x >= s.x0 - 1 && x < s.x1));

  // Figures: by side, clustered, matched to the side's figure headers.
  const columns: GridColumn[] = [];
  sides.forEach((side, si) => {
    const figs = body.flatMap((l) => l.chunks).filter((c) => sideOf((c.x0 + c.x1) / 2) === si && (isFigure(c) || (isDigits(c) && c.x0 >= side.figuresFrom - 2)) && c.x1 > side.figuresFrom - 2);
    const heads = leafCells.filter((h) => h.x0 >= side.x0 - 1 && h.x0 < side.x1 && !isLabelHeader(h, header));
    for (const c of matchColumns(clustersOf(figs), heads)) {
      const over = pathOf(c, header, tree, headerSize, leafSet).filter((h) => !isLabelHeader(h, header));
      columns.push({ side: si, x0: c.x0, x1: c.x1, header: over.length ? over.map((h) => h.text) : c.head ? [c.head.text] : [] });
    }
  });

  // 行次 printed in a column of its own: the rows' numbers, not their codes or names.
  const lineColumns = leafCells.filter((h) => squash(h.text) === '行次');
  // Each line's pieces, one per side.
  const pieces: Piece[] = [];
  const repeatedHeader = (c: Chunk) => headerTexts.has(squash(c.text)) && !isFigure(c) && !CODE.test(c.text);
  for (const line of body) {
    const bySide = new Map<number, Piece>();
    const piece = (side: number) => {
      let p = bySide.get(side);
      if (!p) {
        p = { side, line, labels: [], cells: new Map(), anchor: false };
        bySide.set(side, p);
      }
      return p;
    };
    for (const c of line.chunks) {
      const si = sideOf((c.x0 + c.x1) / 2);
      const side = sides[si]!;
      const inFigures = c.x1 > side.figuresFrom + 1 && (isFigure(c) || isDigits(c) || c.x0 >= side.figuresFrom - 2);
      if (inFigures && (isFigure(c) || isDigits(c) || readCell(c.text).kind !== 'text' || !repeatedHeader(c))) {
        const ci = nearestColumn(columns, si, c);
        const p = piece(si);
        if (ci < 0) {
          stray.push({ chunk: c, line: line.index, why: 'printed where no column is' });
        } else if (p.cells.has(ci)) {
          stray.push({ chunk: c, line: line.index, why: `a second value under column ${columns[ci]!.header.join(' ')}` });
        } else {
          p.cells.set(ci, { text: c.text, read: readCell(c.text), page: c.page, x: c.x0, y: c.y });
        }
        continue;
      }
      if (repeatedHeader(c) && inFigures) continue; // 合计 基本支出 项目支出 printed on the 合计 row's line (Shanghai 07表)
      const p = piece(si);
      if (/^\d{1,3}$/.test(c.text) && lineColumns.some((h) => overlap(h, c) > 0 || gap(h, c) < c.size)) {
        p.lineNumber = Number(c.text);
        continue;
      }
      const lead = CODE_LEAD.exec(squash(c.text));
      if (p.labels.length === 0 && (CODE.test(c.text) || (CODE_PART.test(c.text) && p.code !== undefined) || (CODE_PART.test(c.text) && c.text.length === 3))) {
        p.code = (p.code ?? '') + c.text;
      } else if (p.labels.length === 0 && lead) {
        p.code = (p.code ?? '') + lead[1]!;
        p.labels.push({ text: squash(c.text).slice(lead[1]!.length), y: c.y });
      } else {
        p.labels.push({ text: squash(c.text), y: c.y });
      }
    }
    // A total whose name spans column groups (06表: 公用经费合计 … over to the last 决算数): its figures, printed
    // in a later group with no name of their own, are that row's.
    const ordered = [...bySide.values()].sort((a, b) => a.side - b.side);
    for (let i = 1; i < ordered.length; i++) {
      const p = ordered[i]!;
      const named = ordered.slice(0, i).reverse().find((q) => q.labels.length > 0);
      if (p.labels.length === 0 && p.code === undefined && p.lineNumber === undefined && named && named.cells.size === 0 && ordered.slice(ordered.indexOf(named) + 1, i).every((q) => q.labels.length === 0)) {
        for (const [k, v] of p.cells) named.cells.set(k, v);
        bySide.delete(p.side);
      }
    }
    for (const p of bySide.values()) {
      if (p.code !== undefined && !CODE.test(p.code)) {
        p.labels.unshift({ text: p.code, y: line.y });
        delete p.code;
      }
      pieces.push(Object.assign(p, { anchor: p.code !== undefined || p.lineNumber !== undefined || p.cells.size > 0 || isOwnRow(p.labels[0]?.text ?? '', options) }));
    }
  }

  // Wrapped labels: a piece of label alone on its line joins the nearest row within a wrap's distance. A row's
  // figures (and code, 行次) may be printed on a line of their own, centred between its label's two lines.
  const figured = (p: Piece) => p.code !== undefined || p.lineNumber !== undefined || p.cells.size > 0;
  const pitch = median(pitches(pieces.filter(figured))) || 1.9 * (lines[0]?.size ?? 10);
  const within = (r: Piece, p: Piece) => r.side === p.side && r.line.page === p.line.page && Math.abs(r.line.y - p.line.y) < Math.max(0.75 * pitch, 1.2 * p.line.size);
  const nearest = (candidates: readonly Piece[], p: Piece) => candidates.filter((r) => within(r, p)).sort((a, b) => Math.abs(a.line.y - p.line.y) - Math.abs(b.line.y - p.line.y))[0];
  const rows: Piece[] = pieces.filter(figured);
  const unlabelled = new Set(rows.filter((r) => r.labels.length === 0));
  // First the labels that start a row (一、…, 合计) go to a row of figures printed without one…
  for (const p of pieces) {
    if (figured(p) || !p.anchor) continue;
    const near = nearest([...unlabelled], p);
    if (near) {
      near.labels.push(...p.labels);
      unlabelled.delete(near);
    } else rows.push(p);
  }
  // …then the pieces that continue a label join the nearest row.
  for (const p of pieces) {
    if (figured(p) || p.anchor) continue;
    const near = nearest(rows, p);
    if (near) near.labels.push(...p.labels);
    else rows.push(Object.assign(p, { anchor: true }));
  }
  // A row label printed on the header's last line (Shanghai 07表: 合计 | 合计 基本支出 项目支出): a row, blank.
  for (const h of leafCells) {
    if (LABEL_HEADER.test(squash(h.text)) || !isLabelHeader(h, header) || !options.isRowLabel?.(squash(h.text))) continue;
    const line = headerLines.find((l) => l.page === h.page && Math.abs(l.y - h.top) < 0.5 * headerSize);
    if (line) rows.push({ side: sideOf((h.x0 + h.x1) / 2), line, labels: [{ text: squash(h.text), y: h.top }], cells: new Map(), anchor: true });
  }
  rows.sort((a, b) => a.side - b.side || a.line.index - b.line.index);
  return {
    sides: sides.length,
    columns,
    header,
    stray,
    rows: rows.map((r) => ({
      side: r.side,
      label: r.labels.sort((a, b) => a.y - b.y).map((l) => l.text).join(''),
      ...(r.code !== undefined ? { code: r.code } : {}),
      ...(r.lineNumber !== undefined ? { lineNumber: r.lineNumber } : {}),
      page: r.line.page,
      y: r.line.y,
      line: r.line.index,
      cells: r.cells,
    })),
  };
}

function isOwnRow(label: string, options: GridOptions): boolean {
  return ORDINAL.test(label) || PLACEHOLDER.test(label) || (options.isRowLabel?.(label) ?? false);
}

function pitches(rows: readonly Piece[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!.line;
    const b = rows[i]!.line;
    if (a.page === b.page && b.y > a.y) out.push(b.y - a.y);
  }
  return out;
}

function isLanciLine(l: Line): boolean {
  const texts = l.chunks.map((c) => squash(c.text));
  // 栏次 1 2 3 …, on each side of a two-sided table (栏次 1 | 栏次 2), or the numbers alone (三公: 1 2 … 12).
  return texts.every((t) => t === '栏次' || /^\d{1,2}$/.test(t)) && (texts.includes('栏次') || (texts.length >= 3 && texts[0] === '1'));
}
