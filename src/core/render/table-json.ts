// A table as JSON for developers: the table's header, its value columns with their meaning, its
// sections with the columns each prints, and its rows with cells as exact decimal strings.
// Every optional member is present (null when absent), so clients need no existence checks.
import * as v from 'valibot';
import { DECIMAL_PATTERN } from '../decimal.ts';
import { NOT_APPLICABLE } from '../model/cell.ts';
import type { Filing } from '../model/filing.ts';
import { KeySchema, NameSchema, SlugSchema, TextSchema } from '../model/key.ts';
import type { Table } from '../model/table.ts';
import { jsonCompact } from './json.ts';
import { tableLayout, type TableLayout } from './layout.ts';

export const TABLE_JSON_FORMAT = 'gongkai.table/1';

const WholeNumber = v.pipe(v.number(), v.integer());

/** A cell as the API serves it: an exact decimal string, null for a blank cell, "n/a" for a printed ────. */
export const TableCellSchema = v.nullable(
  v.union([v.literal(NOT_APPLICABLE), v.pipe(v.string(), v.regex(DECIMAL_PATTERN))]),
);

export const TableJsonColumnSchema = v.strictObject({
  key: KeySchema,
  title: NameSchema,
  /** 栏次 as printed, when the sections agree. */
  lanci: v.nullable(WholeNumber),
  /** Spanning header (预算数 / 决算数 / 本年支出). */
  group: v.nullable(NameSchema),
  /** Sections that print the column. */
  sections: v.array(KeySchema),
  /** True when every figure is money in the table's unit; false when some rows hold counts (see the row's unit). */
  money: v.boolean(),
  currency: v.nullable(v.literal('CNY')),
  /** Yuan per printed unit: 10000 for 万元. */
  factor: v.nullable(v.number()),
  direction: v.nullable(v.picklist(['revenue', 'expenditure'])),
  phase: v.nullable(v.picklist(['approved', 'executed'])),
});

export const TableJsonSectionSchema = v.strictObject({
  id: KeySchema,
  title: v.nullable(NameSchema),
  /** The columns this section prints, in printed order; its rows' `values` carry exactly these keys. */
  columns: v.array(KeySchema),
});

export const TableJsonRowSchema = v.strictObject({
  /** Unique in the table: "{section}:{key}" or "{section}:{code}"; the CSV's id column. */
  id: v.string(),
  section: KeySchema,
  line: v.nullable(WholeNumber),
  key: v.nullable(KeySchema),
  code: v.nullable(v.pipe(v.string(), v.regex(/^\d{3}(\d{2}){0,2}$/))),
  /** 1 = 类, 2 = 款, 3 = 项. */
  level: v.nullable(v.picklist([1, 2, 3])),
  name: NameSchema,
  unit: NameSchema,
  /** Printed column group (06表 prints four side by side). */
  group: v.nullable(WholeNumber),
  values: v.record(KeySchema, TableCellSchema),
});

export const TableJsonSchema = v.strictObject({
  format: v.literal(TABLE_JSON_FORMAT),
  dataset: v.strictObject({
    departmentId: SlugSchema,
    department: NameSchema,
    year: WholeNumber,
  }),
  table: v.strictObject({
    id: SlugSchema,
    /** As printed (公开01表); null where the template prints no number. */
    number: v.nullable(NameSchema),
    title: NameSchema,
    titleEn: v.nullable(v.string()),
    unit: NameSchema,
    /** The statement of an empty table (说明：本表无数据). */
    statement: v.nullable(TextSchema),
    note: v.nullable(TextSchema),
    /** The classification the rows' codes belong to. */
    classification: v.nullable(v.picklist(['functional', 'economic'])),
    /** The same table as CSV, relative to this file. */
    csv: v.string(),
  }),
  columns: v.array(TableJsonColumnSchema),
  sections: v.array(TableJsonSectionSchema),
  rows: v.array(TableJsonRowSchema),
});

export type TableJson = v.InferOutput<typeof TableJsonSchema>;

export function tableJson(filing: Filing, layout: TableLayout): TableJson {
  const { table, def } = layout;
  return {
    format: TABLE_JSON_FORMAT,
    dataset: { departmentId: filing.department.id, department: filing.department.name, year: filing.year },
    table: {
      id: table.id,
      number: table.number ?? def?.number ?? null,
      title: table.title,
      titleEn: def?.titleEn ?? null,
      unit: table.unit,
      statement: table.statement ?? null,
      note: table.note ?? null,
      classification: layout.classification,
      csv: `${table.id}.csv`,
    },
    columns: layout.columns.map((c) => ({
      key: c.key,
      title: c.title,
      lanci: c.lanci ?? null,
      group: c.group ?? null,
      sections: [...c.sections],
      money: c.money,
      currency: c.currency ?? null,
      factor: c.factor ?? null,
      direction: c.direction ?? null,
      phase: c.phase ?? null,
    })),
    sections: table.sections.map((s) => ({ id: s.id, title: s.title ?? null, columns: s.columns.map((c) => c.key) })),
    rows: layout.rows.map((r) => {
      const printed = table.sections.find((s) => s.id === r.section)?.columns ?? [];
      return {
        id: r.id,
        section: r.section,
        line: r.line,
        key: r.key,
        code: r.code,
        level: r.level,
        name: r.name,
        unit: r.unit,
        group: r.group,
        values: Object.fromEntries(printed.map((c) => [c.key, r.cells[c.key] ?? null])),
      };
    }),
  };
}

/** Version-independent: the same table in two versions has the same bytes (and the same ETag). */
export function renderTableJson(filing: Filing, table: Table): string {
  return jsonCompact(tableJson(filing, tableLayout(filing, table)));
}
