// A table as CSV: RFC 4180, UTF-8 without BOM (withBom adds it on request), CRLF line breaks,
// a header of machine names, one record per printed row. Amounts are written as the canonical
// decimal strings they are (never through a float); text columns are neutralised against formulas.
import type { Filing } from '../model/filing.ts';
import type { Table } from '../model/table.ts';
import { csvRecord, neutraliseText } from './csv.ts';
import { tableFields, type FieldSpec } from './fields.ts';
import { tableLayout, type TableLayout } from './layout.ts';

export function renderTableCsv(filing: Filing, table: Table): string {
  return layoutCsv(tableLayout(filing, table));
}

export function layoutCsv(layout: TableLayout): string {
  return fieldsCsv(tableFields(layout), layout.rows);
}

/** Header of field names, then one record per row; string fields neutralised, numbers written as they are. */
export function fieldsCsv<R>(fields: readonly FieldSpec<R>[], rows: readonly R[]): string {
  let out = csvRecord(fields.map((f) => f.name));
  for (const row of rows) {
    out += csvRecord(fields.map((f) => (f.type === 'string' ? neutraliseText(f.cell(row)) : f.cell(row))));
  }
  return out;
}
