// A table's header as printed: text stacked in one cell joined, each cell's parent found (centred text heads
// the cells under it), the leaves that head the columns, and the label headers (项目, 科目名称…).
import { squash } from './lines.ts';
import type { Line } from './types.ts';

export interface HeaderCell {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly top: number;
  readonly bottom: number;
  readonly page: number;
}

/** Label headers: where row labels, codes and 行次 are printed, not figures. */
export const LABEL_HEADER = /^项目(?:[(（].*)?$|科目|编码$|名称$|^[类款项]$|^功能分类$|^经济分类$|^序号$|^行次$/;

export function overlap(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
}

export function gap(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  return Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1));
}

/** Header chunks → cells: a chunk right under exactly one cell, and alone under it, continues that cell. */
export function headerCells(lines: readonly Line[]): HeaderCell[] {
  const cells: (HeaderCell & { lastLine: number })[] = [];
  lines.forEach((line, li) => {
    for (const c of line.chunks) {
      const above = cells.filter((h) => h.page === c.page && c.y - h.bottom > 0 && c.y - h.bottom < 1.6 * c.size && overlap(h, c) > 0.3 * Math.min(h.x1 - h.x0, c.x1 - c.x0));
      const target = above.length === 1 ? above[0]! : undefined;
      const alone = target && line.chunks.filter((o) => overlap(target, o) > 0).length === 1 && lines[target.lastLine]!.chunks.filter((o) => overlap(o, c) > 0).length <= 1;
      if (target && alone && target.lastLine < li) {
        cells[cells.indexOf(target)] = { ...target, text: target.text + c.text, x0: Math.min(target.x0, c.x0), x1: Math.max(target.x1, c.x1), bottom: c.y, lastLine: li };
      } else {
        cells.push({ text: c.text, x0: c.x0, x1: c.x1, top: c.y, bottom: c.y, page: c.page, lastLine: li });
      }
    }
  });
  return cells.map(({ lastLine: _l, ...h }) => h);
}

/**
 * The header as a tree. A cell's parent is the lowest cell above it that is printed over (or within three
 * characters of) everything under it: header text is centred over its cells, so a short 合计 stands over
 * 预算数 | 决算数, and 公务用车购置及运行维护费 over 小计 | 购置费 | 运行维护费. Built from the bottom up, each
 * cell's extent being its own text and everything under it.
 */
export function headerTree(header: readonly HeaderCell[], size: number, leafSet: ReadonlySet<HeaderCell>): Map<HeaderCell, HeaderCell | undefined> {
  const parent = new Map<HeaderCell, HeaderCell | undefined>();
  const extent = new Map<HeaderCell, { x0: number; x1: number }>();
  for (const h of [...header].sort((a, b) => b.top - a.top)) {
    let x0 = h.x0;
    let x1 = h.x1;
    for (const [child, p] of parent) {
      if (p !== h) continue;
      x0 = Math.min(x0, extent.get(child)!.x0);
      x1 = Math.max(x1, extent.get(child)!.x1);
    }
    extent.set(h, { x0, x1 });
    parent.set(h, parentOf({ x0, x1, top: h.top }, header, size, leafSet));
  }
  return parent;
}

function parentOf(x: { x0: number; x1: number; top: number }, header: readonly HeaderCell[], size: number, leafSet: ReadonlySet<HeaderCell>): HeaderCell | undefined {
  const above = header.filter((o) => o.bottom < x.top - 0.2 * size && gap(o, x) < 3 * size && !leafSet.has(o));
  above.sort((a, b) => b.bottom - a.bottom || gap(a, x) - gap(b, x));
  const lowest = above[0];
  if (!lowest) return undefined;
  // Of the cells on the lowest line, the nearest.
  const tied = above.filter((o) => lowest.bottom - o.bottom < 0.5 * size);
  tied.sort((a, b) => Math.abs((a.x0 + a.x1) / 2 - (x.x0 + x.x1) / 2) - Math.abs((b.x0 + b.x1) / 2 - (x.x0 + x.x1) / 2));
  return tied[0];
}

/** A column's header: its own cell (or the cell over its figures) and every cell above it, top first. */
export function pathOf(column: { x0: number; x1: number; head?: HeaderCell }, header: readonly HeaderCell[], tree: Map<HeaderCell, HeaderCell | undefined>, size: number, leafSet: ReadonlySet<HeaderCell>): HeaderCell[] {
  const out: HeaderCell[] = [];
  let h: HeaderCell | undefined = column.head ?? parentOf({ x0: column.x0, x1: column.x1, top: Infinity }, header, size, leafSet);
  while (h && !out.includes(h)) {
    out.unshift(h);
    h = tree.get(h);
  }
  return out;
}

/**
 * Cells with nothing under them: the columns' own headers. Not a leaf: a cell printed over the gap between
 * two column headers of a line below (合计 over 预算数 | 决算数), or a side's title printed over its label
 * and figure headers (收入 over 项目 | 决算数, 财政拨款收入 over 项目 | 预算数).
 */
export function leaves(cells: readonly HeaderCell[], size: number): HeaderCell[] {
  const label = (h: HeaderCell) => isLabelHeader(h, cells);
  const centre = (h: HeaderCell) => (h.x0 + h.x1) / 2;
  const straddles = (h: HeaderCell, ok: (left: HeaderCell, right: HeaderCell) => boolean, within: number) => {
    const below = cells.filter((o) => o.top > h.bottom && o.top - h.bottom < within);
    for (const o of below) {
      const line = below.filter((x) => Math.abs(x.top - o.top) < 0.5 * size).sort((a, b) => a.x0 - b.x0);
      for (let i = 0; i + 1 < line.length; i++) {
        const [l, r] = [line[i]!, line[i + 1]!];
        if (l.x1 > centre(h) || r.x0 < centre(h) || !ok(l, r)) continue;
        // Only when nothing else is printed over that gap: then h is what heads the two.
        const between = cells.some((x) => x !== h && x.top < l.top && x.bottom > h.top - 0.5 * size && centre(x) > l.x1 && centre(x) < r.x0);
        if (!between) return true;
      }
    }
    return false;
  };
  const bridges = (h: HeaderCell) => straddles(h, (l, r) => !label(l) && !label(r), 5 * size);
  // A side's own title, over its 项目 | 行次 | 金额: 收入, 支出, 本年收入, 财政拨款支出.
  const SIDE_TITLE = /^(?:本年)?(?:财政拨款)?(?:收入|支出)(?:预算|决算)?$/;
  const titlesSide = (h: HeaderCell) =>
    straddles(h, (l, r) => label(l) && !label(r), 5 * size) ||
    (SIDE_TITLE.test(squash(h.text)) && cells.some((o) => o.top > h.bottom && o.top - h.bottom < 5 * size && label(o) && gap(o, h) < 3 * size) && cells.some((o) => o.top > h.bottom && o.top - h.bottom < 5 * size && !label(o) && gap(o, h) < 8 * size));
  return cells
    .filter((h) => !bridges(h) && !titlesSide(h) && !cells.some((o) => o !== h && o.top > h.bottom && overlap(o, h) > 0.3 * Math.min(o.x1 - o.x0, h.x1 - h.x0)))
    .sort((a, b) => a.x0 - b.x0);
}

/** A label header (项目, 科目名称…), or a leaf under one (the 合计 row printed in the header's last line). */
export function isLabelHeader(h: HeaderCell, header: readonly HeaderCell[]): boolean {
  if (LABEL_HEADER.test(squash(h.text))) return true;
  return header.some((o) => o !== h && o.bottom < h.top && LABEL_HEADER.test(squash(o.text)) && overlap(o, h) > 0.5 * (h.x1 - h.x0));
}

