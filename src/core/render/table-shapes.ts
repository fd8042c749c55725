// Flat shapes of a table for tools that want one record a row, as Datasette's `_shape` gives them:
// `objects` (a JSON array of row objects), `arrays` (a header array, then one array a row) and `ndjson`
// (one object a line). Each row is id, section, code and name, then every value column's key. Codes are
// strings, figures exact decimal strings (never a float), a blank cell null; a printed ──── (not
// applicable) is null here too, since these shapes carry numbers only: the table JSON keeps "n/a".
import { NOT_APPLICABLE, type Cell } from '../model/cell.ts';
import type { TableLayout } from './layout.ts';

export const TABLE_SHAPES = ['objects', 'arrays', 'ndjson'] as const;
export type TableShape = (typeof TABLE_SHAPES)[number];

export const isTableShape = (s: string): s is TableShape => (TABLE_SHAPES as readonly string[]).includes(s);

export type FlatValue = string | null;
export type FlatRecord = Record<string, FlatValue>;

/** The flat columns, in order: the row's identity, then the value columns' keys. */
export function flatColumns(layout: TableLayout): string[] {
  return ['id', 'section', 'code', 'name', ...layout.columns.map((c) => c.key)];
}

const amount = (cell: Cell | undefined): FlatValue => (cell === undefined || cell === null || cell === NOT_APPLICABLE ? null : cell);

export function flatRecords(layout: TableLayout): FlatRecord[] {
  return layout.rows.map((r) => {
    const o: FlatRecord = { id: r.id, section: r.section, code: r.code, name: r.name };
    for (const c of layout.columns) o[c.key] = amount(r.cells[c.key]);
    return o;
  });
}

/** The table in one flat shape, as the text served: JSON for objects and arrays, NDJSON (LF-terminated lines). */
export function renderTableShape(layout: TableLayout, shape: TableShape): string {
  const records = flatRecords(layout);
  if (shape === 'objects') return JSON.stringify(records);
  if (shape === 'ndjson') return records.map((r) => JSON.stringify(r) + '\n').join('');
  const columns = flatColumns(layout);
  return JSON.stringify([columns, ...records.map((r) => columns.map((k) => r[k] ?? null))]);
}

export const SHAPE_MEDIA_TYPES: Readonly<Record<TableShape, string>> = {
  objects: 'application/json',
  arrays: 'application/json',
  ndjson: 'application/x-ndjson',
};
