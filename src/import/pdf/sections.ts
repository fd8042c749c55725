// A table's grid → the sections of its template table: sides to sections, columns by their printed
// headers, rows by code, else by name (in the template's order, so that a name printed twice, such as
// 一般公共预算财政拨款 in 04表, goes to the right row). What does not fit is reported, never dropped.
import { NOT_APPLICABLE, type Cell } from '../../core/model/cell.ts';
import type { CellSource } from '../../core/model/provenance.ts';
import type { Row, Section } from '../../core/model/table.ts';
import type { ColumnDef, FixedRowDef, SectionDef, TableDef } from '../../core/templates/types.ts';
import type { Grid, GridColumn, GridRow } from '../layout/grid.ts';
import type { Recorder } from '../report.ts';
import { normalise } from './locate.ts';

const ORDINAL = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])/;
const PLACEHOLDER = /^(?:…+|。+|\.{3,}|、+)$/;

/** A row name compared by meaning: ordinal prefix, spaces, quotes and bracket forms aside. */
export function rowName(s: string): string {
  return normalise(s).replace(ORDINAL, '');
}

/** The printed words of a column header, compared with a template column's. */
function headerScore(def: ColumnDef, header: string): number {
  const text = normalise(header);
  let best = 0;
  // The group (预算数 / 决算数, 本年支出) tells apart columns of one title; a report that does not print it
  // still has the column.
  const group = def.group && text.includes(normalise(def.group)) ? normalise(def.group).length : 0;
  for (const alt of def.headers ?? [[def.title]]) {
    if (alt.every((t) => text.includes(normalise(t)))) best = Math.max(best, alt.reduce((n, t) => n + normalise(t).length, 0) + group);
  }
  return best;
}

/** Grid columns → template columns, best match first, each template column taken once. */
export function matchColumns(defs: readonly ColumnDef[], columns: readonly GridColumn[]): Map<GridColumn, ColumnDef> {
  const out = new Map<GridColumn, ColumnDef>();
  // A side with one figure column and a section with one column: they are the same, whatever the words.
  if (defs.length === 1 && columns.length === 1) return new Map([[columns[0]!, defs[0]!]]);
  const pairs = columns.flatMap((c) => defs.map((d) => ({ c, d, score: headerScore(d, c.header.join('')) }))).filter((p) => p.score > 0);
  pairs.sort((a, b) => b.score - a.score || normalise(a.c.header.join('')).length - normalise(b.c.header.join('')).length);
  const used = new Set<ColumnDef>();
  for (const p of pairs) {
    if (out.has(p.c) || used.has(p.d)) continue;
    out.set(p.c, p.d);
    used.add(p.d);
  }
  return out;
}

function cellOf(text: string | undefined, kind: string | undefined, value: string | undefined): Cell | undefined {
  if (text === undefined) return null;
  if (kind === 'na') return NOT_APPLICABLE;
  if (kind === 'figure') return value!;
  return undefined;
}

interface SectionInput {
  readonly def: SectionDef;
  readonly sides: readonly number[];
  /** The rows, where sections are stacked in one column rather than printed side by side. */
  readonly rows?: readonly GridRow[];
}

/**
 * Which grid sides feed which section: one each, or all sides into a one-section table (06表's groups), or
 * sections stacked in one column (10表: 一、政府采购情况 … 三、国有资产占用情况), each row to the section whose
 * fixed row it is, a section's title row marking where the next begins.
 */
function plan(def: TableDef, grid: Grid): SectionInput[] | undefined {
  const sides = [...Array(grid.sides).keys()];
  if (def.sections.length === grid.sides) return def.sections.map((s, i) => ({ def: s, sides: [i] }));
  if (def.sections.length === 1) return [{ def: def.sections[0]!, sides }];
  if (grid.sides !== 1) return undefined;
  const rows = new Map<SectionDef, GridRow[]>(def.sections.map((s) => [s, []]));
  let current = def.sections[0]!;
  for (const r of grid.rows) {
    const titled = def.sections.find((s) => s.title !== undefined && rowName(s.title) === rowName(r.label));
    if (titled && r.cells.size === 0) {
      current = titled;
      continue;
    }
    const owner = def.sections.find((s) => s.rows.some((f) => (r.lineNumber !== undefined && f.line === r.lineNumber) || [f.name, ...(f.aliases ?? [])].some((n) => rowName(n) === rowName(r.label))));
    rows.get(owner ?? current)!.push(r);
  }
  return def.sections.map((s) => ({ def: s, sides: [0], rows: rows.get(s)! }));
}

export function readSections(def: TableDef, grid: Grid, rec: Recorder, place: string, sources: CellSource[]): Section[] {
  for (const s of grid.stray) rec.unplaced({ page: s.chunk.page, place }, s.chunk.text, `${place}: ${s.why}`);
  const inputs = plan(def, grid);
  if (!inputs) {
    rec.missing({ place }, `${place}: the table is printed in ${grid.sides} part(s) side by side; template table ${def.title} has ${def.sections.length} sections`);
    return [];
  }
  return inputs.map((input) => readSection(def, input, grid, rec, place, sources));
}

function readSection(table: TableDef, input: SectionInput, grid: Grid, rec: Recorder, place: string, sources: CellSource[]): Section {
  const def = input.def;
  const columnsBySide = new Map<number, Map<GridColumn, ColumnDef>>();
  const declared: ColumnDef[] = [];
  for (const side of input.sides) {
    const cols = grid.columns.filter((c) => c.side === side);
    const map = matchColumns(def.columns, cols);
    columnsBySide.set(side, map);
    for (const c of cols) {
      if (!map.has(c)) rec.unplaced({ place }, c.header.join(' '), `${place}: column "${c.header.join(' ')}" matches no column of ${table.title} (${def.columns.map((d) => d.title).join('、')})`);
    }
    for (const d of map.values()) if (!declared.includes(d)) declared.push(d);
  }
  const ordered = def.columns.filter((d) => declared.includes(d));
  const rows: Row[] = [];
  const used = new Set<FixedRowDef>();
  const codes = new Set<string>();
  let lastFixed = -1;
  const sectionPlace = def.title ? `${place} ${def.title}` : place;
  const blankLines: number[] = [];
  let dashes = 0;

  for (const r of input.rows ?? grid.rows.filter((x) => input.sides.includes(x.side))) {
    const columns = columnsBySide.get(r.side)!;
    // A line with nothing but its 行次 is the template's blank line, unless the 行次 names a row (a row left blank).
    if (r.label === '' && r.cells.size === 0 && r.code === undefined && !def.rows.some((f) => f.line !== undefined && f.line === r.lineNumber)) {
      blankLines.push(r.lineNumber ?? 0);
      continue;
    }
    if (PLACEHOLDER.test(r.label) && r.cells.size === 0 && r.code === undefined) {
      rec.note({ page: r.page, place: sectionPlace }, `${sectionPlace}: a placeholder row (${r.label}) printed as in the template; nothing to import`);
      continue;
    }
    const identity = identify(def, r, used, lastFixed);
    if (r.lineNumber !== undefined && identity?.fixed?.line !== undefined && identity.fixed.line !== r.lineNumber) {
      rec.note({ page: r.page, place: sectionPlace }, `${sectionPlace}: "${r.label}" is printed as 行次 ${r.lineNumber}; the template numbers it ${identity.fixed.line}`);
    }
    if (!identity) {
      const figures = [...r.cells.values()].map((c) => c.text).join(' ');
      rec.unplaced({ page: r.page, place: sectionPlace }, `${r.code ?? ''} ${r.label} ${figures}`.trim(), `${sectionPlace}: row "${r.code ?? ''}${r.label}" is not a row of ${table.title}${def.classification ? ' and has no valid code' : ''}`);
      continue;
    }
    if (identity.fixed) {
      used.add(identity.fixed);
      lastFixed = def.rows.indexOf(identity.fixed);
    }
    if (identity.code !== undefined && !identity.fixed) {
      if (codes.has(identity.code)) {
        rec.unplaced({ page: r.page, place: sectionPlace }, `${identity.code} ${r.label}`, `${sectionPlace}: code ${identity.code} is printed twice; the second is not imported`);
        continue;
      }
      codes.add(identity.code);
    }
    const values: Record<string, Cell> = {};
    for (const d of ordered) values[d.key] = null;
    for (const [ci, cell] of r.cells) {
      const col = (columnsBySide.get(grid.columns[ci]!.side) ?? columns).get(grid.columns[ci]!);
      if (!col) {
        rec.unplaced({ page: cell.page, place: sectionPlace }, cell.text, `${sectionPlace}: a figure under a column the template does not have`);
        continue;
      }
      const read = cell.read;
      // A lone dash says "nothing here": a blank, never a zero; said once a table.
      if (/^[-－—–]$/.test(cell.text.trim())) {
        dashes++;
        continue;
      }
      const v = cellOf(cell.text, read.kind, read.kind === 'figure' ? read.value : undefined);
      if (v === undefined) {
        rec.unplaced({ page: cell.page, place: sectionPlace }, cell.text, `${sectionPlace}: "${cell.text}" under ${col.title} is not a figure`);
        continue;
      }
      values[col.key] = v;
      sources.push({ table: table.id, section: def.id, row: identity.fixed?.key ?? identity.code!, column: col.key, page: cell.page, x: round(cell.x), y: round(cell.y) });
    }
    for (const v of Object.values(values)) rec.count(v);
    rows.push({
      ...(identity.fixed ? { key: identity.fixed.key } : {}),
      ...(r.lineNumber !== undefined ? { line: r.lineNumber } : {}),
      ...(identity.code !== undefined && !identity.fixed ? { code: identity.code } : {}),
      name: r.label === '' ? (identity.fixed?.name ?? '') : r.label.slice(0, 200),
      ...(input.sides.length > 1 ? { group: r.side + 1 } : {}),
      ...(identity.fixed?.unit ? { unit: identity.fixed.unit } : {}),
      values,
    });
  }
  if (dashes) rec.note({ place: sectionPlace }, `${sectionPlace}: ${dashes} cell(s) printed as a lone dash (-), kept blank (not 0)`);
  if (blankLines.length) {
    rec.note({ place: sectionPlace }, `${sectionPlace}: ${blankLines.length} line(s) printed with neither name nor figure${blankLines.some((n) => n > 0) ? ` (行次 ${blankLines.filter((n) => n > 0).join('、')})` : ''}, as the template leaves them`);
  }
  return {
    id: def.id,
    ...(def.title ? { title: def.title } : {}),
    columns: (ordered.length ? ordered : def.columns).map((c) => ({ key: c.key, title: c.title, ...(c.lanci ? { lanci: c.lanci } : {}), ...(c.group ? { group: c.group } : {}) })),
    rows,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A grid row's identity in the section: a fixed row by name (or the code it stands for), or a code. */
function identify(def: SectionDef, r: GridRow, used: ReadonlySet<FixedRowDef>, lastFixed: number): { fixed?: FixedRowDef; code?: string } | undefined {
  const name = rowName(r.label);
  // 行次, where printed, names the row, unless its name is another row's: then the name decides (a year's list
  // of 类 may number its lines otherwise), and readSection notes the difference.
  const byLine = r.lineNumber !== undefined ? def.rows.find((f) => f.line === r.lineNumber && !used.has(f)) : undefined;
  const named = (f: FixedRowDef) => name !== '' && [f.name, ...(f.aliases ?? [])].some((n) => rowName(n) === name);
  if (byLine && (name === '' || named(byLine) || !def.rows.some((f) => !used.has(f) && named(f)))) return { fixed: byLine };
  const candidates = def.rows.filter((f) => !used.has(f) && (
    (name !== '' && [f.name, ...(f.aliases ?? [])].some((n) => rowName(n) === name)) ||
    (r.code !== undefined && f.code === r.code && !def.classification)
  ));
  const fixed = candidates.find((f) => def.rows.indexOf(f) > lastFixed) ?? candidates[0];
  if (fixed) return { fixed };
  if (def.classification && r.code !== undefined) {
    const ok = def.classification === 'functional' ? /^\d{3}(\d{2}){0,2}$/ : /^\d{3}(\d{2})?$/;
    return ok.test(r.code) ? { code: r.code } : undefined;
  }
  // A table of one unnamed row (三公): its figures are that row.
  const only = def.rows.length === 1 && def.rows[0]!.name === '' && !used.has(def.rows[0]!) ? def.rows[0] : undefined;
  if (only && r.cells.size > 0) return { fixed: only };
  return undefined;
}
