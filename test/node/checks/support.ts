// Shared by the check tests: the seed filing, deep-cloned and edited one cell or sentence at a time.
import { readFileSync } from 'node:fs';
import { checkFiling, type CheckReport, type Finding, type Location } from '../../../src/core/checks/index.ts';
import type { Cell } from '../../../src/core/model/cell.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import type { Row, Table } from '../../../src/core/model/table.ts';

const raw: unknown = JSON.parse(readFileSync(new URL('../../../data/filings/140602-xzspfwglj/2023.json', import.meta.url), 'utf8'));
const parsed = parseFiling(raw);
if (!parsed.ok) throw new Error(`the seed filing does not parse:\n${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);

export const SEED: Filing = parsed.filing;

/** A fresh deep copy of the seed, edited by `edit`. */
export function seedWith(edit: (f: Filing) => void = () => {}): Filing {
  const copy = structuredClone(SEED);
  edit(copy);
  return copy;
}

export function table(f: Filing, id: string): Table {
  const t = f.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

/** The row of a section by fixed key or code; created (empty) if the filing does not print it. */
export function row(f: Filing, tableId: string, sectionId: string, rowId: string): Row {
  const section = table(f, tableId).sections.find((s) => s.id === sectionId);
  if (!section) throw new Error(`no section ${tableId}/${sectionId}`);
  let r = section.rows.find((x) => x.key === rowId || (x.key === undefined && x.code === rowId));
  if (!r) {
    r = /^\d+$/.test(rowId) ? { code: rowId, name: rowId, values: {} } : { key: rowId, name: rowId, values: {} };
    section.rows.push(r);
  }
  return r;
}

export function setCell(f: Filing, tableId: string, sectionId: string, rowId: string, column: string, value: Cell): void {
  row(f, tableId, sectionId, rowId).values[column] = value;
}

/** Replace text in one paragraph of 情况说明 (by heading) or of the attachment; fails loudly if absent. */
export function editText(f: Filing, from: string, to: string): void {
  for (const sections of [f.narrative.explanation, f.performance?.sections ?? []]) {
    for (const s of sections) {
      const i = s.paragraphs.findIndex((p) => p.includes(from));
      if (i >= 0) {
        s.paragraphs[i] = (s.paragraphs[i] as string).replace(from, to);
        return;
      }
    }
  }
  throw new Error(`"${from}" is not in the text`);
}

export const check = (f: Filing): CheckReport => checkFiling(f);

export function ofRule(report: CheckReport, rule: string): Finding[] {
  return report.findings.filter((x) => x.rule === rule);
}

export function status(report: CheckReport, rule: string): string | undefined {
  return report.rules.find((r) => r.id === rule)?.status;
}

/** A compact key for a location, for whole-list assertions. */
export function where(l: Location | undefined): string {
  if (!l) return '';
  if ('part' in l) return `${l.part}:${l.path}`;
  return [l.table, l.section, l.row, l.column].filter((x) => x !== undefined).join('/');
}

/** Findings of a report that are not in the seed's report: what an edit caused. */
export function added(report: CheckReport): Finding[] {
  const before = new Set(check(SEED).findings.map((x) => JSON.stringify([x.rule, x.severity, x.locations])));
  return report.findings.filter((x) => !before.has(JSON.stringify([x.rule, x.severity, x.locations])));
}
