// The flat layout of one table: its sections' rows one after another, the value columns the union
// of the sections' columns in template order. The CSV, the table JSON, the Data Package and the
// CSVW description are all drawn from this one layout, so they cannot disagree.
import { levelOf, type Classification } from '../model/code.ts';
import type { Cell } from '../model/cell.ts';
import type { Filing } from '../model/filing.ts';
import type { Column, Table } from '../model/table.ts';
import { tableDef, templateById, type ColumnDef, type SectionDef, type TemplateTable } from '../templates/index.ts';
import { amountFactor, directionOf, phaseOf, type Direction, type Phase } from './fiscal.ts';

/** The row-describing columns that precede the value columns, in CSV order. */
export const ROW_FIELDS = ['id', 'section', 'line', 'key', 'code', 'level', 'name', 'unit'] as const;
export type RowField = (typeof ROW_FIELDS)[number];

export interface ValueColumn {
  readonly key: string;
  /** The template's title; titles that differ between sections are joined with " / ". */
  readonly title: string;
  /** 栏次, when every section that prints the column gives the same one. */
  readonly lanci?: number;
  /** Spanning header (预算数 / 决算数 / 本年支出), when the sections agree. */
  readonly group?: string;
  /** Sections that carry the column; rows of other sections leave it empty. */
  readonly sections: readonly string[];
  /** Negative figures allowed (the template says so). */
  readonly signed: boolean;
  /** False when some rows hold counts (辆, 台（套）) instead of money: then `unit` says per row. */
  readonly money: boolean;
  readonly currency?: 'CNY';
  /** Yuan per printed unit (10000 for 万元). */
  readonly factor?: number;
  readonly direction?: Direction;
  /** Direction by section, for a column whose sections disagree (01表, 04表 print both sides). */
  readonly directionBySection: Readonly<Record<string, Direction | null>>;
  readonly phase?: Phase;
}

export interface FlatRow {
  /** `{section}:{key}` for a template's fixed row, `{section}:{code}` for a coded row: unique in the table. */
  readonly id: string;
  readonly section: string;
  readonly line: number | null;
  readonly key: string | null;
  readonly code: string | null;
  readonly level: 1 | 2 | 3 | null;
  readonly name: string;
  /** The row's unit: the table's (万元) unless the row prints its own (辆). */
  readonly unit: string;
  /** Printed column group (06表 prints four side by side); layout only, not in the CSV. */
  readonly group: number | null;
  /** One cell per value column of the layout; null where blank or outside the row's section. */
  readonly cells: Readonly<Record<string, Cell>>;
}

export interface TableLayout {
  readonly table: Table;
  readonly def: TemplateTable | undefined;
  /** The classification the `code` column draws on, when the table has one. */
  readonly classification: Classification | null;
  readonly columns: readonly ValueColumn[];
  readonly rows: readonly FlatRow[];
}

export function tableLayout(filing: Filing, table: Table): TableLayout {
  const template = templateById(filing.template);
  const def = template ? tableDef(template, table.id) : undefined;
  const sectionDefs: readonly SectionDef[] = def?.sections ?? [];
  const columns = valueColumns(table, sectionDefs);
  for (const c of columns) {
    if ((ROW_FIELDS as readonly string[]).includes(c.key)) throw new Error(`table ${table.id}: value column "${c.key}" collides with a row field`);
  }
  const rows: FlatRow[] = [];
  const ids = new Set<string>();
  for (const section of table.sections) {
    const sdef = sectionDefs.find((s) => s.id === section.id);
    section.rows.forEach((row, ri) => {
      const id = `${section.id}:${row.key ?? row.code ?? `#${ri + 1}`}`;
      if (ids.has(id)) throw new Error(`table ${table.id}: row ${id} appears twice; render a filing that passed parseFiling`);
      ids.add(id);
      const fixed = row.key === undefined ? undefined : sdef?.rows.find((r) => r.key === row.key);
      const cells: Record<string, Cell> = {};
      for (const c of columns) cells[c.key] = c.sections.includes(section.id) ? (row.values[c.key] ?? null) : null;
      rows.push({
        id,
        section: section.id,
        line: row.line ?? fixed?.line ?? null,
        key: row.key ?? null,
        code: row.code ?? null,
        level: row.code === undefined ? null : levelOf(row.code),
        name: row.name,
        unit: row.unit ?? fixed?.unit ?? table.unit,
        group: row.group ?? null,
        cells,
      });
    });
  }
  return { table, def, classification: classificationOf(sectionDefs), columns, rows };
}

/** Functional when sections are coded by 支出功能分类 or fixed rows stand for its 类 (01/04表); economic for 06表. */
function classificationOf(sections: readonly SectionDef[]): Classification | null {
  const found = new Set<Classification>();
  for (const s of sections) {
    if (s.classification) found.add(s.classification);
    if (s.rows.some((r) => r.code !== undefined)) found.add('functional');
  }
  return found.size === 1 ? [...found][0]! : null;
}

interface Occurrence {
  section: string;
  column: ColumnDef | Column;
  /** The section has rows of counts, not money. */
  counts: boolean;
  /** The template lets some row of the section be negative. */
  signedRows: boolean;
}

function valueColumns(table: Table, sectionDefs: readonly SectionDef[]): ValueColumn[] {
  // Template order first, so that every filing of a template has the same fields; then anything
  // the filing prints beyond its template (only a non-conforming filing does).
  const byKey = new Map<string, Occurrence[]>();
  const add = (o: Occurrence) => {
    const list = byKey.get(o.column.key) ?? [];
    if (!list.some((x) => x.section === o.section)) list.push(o);
    byKey.set(o.column.key, list);
  };
  const printsOtherUnits = (id: string) =>
    table.sections.find((p) => p.id === id)?.rows.some((r) => r.unit !== undefined && r.unit !== table.unit) ?? false;
  for (const s of sectionDefs) {
    const counts = s.rows.some((r) => r.measure === 'count') || printsOtherUnits(s.id);
    const signedRows = s.rows.some((r) => r.signed === true);
    for (const column of s.columns) add({ section: s.id, column, counts, signedRows });
  }
  for (const s of table.sections) {
    for (const column of s.columns) add({ section: s.id, column, counts: printsOtherUnits(s.id), signedRows: false });
  }
  const factor = amountFactor(table.unit);
  return [...byKey.entries()].map(([key, occ]) => {
    const money = occ.every((o) => !o.counts);
    const directions = new Set(occ.map((o) => directionOf(table.id, o.section, key)));
    const phases = new Set(occ.map((o) => phaseOf(o.column.group)));
    const lanci = new Set(occ.map((o) => o.column.lanci));
    const groups = new Set(occ.map((o) => o.column.group));
    const title = [...new Set(occ.map((o) => o.column.title))].join(' / ');
    const [direction] = directions;
    const [phase] = phases;
    const [oneLanci] = lanci;
    const [oneGroup] = groups;
    return {
      key,
      title,
      ...(lanci.size === 1 && oneLanci !== undefined ? { lanci: oneLanci } : {}),
      ...(groups.size === 1 && oneGroup !== undefined ? { group: oneGroup } : {}),
      sections: occ.map((o) => o.section),
      signed: occ.some((o) => o.signedRows || ('signed' in o.column && o.column.signed === true)),
      money,
      ...(money && factor !== undefined ? { currency: 'CNY' as const, factor } : {}),
      ...(money && directions.size === 1 && direction !== undefined ? { direction } : {}),
      directionBySection: Object.fromEntries(occ.map((o) => [o.section, money ? (directionOf(table.id, o.section, key) ?? null) : null])),
      ...(money && phases.size === 1 && phase !== undefined ? { phase } : {}),
    };
  });
}
