// 06表: economic codes printed in column groups side by side (代码 / 名称 / 决算数, four times), so one
// printed line carries up to four rows. Read as one stream of tokens: a code starts a row, its name
// follows (wrapping over lines), and the next token is its cell. Which group a code stands in follows
// from the classification: within a group codes ascend and a 款 (5 digits) sits under its 类 (3 digits).
import type { Cell } from '../../../core/model/cell.ts';
import type { Row, Section } from '../../../core/model/table.ts';
import type { TableDef } from '../../../core/templates/types.ts';
import type { Recorder } from '../../report.ts';
import { isValueToken, tokens, words } from '../cells.ts';
import type { Frame } from '../header.ts';
import { squash } from '../lines.ts';
import { absentRow, codedRow, fixedRow, valuesOf } from '../rows.ts';
import { section } from './coded.ts';
import { joinName } from './layout.ts';

const CODE = /^3\d{2}(?:\d{2})?$/;

interface Entry {
  readonly code?: string;
  readonly fixed?: string;
  readonly at: number;
  readonly name: { n: number; text: string }[];
  cell?: string;
}

function fixedKey(token: string): string | undefined {
  const s = squash(token);
  if (/^人员经费(合计)?$/.test(s)) return 'personnel_total';
  if (/^公用经费(合计)?$/.test(s)) return 'public_total';
  return undefined;
}

export function readEconomicTable(def: TableDef, frame: Frame, rec: Recorder, place: string): Section[] {
  const sdef = def.sections[0]!;
  const groups = Math.max(1, (squash(frame.signature?.text ?? '').match(/决算数/g) ?? []).length);
  const entries: Entry[] = [];
  let cur: Entry | undefined;
  const finish = (cell: string) => {
    cur!.cell = cell;
    entries.push(cur!);
    cur = undefined;
  };
  for (const line of frame.body) {
    if (line.text === '') continue;
    const toks = frame.laidOut ? words(line.text).map((w) => w.text) : tokens(line.text);
    for (const tok of toks) {
      const t = tok.trim();
      const key = fixedKey(t);
      const starts = CODE.test(t) || key !== undefined;
      if (cur) {
        if (t === '' && cur.name.length === 0) continue; // the indentation of a 款 name
        // A code where the cell should be: -layout prints nothing for a blank cell.
        if (starts) finish('');
        // Without -layout a name wraps only at a line end: the next token on its line is the cell, text or not.
        else if (t === '' || isValueToken(t) || (!frame.laidOut && cur.name.at(-1)?.n === line.n)) {
          finish(t);
          continue;
        } else {
          cur.name.push({ n: line.n, text: t });
          continue;
        }
      }
      if (starts) cur = { ...(key ? { fixed: key } : { code: t }), at: line.n, name: key ? [{ n: line.n, text: t }] : [] };
      else if (t !== '') rec.unplaced({ line: line.n, place }, t, `${place}: ${isValueToken(t) ? 'a figure' : 'text'} that follows no code`);
    }
  }
  if (cur) finish('');

  const grouped: Row[][] = Array.from({ length: groups }, () => []);
  const lastCode: (string | undefined)[] = [];
  const lastClass: (string | undefined)[] = [];
  let p = -1;
  const fixed: Row[] = [];
  for (const e of entries) {
    const at = { line: e.at, place: `${place} ${e.code ?? e.fixed}` };
    const values: Record<string, Cell> = valuesOf(sdef.columns, [e.cell ?? ''], rec, at);
    if (e.fixed) {
      const rdef = sdef.rows.find((r) => r.key === e.fixed)!;
      fixed.push(fixedRow(rdef, joinName(e.name), values));
      continue;
    }
    const code = e.code!;
    let g = -1;
    for (let k = 1; k <= groups; k++) {
      const c = (p + k) % groups;
      const fits = code.length === 3
        ? lastCode[c] === undefined || code > lastCode[c]!
        : lastCode[c] === undefined || (lastClass[c] === code.slice(0, 3) && code > lastCode[c]!);
      if (fits) {
        g = c;
        break;
      }
    }
    if (g < 0) {
      g = (p + 1) % groups;
      rec.note(at, `${at.place}: its column group could not be told from the codes around it; taken as group ${g + 1}`);
    }
    lastCode[g] = code;
    lastClass[g] = code.slice(0, 3);
    p = g;
    grouped[g]!.push(codedRow(code, joinName(e.name), values, g + 1));
  }
  const rows = [...grouped.flat()];
  for (const rdef of sdef.rows) {
    const r = fixed.find((x) => x.key === rdef.key) ?? absentRow(sdef, rdef, frame.statement, rec, place, frame.body.at(-1)?.n);
    if (r) rows.push(r);
  }
  return [section(sdef, rows)];
}
