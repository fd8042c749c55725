// 三公 table: one line of twelve figures (预算数 1–6, 决算数 7–12) under its bare 栏次 line "1 2 … 12".
import type { Section } from '../../../core/model/table.ts';
import type { TableDef } from '../../../core/templates/types.ts';
import type { Recorder } from '../../report.ts';
import type { Frame } from '../header.ts';
import { absentRow, fixedRow, valuesOf } from '../rows.ts';
import { section } from './coded.ts';
import { columnAnchors, readLine } from './layout.ts';

export function readThreePublicTable(def: TableDef, frame: Frame, rec: Recorder, place: string): Section[] {
  const sdef = def.sections[0]!;
  const rdef = sdef.rows[0]!;
  const count = sdef.columns.length;
  const anchors = frame.laidOut ? columnAnchors(frame.signature, count) : undefined;
  let row: ReturnType<typeof fixedRow> | undefined;
  for (const line of frame.body) {
    if (line.text === '' || (row && line.text.trim() === '')) continue;
    const lc = readLine(line, count, anchors);
    if (row || !lc.cells || lc.clash) {
      if (line.text.trim() !== '') rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: ${lc.clash ?? (row ? 'a second line of figures' : `expected the ${count} figures of the table`)}`);
      continue;
    }
    const values = valuesOf(sdef.columns, lc.cells, rec, { line: line.n, place });
    if (lc.lead.length) rec.note({ line: line.n, place }, `${place}: the figures line is headed "${lc.lead.join(' ')}"`);
    row = fixedRow(rdef, '', values);
  }
  const r = row ?? absentRow(sdef, rdef, frame.statement, rec, place, frame.signature?.n);
  return [section(sdef, r ? [r] : [])];
}
