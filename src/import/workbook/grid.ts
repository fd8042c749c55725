// A workbook as plain data, so that laying out and reading sheets needs no spreadsheet library: the CLI
// turns it into an xlsx with exceljs and back.

export type Value = string | number | null;

export interface GridCell {
  readonly v: Value;
  /** Excel number format; for amounts it says how many decimals the figure was printed with. */
  readonly fmt?: string;
  readonly role?: 'title' | 'header' | 'label' | 'input' | 'text';
}

export interface Sheet {
  readonly name: string;
  /** rows[r][c], 0-based; undefined is an untouched cell. */
  readonly rows: (GridCell | undefined)[][];
  /** Merged ranges, 0-based inclusive [top, left, bottom, right]. */
  readonly merges: [number, number, number, number][];
  readonly widths: number[];
}

export function newSheet(name: string): Sheet {
  return { name, rows: [], merges: [], widths: [] };
}

export function put(sheet: Sheet, r: number, c: number, cell: GridCell): void {
  while (sheet.rows.length <= r) sheet.rows.push([]);
  sheet.rows[r]![c] = cell;
}

export function get(sheet: Sheet, r: number, c: number): GridCell | undefined {
  return sheet.rows[r]?.[c];
}

/** A1 reference of a 0-based cell, for the import report. */
export function a1(r: number, c: number): string {
  let col = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
  return `${col}${r + 1}`;
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
export function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, '').slice(0, 31);
}
