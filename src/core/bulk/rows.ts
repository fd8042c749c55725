// A filing's bulk rows, as the Worker's exporter reads them back from the facts index: its facts
// (core/facts/facts.ts) with the department, region, year, template and version beside each, in the
// index's order (table, row id, column). The reference for what a bulk file holds of a filing.
import { filingFacts, type Fact } from '../facts/facts.ts';
import type { Filing } from '../model/filing.ts';
import type { BulkRow } from './encode.ts';

const byIndexOrder = (a: BulkRow, b: BulkRow) => (a.tableId < b.tableId ? -1 : a.tableId > b.tableId ? 1 : a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : a.columnKey < b.columnKey ? -1 : a.columnKey > b.columnKey ? 1 : 0);

export function bulkRows(filing: Filing, version: number, facts: readonly Fact[] = filingFacts(filing)): BulkRow[] {
  const d = filing.department;
  return facts.map((f): BulkRow => ({
    year: filing.year, regionCode: d.regionCode, departmentId: d.id, departmentName: d.name, template: filing.template, version,
    tableId: f.table, section: f.section, rowId: f.rowId, rowKey: f.row, rowCode: f.rowCode, level: f.level, rowName: f.rowName,
    columnKey: f.column, value: f.value, unit: f.unit, fen: f.fen,
  })).sort(byIndexOrder);
}
