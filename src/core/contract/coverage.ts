// The coverage ledger (GET /v1/coverage) and the department registry as the administrator reads it
// (GET /v1/admin/departments, GET /v1/admin/deadlines): response documents.
import * as v from 'valibot';
import { DeadlineRecordSchema, DepartmentRecordSchema } from '../ledger/departments.ts';

const Int = v.pipe(v.number(), v.integer());
const Day = v.pipe(v.string(), v.description('a date, YYYY-MM-DD, the end of which (24:00 China Standard Time, UTC+8) is the deadline'));

/** A region's deadline for the year: entered, or the approval date plus the statutory 20 days. */
export const CoverageDeadlineSchema = v.strictObject({
  date: Day,
  source: v.pipe(v.picklist(['entered', 'approval']), v.description('entered: the administrator entered the date; approval: the approval date (批复) plus 20 days')),
  approvalDate: v.nullable(v.string()),
});
export type CoverageDeadline = v.InferOutput<typeof CoverageDeadlineSchema>;

export const COVERAGE_STATUSES = ['published', 'missing', 'withdrawn'] as const;
export const TIMELINESS = ['on-time', 'late', 'overdue', 'pending', 'no-deadline'] as const;

export const CoverageSummarySchema = v.strictObject({
  /** Registered departments expected to publish this year (first year on or before it). */
  expected: Int,
  /** Of them, with a published version now. */
  published: Int,
  /** Of them, with nothing ever published for the year. */
  missing: Int,
  /** Of them, that published and then withdrew every version (not public now). */
  withdrawn: Int,
  /** Late against the deadline: published after it (`publishedLate`), or not published by it (`notPublished`: missing or withdrawn, the deadline passed). */
  late: v.strictObject({ total: Int, publishedLate: Int, notPublished: Int }),
  /** Expected departments whose region has no deadline entered for the year: their lateness is not judged. */
  noDeadline: Int,
  /** 公开率: published ÷ expected, in percent to two decimals (exact, half up); null when none is expected. */
  rate: v.nullable(v.string()),
});
export type CoverageSummary = v.InferOutput<typeof CoverageSummarySchema>;

export const CoverageDepartmentSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  regionCode: v.string(),
  parentId: v.nullable(v.string()),
  firstYear: Int,
  status: v.pipe(v.picklist(COVERAGE_STATUSES), v.description('published: a version is public; missing: nothing was ever published for the year; withdrawn: published, then every version withdrawn')),
  timeliness: v.pipe(v.picklist(TIMELINESS), v.description('on-time: first published by the deadline; late: first published after it; overdue: not public and the deadline has passed; pending: not public, the deadline not yet passed; no-deadline: none entered for the region and year')),
  /** The region's deadline, null when none was entered (none is made up). */
  deadline: v.nullable(v.string()),
  firstPublishedAt: v.nullable(v.string()),
  withdrawnAt: v.nullable(v.string()),
  latestVersion: v.nullable(Int),
  /** The dataset's API path, when anything was published. */
  dataset: v.nullable(v.string()),
});
export type CoverageDepartment = v.InferOutput<typeof CoverageDepartmentSchema>;

export const CoverageRegionSchema = v.strictObject({
  regionCode: v.string(),
  regionName: v.nullable(v.string()),
  deadline: v.nullable(CoverageDeadlineSchema),
  summary: CoverageSummarySchema,
});
export type CoverageRegion = v.InferOutput<typeof CoverageRegionSchema>;

export const CoverageSchema = v.strictObject({
  year: Int,
  /** The region code or prefix asked for; null: every region. */
  region: v.nullable(v.string()),
  /** The moment the ledger was computed for (overdue and pending are judged against it). */
  asOf: v.string(),
  summary: CoverageSummarySchema,
  regions: v.array(CoverageRegionSchema),
  departments: v.array(CoverageDepartmentSchema),
  /** The departments listed are the first `limit` (by region, then id) when more are expected; the counts are always of all. */
  truncated: v.boolean(),
  /** Datasets of the year and region from departments the registry does not list (not counted above). */
  unregistered: v.array(v.strictObject({ departmentId: v.string(), name: v.string(), regionCode: v.string(), status: v.picklist(['published', 'withdrawn']), dataset: v.string() })),
});
export type Coverage = v.InferOutput<typeof CoverageSchema>;

export const DepartmentRegistrySchema = v.strictObject({ departments: v.array(DepartmentRecordSchema) });
export type DepartmentRegistry = v.InferOutput<typeof DepartmentRegistrySchema>;

export const DeadlinesSchema = v.strictObject({
  deadlines: v.array(v.strictObject({ ...DeadlineRecordSchema.entries, effective: v.nullable(CoverageDeadlineSchema) })),
});
export type Deadlines = v.InferOutput<typeof DeadlinesSchema>;
