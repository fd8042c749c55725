// Turning what was read of a printed row into the filing's row, and reporting what could not be placed.
import type { Cell } from '../../core/model/cell.ts';
import type { Row } from '../../core/model/table.ts';
import type { ColumnDef, FixedRowDef, SectionDef } from '../../core/templates/types.ts';
import type { Recorder } from '../report.ts';
import { cellValue, readCell } from './cells.ts';

/** Values keyed by column from printed tokens (one per column); text in a cell is reported, never kept as a blank. */
export function valuesOf(
  columns: readonly ColumnDef[],
  printed: readonly string[],
  rec: Recorder,
  where: { line: number; place: string },
): Record<string, Cell> {
  const values: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    const token = printed[i] ?? '';
    const read = readCell(token);
    const value = cellValue(read);
    const at = `${where.place} ${c.title}${c.lanci !== undefined ? ` 栏次${c.lanci}` : ''}`;
    if (value === undefined) {
      rec.unplaced({ line: where.line, place: at }, token.trim(), `${at}: "${token.trim()}" is not a figure; the cell is left out of the filing`);
      return;
    }
    rec.count(value);
    values[c.key] = value;
  });
  return values;
}

/** A fixed row of the template, keys in the order the filings use. */
export function fixedRow(def: FixedRowDef, name: string, values: Record<string, Cell>): Row {
  return {
    key: def.key,
    ...(def.line !== undefined ? { line: def.line } : {}),
    ...(def.code !== undefined ? { code: def.code } : {}),
    name,
    ...(def.unit !== undefined ? { unit: def.unit } : {}),
    values,
  };
}

export function codedRow(code: string, name: string, values: Record<string, Cell>, group?: number): Row {
  return { code, name, ...(group !== undefined ? { group } : {}), values };
}

/** A fixed row that the text does not print: blank only where the table says it has no data. */
export function absentRow(section: SectionDef, def: FixedRowDef, statement: string | undefined, rec: Recorder, place: string, line?: number): Row | undefined {
  if (statement && /无数据|无此项|没有/.test(statement)) {
    const values: Record<string, Cell> = {};
    for (const c of section.columns) {
      values[c.key] = null;
      rec.count(null);
    }
    rec.note({ line, place }, `${place} ${def.name || def.key}: not printed; blank, as the table states "${statement}"`);
    return fixedRow(def, def.name, values);
  }
  rec.missing({ line, place }, `${place}: row ${def.line !== undefined ? `行次${def.line} ` : ''}${def.name || def.key} was not found`);
  return undefined;
}
