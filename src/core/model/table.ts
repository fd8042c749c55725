import * as v from 'valibot';
import { CellSchema } from './cell.ts';
import { CodeSchema } from './code.ts';
import { KeySchema, NameSchema, SlugSchema, TextSchema } from './key.ts';

/** A column as printed: its machine key, its printed title and 栏次 (when the table prints one). */
export const ColumnSchema = v.strictObject({
  key: KeySchema,
  title: NameSchema,
  lanci: v.optional(v.pipe(v.number('栏次 is a whole number'), v.integer('栏次 is a whole number'), v.minValue(1))),
  group: v.optional(NameSchema), // a spanning header such as 预算数 / 决算数
});

/**
 * A row. Coded rows (科目代码) are identified by `code`; fixed rows of a template (合计, 本年收入合计,
 * 行次 lines of 01/04/10表) by `key`. `line` is the 行次 as printed (10表 skips 16).
 */
export const RowSchema = v.strictObject({
  key: v.optional(KeySchema),
  line: v.optional(v.pipe(v.number('行次 is a whole number'), v.integer('行次 is a whole number'), v.minValue(1), v.maxValue(999))),
  code: v.optional(CodeSchema),
  name: NameSchema,
  /** Printed column group (06表 prints four groups side by side). */
  group: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8))),
  /** A row whose figures are not in the table's unit (辆, 台（套）). */
  unit: v.optional(NameSchema),
  values: v.record(KeySchema, CellSchema),
});

export const SectionSchema = v.strictObject({
  id: KeySchema,
  title: v.optional(NameSchema),
  columns: v.pipe(v.array(ColumnSchema), v.minLength(1, 'a section has at least one column'), v.maxLength(64)),
  rows: v.pipe(v.array(RowSchema), v.maxLength(2000, 'more than 2,000 rows in one section')),
});

export const TableSchema = v.strictObject({
  id: SlugSchema,
  /** As printed: 公开01表; absent where the template prints no number. */
  number: v.optional(NameSchema),
  title: NameSchema,
  /** The amount unit printed on this table (金额单位：万元). */
  unit: NameSchema,
  /** The department and year printed in the table header, kept to check them against the filing's. */
  department: v.optional(NameSchema),
  year: v.optional(v.pipe(v.number(), v.integer())),
  sections: v.pipe(v.array(SectionSchema), v.minLength(1), v.maxLength(16)),
  note: v.optional(TextSchema),
  /** The printed statement of an empty table (说明：本表无数据). */
  statement: v.optional(TextSchema),
});

export type Column = v.InferOutput<typeof ColumnSchema>;
export type Row = v.InferOutput<typeof RowSchema>;
export type Section = v.InferOutput<typeof SectionSchema>;
export type Table = v.InferOutput<typeof TableSchema>;
