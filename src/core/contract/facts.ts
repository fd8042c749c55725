// The facts API's documents: line items across filings (GET /v1/facts), aggregates shaped like OpenSpending
// babbage's (GET /v1/aggregate), one department's series (GET /v1/departments/{id}/series), and the
// department and region registries the index knows. Amounts are exact decimal strings; `yuan` is the figure
// converted exactly to 元 where its unit is money (万元 × 10000), null where it is not (辆).
import * as v from 'valibot';
import { ApiPathSchema, DepartmentIdSchema, VersionNumberSchema, YearSchema } from './fields.ts';

const Decimal = v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/), v.description('an exact decimal'));

export const FactSchema = v.strictObject({
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  version: VersionNumberSchema,
  latest: v.boolean(),
  regionCode: v.string(),
  template: v.string(),
  table: v.string(),
  section: v.string(),
  /** "{section}:{key or code}", as the table's CSV and JSON name the row. */
  rowId: v.string(),
  row: v.string(),
  code: v.nullable(v.string()),
  level: v.nullable(v.number()),
  rowName: v.string(),
  column: v.string(),
  /** As printed, with the unit as printed. */
  value: Decimal,
  unit: v.string(),
  yuan: v.nullable(Decimal),
  /** The page of the department's PDF the figure was printed on, where the submission carried its provenance. */
  page: v.nullable(v.number()),
  links: v.strictObject({ table: ApiPathSchema, filing: ApiPathSchema, provenance: v.nullable(ApiPathSchema) }),
});
export type Fact = v.InferOutput<typeof FactSchema>;

export const FactsPageSchema = v.strictObject({
  items: v.array(FactSchema),
  /** The next page (cursor paging), null on the last. */
  next: v.nullable(ApiPathSchema),
});
export type FactsPage = v.InferOutput<typeof FactsPageSchema>;

/** Sums, extremes and counts of a group, in 元; "amount.*" and "_count" as babbage names them. */
const Measures = {
  'amount.sum': v.nullable(Decimal),
  'amount.min': v.nullable(Decimal),
  'amount.max': v.nullable(Decimal),
  _count: v.number(),
  /** Figures in the group not in a money unit, counted apart and not summed. */
  _unconverted: v.number(),
};

export const AggregateSchema = v.strictObject({
  measure: v.strictObject({ table: v.string(), section: v.nullable(v.string()), row: v.nullable(v.string()), column: v.string(), level: v.nullable(v.number()), unit: v.literal('元') }),
  drilldown: v.array(v.string()),
  cut: v.record(v.string(), v.union([v.string(), v.number()])),
  aggregates: v.array(v.string()),
  cells: v.array(v.looseObject({ ...Measures })),
  summary: v.strictObject(Measures),
  total_cell_count: v.number(),
  page: v.number(),
  page_size: v.number(),
});
export type Aggregate = v.InferOutput<typeof AggregateSchema>;

export const SeriesPointSchema = v.strictObject({
  year: YearSchema,
  version: VersionNumberSchema,
  value: Decimal,
  unit: v.string(),
  yuan: v.nullable(Decimal),
  /** Against the year before in the series; null for the first year, or when a year is missing between. */
  change: v.nullable(v.strictObject({
    yuan: v.nullable(Decimal),
    /** Percent, to two decimals; null where not comparable. */
    rate: v.nullable(Decimal),
    comparable: v.boolean(),
    note: v.nullable(v.string()),
  })),
  links: v.strictObject({ table: ApiPathSchema }),
});

export const SeriesSchema = v.strictObject({
  departmentId: DepartmentIdSchema,
  table: v.string(),
  row: v.string(),
  column: v.string(),
  lines: v.array(v.strictObject({ rowId: v.string(), rowName: v.string(), points: v.array(SeriesPointSchema) })),
});
export type Series = v.InferOutput<typeof SeriesSchema>;
export type SeriesPoint = v.InferOutput<typeof SeriesPointSchema>;

export const DepartmentsPageSchema = v.strictObject({
  items: v.array(v.strictObject({
    id: DepartmentIdSchema,
    name: v.string(),
    /** Its English name, where the department registry gives one. */
    nameEn: v.nullable(v.string()),
    /** Other names: those it published under in other years, and those the registry lists. */
    aliases: v.array(v.string()),
    regionCode: v.string(),
    /** Its parent department, where the registry knows one. */
    parent: v.nullable(DepartmentIdSchema),
    years: v.array(YearSchema),
    links: v.strictObject({ series: ApiPathSchema }),
  })),
  next: v.nullable(ApiPathSchema),
});
export type DepartmentsPage = v.InferOutput<typeof DepartmentsPageSchema>;

export const RegionsSchema = v.strictObject({
  items: v.array(v.strictObject({
    code: v.string(),
    /** 1 province, 2 city (地级), 3 county (县级). */
    level: v.picklist([1, 2, 3]),
    /** Null for a code the platform's list (国家统计局 2023) lacks; nameEn is given for provinces only. */
    name: v.nullable(v.string()),
    nameEn: v.nullable(v.string()),
    departments: v.number(),
  })),
});
export type Regions = v.InferOutput<typeof RegionsSchema>;
