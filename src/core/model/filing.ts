import * as v from 'valibot';
import { DepartmentSchema } from './department.ts';
import { NameSchema, SlugSchema, TextSchema } from './key.ts';
import { NarrativeSchema } from './narrative.ts';
import { PerformanceSchema } from './performance.ts';
import { TableSchema } from './table.ts';

export const FILING_FORMAT = 'gongkai.filing/1';

/** One department's final-account disclosure for one fiscal year (部门决算公开). */
export const FilingSchema = v.strictObject({
  format: v.literal(FILING_FORMAT, `format must be "${FILING_FORMAT}"`),
  department: DepartmentSchema,
  year: v.pipe(v.number('year is a whole number such as 2023'), v.integer('year is a whole number'), v.minValue(1990), v.maxValue(2100)),
  /** The amount unit of the report (金额单位). */
  unit: v.picklist(['万元', '元'], 'unit is 万元 or 元'),
  /** The template the report follows; it says which tables the filing must carry. */
  template: SlugSchema,
  /** The report's own title, as printed. */
  title: v.optional(NameSchema),
  tables: v.pipe(v.array(TableSchema), v.minLength(1, 'a filing carries at least one table'), v.maxLength(32)),
  performance: v.optional(PerformanceSchema),
  narrative: NarrativeSchema,
  /** Where the figures come from (a report's file name, a workbook), for provenance. */
  source: v.optional(v.strictObject({ kind: v.picklist(['report-text', 'report-pdf', 'workbook', 'manual']), name: v.optional(NameSchema), note: v.optional(TextSchema) })),
});

export type Filing = v.InferOutput<typeof FilingSchema>;
export type FilingInput = v.InferInput<typeof FilingSchema>;
