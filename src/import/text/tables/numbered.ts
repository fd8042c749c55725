// 10表 (相关信息统计表): three sections of rows numbered by 行次 with one 统计数 each; section headings
// (一、政府采购情况) and their 项目/行次/统计数 lines are framing, not names.
import type { Cell } from '../../../core/model/cell.ts';
import type { Row, Section } from '../../../core/model/table.ts';
import type { TableDef } from '../../../core/templates/types.ts';
import type { Recorder } from '../../report.ts';
import { isInteger, isValueToken, nearest, tokens, words } from '../cells.ts';
import type { Frame } from '../header.ts';
import { bareName, squash } from '../lines.ts';
import { absentRow, fixedRow, valuesOf } from '../rows.ts';
import { section } from './coded.ts';
import { joinName } from './layout.ts';

interface Entry {
  readonly lineNo: number;
  readonly at: number;
  readonly name: { n: number; text: string }[];
  cell: string;
}

export function readNumberedTable(def: TableDef, frame: Frame, rec: Recorder, place: string): Section[] {
  const all = def.sections.flatMap((s) => s.rows.map((r) => r.line!));
  const max = Math.max(...all);
  const headings = new Set(def.sections.map((s) => bareName(s.title ?? '')));
  const framing = (text: string) => headings.has(bareName(text)) || squash(text).includes('统计数');
  const entries: Entry[] = [];
  let pending: { n: number; text: string }[] = [];
  let last = 0;

  if (frame.laidOut) {
    const sig = frame.signature ? words(frame.signature.text) : [];
    const lineAt = sig.find((w) => w.text === '行次');
    const valueAt = sig.find((w) => w.text === '统计数');
    const anchors = lineAt && valueAt ? [(lineAt.start + lineAt.end) / 2, (valueAt.start + valueAt.end) / 2] : undefined;
    if (!anchors) rec.missing({ line: frame.signature?.n, place }, `${place}: the 行次 and 统计数 columns could not be located`);
    for (const line of frame.body) {
      if (line.text.trim() === '' || framing(line.text) || !anchors) continue;
      let entry: Entry | undefined;
      const names: { n: number; text: string }[] = [];
      let cell = '';
      for (const w of words(line.text)) {
        const a = nearest(w, anchors);
        if (isInteger(w.text) && a === 0 && Number(w.text) > last && Number(w.text) <= max) {
          entry = { lineNo: Number(w.text), at: line.n, name: names, cell: '' };
          last = entry.lineNo;
        } else if (a === 1 && (isValueToken(w.text) || entry)) cell = cell ? `${cell} ${w.text}` : w.text;
        else names.push({ n: line.n, text: w.text });
      }
      if (entry) {
        entry.cell = cell;
        entries.push(entry);
      } else if (names.length && entries.length) entries.at(-1)!.name.push(...names);
      else rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: printed text with no 行次`);
    }
  } else {
    for (const line of frame.body) {
      if (line.text.trim() === '' || framing(line.text)) continue;
      const toks = tokens(line.text);
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!.trim();
        if (isInteger(t) && Number(t) > last && Number(t) <= max) {
          entries.push({ lineNo: Number(t), at: line.n, name: pending, cell: toks[i + 1] ?? '' });
          if (i + 1 >= toks.length) rec.unplaced({ line: line.n, place }, line.text.trim(), `${place}: 行次${t} has no cell after it`);
          last = Number(t);
          pending = [];
          i += 1;
        } else if (t !== '') pending.push({ n: line.n, text: t });
      }
    }
    if (pending.length) rec.unplaced({ line: pending[0]!.n, place }, joinName(pending), `${place}: text after the last 行次 that belongs to no row`);
  }

  return def.sections.map((sdef) => {
    const rows: Row[] = [];
    for (const rdef of sdef.rows) {
      const e = entries.find((x) => x.lineNo === rdef.line);
      if (!e) {
        const r = absentRow(sdef, rdef, frame.statement, rec, place, frame.signature?.n);
        if (r) rows.push(r);
        continue;
      }
      const name = joinName(e.name);
      const at = { line: e.at, place: `${place} 行次${rdef.line}` };
      if (bareName(name) !== bareName(rdef.name)) rec.note(at, `${at.place}: printed name "${name}", the template's is "${rdef.name}"`);
      const values: Record<string, Cell> = valuesOf(sdef.columns, [e.cell], rec, at);
      rows.push(fixedRow(rdef, name, values));
    }
    return section(sdef, rows);
  });
}
