// Tables whose rows are functional codes (02, 03, 05, 07, 08表): 合计, then "代码 名称 cells…". A code may
// be printed whole (2010301) or split into 类/款/项 columns (201 03 01); a name may wrap over lines, its
// cells following on the last line or on a line of their own.
import type { Row, Section } from '../../../core/model/table.ts';
import type { SectionDef, TableDef } from '../../../core/templates/types.ts';
import type { Recorder } from '../../report.ts';
import type { Frame } from '../header.ts';
import { squash, type Line } from '../lines.ts';
import { absentRow, codedRow, fixedRow, valuesOf } from '../rows.ts';
import { columnAnchors, joinName, readLine } from './layout.ts';

interface Pending {
  readonly line: Line;
  readonly code?: string;
  readonly total: boolean;
  readonly name: { n: number; text: string }[];
}

const WHOLE = /^\d{3}(?:\d{2}){0,2}$/;

export function readCodedTable(def: TableDef, frame: Frame, rec: Recorder, place: string): Section[] {
  const sdef = def.sections[0]!;
  const count = sdef.columns.length;
  const anchors = frame.laidOut ? columnAnchors(frame.signature, count) : undefined;
  const split = /类款项/.test(squash(frame.header.map((l) => l.text).join('')));
  const rows: Row[] = [];
  let pending: Pending | undefined;
  let last: Row | undefined;

  const finish = (p: Pending, cells: string[], line: Line) => {
    const name = joinName(p.name);
    const at = { line: line.n, place: `${place} ${p.total ? '合计' : p.code}` };
    const values = valuesOf(sdef.columns, cells, rec, at);
    const totalDef = sdef.rows.find((r) => r.key === 'total')!;
    last = p.total ? fixedRow(totalDef, name || totalDef.name, values) : codedRow(p.code!, name, values);
    rows.push(last);
  };

  for (const line of frame.body) {
    if (line.text.trim() === '' && !(pending && line.text.length > 0)) continue;
    const lc = readLine(line, count, anchors);
    if (lc.clash) rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: ${lc.clash}`);
    const head = leading(lc.lead, split);
    if (head.total || head.code) {
      if (pending) rec.unplaced({ line: pending.line.n, place }, pending.line.text.trim(), `${place} ${pending.code ?? '合计'}: no cells found for this row`);
      pending = { line, total: head.total, ...(head.code ? { code: head.code } : {}), name: head.name.map((text) => ({ n: line.n, text })) };
      // -layout prints a row's cells on its first line; none there means every cell is blank.
      if (!lc.cells && frame.laidOut && !lc.clash) lc.cells = Array.from({ length: count }, () => '');
      if (lc.cells && !lc.clash) {
        finish(pending, lc.cells, line);
        pending = undefined;
      }
      continue;
    }
    if (pending) {
      pending.name.push(...lc.lead.map((text) => ({ n: line.n, text })));
      if (lc.cells && !lc.clash) {
        finish(pending, lc.cells, line);
        pending = undefined;
      }
      continue;
    }
    if (lc.cells && lc.cells.every((c) => c.trim() === '') && lc.lead.length === 0) continue; // an empty printed row
    if (frame.laidOut && !lc.cells && last && lc.lead.length > 0) {
      // -layout prints the rest of a wrapped name under the row's first line.
      last.name = (last.name + lc.lead.join(' ')).trim();
      continue;
    }
    if (!lc.clash) rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: a line that belongs to no row (no code, no 合计 before it)`);
  }
  if (pending) rec.unplaced({ line: pending.line.n, place }, pending.line.text.trim(), `${place} ${pending.code ?? '合计'}: no cells found for this row`);
  if (!rows.some((r) => r.key === 'total')) {
    const r = absentRow(sdef, sdef.rows.find((x) => x.key === 'total')!, frame.statement, rec, place, frame.signature?.n);
    if (r) rows.unshift(r);
  }
  return [section(sdef, rows)];
}

/** The code (joined from 类/款/项 when split) or 合计 at the start of a row, and the name after it. */
function leading(lead: readonly string[], split: boolean): { total: boolean; code?: string; name: string[] } {
  const first = lead[0];
  if (first === undefined) return { total: false, name: [] };
  if (first === '合计' || first === '总计') return { total: true, name: [first, ...lead.slice(1)] };
  if (!WHOLE.test(first)) return { total: false, name: [...lead] };
  let code = first;
  let i = 1;
  if (split && code.length === 3) {
    while (i < lead.length && /^\d{2}$/.test(lead[i]!) && code.length < 7) code += lead[i++];
  }
  return { total: false, code, name: lead.slice(i) };
}

export function section(sdef: SectionDef, rows: Row[]): Section {
  return {
    id: sdef.id,
    ...(sdef.title !== undefined ? { title: sdef.title } : {}),
    columns: sdef.columns.map((c) => ({ key: c.key, title: c.title, ...(c.lanci !== undefined ? { lanci: c.lanci } : {}), ...(c.group !== undefined ? { group: c.group } : {}) })),
    rows,
  };
}
