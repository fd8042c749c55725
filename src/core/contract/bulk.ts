// Bulk files for machines: every published latest version's figures of a fiscal year, and of a region within
// it, as CSV, NDJSON and Parquet, regenerated after each change of the facts index. Each file's name carries
// its partition and its generation, so a name never names other bytes: the files are immutable and listed
// with their sha256 (GET /v1/bulk, GET /v1/bulk/{year}). URLs, file names and the listing's schemas live here.
import * as v from 'valibot';
import { API_PREFIX } from './urls.ts';
import { ApiPathSchema, IsoTimeSchema, Sha256Schema, YearSchema } from './fields.ts';

export const BULK_PATH = `${API_PREFIX}/bulk`;
export const bulkYearPath = (year: number): string => `${BULK_PATH}/${year}`;
export const bulkFilePath = (year: number, name: string): string => `${BULK_PATH}/${year}/${name}`;
export const BULK_ROUTES = { year: `${BULK_PATH}/:year`, file: `${BULK_PATH}/:year/:file` } as const;

export const BULK_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

/** CSV and NDJSON are gzip-compressed (a year is hundreds of MB as text); Parquet compresses its own pages. */
export const BULK_EXTENSIONS: Readonly<Record<BulkFormat, string>> = { csv: 'csv.gz', ndjson: 'ndjson.gz', parquet: 'parquet' };
export const BULK_MEDIA_TYPES: Readonly<Record<BulkFormat, string>> = { csv: 'application/gzip', ndjson: 'application/gzip', parquet: 'application/vnd.apache.parquet' };

/** A partition: a whole year (region null) or a region code's prefix at a level (14, 1406, 140602). */
export interface BulkPartition {
  year: number;
  region: string | null;
}

/** The region prefixes a region code's figures are also filed under: province (2), city (4), county (6 digits). */
export function regionPartitions(regionCode: string): string[] {
  return [2, 4, 6].filter((n) => /^\d+$/.test(regionCode) && regionCode.length >= n).map((n) => regionCode.slice(0, n));
}

export const REGION_LEVELS: Readonly<Record<number, 'province' | 'city' | 'county'>> = { 2: 'province', 4: 'city', 6: 'county' };

/** gongkai-facts-2023-g4.parquet, gongkai-facts-2023-1406-g4.csv.gz */
export function bulkFileName(p: BulkPartition, generation: number, format: BulkFormat): string {
  return `gongkai-facts-${p.year}${p.region ? `-${p.region}` : ''}-g${generation}.${BULK_EXTENSIONS[format]}`;
}

const NAME = /^gongkai-facts-(\d{4})(?:-(\d{2}|\d{4}|\d{6}))?-g([1-9]\d{0,8})\.(csv\.gz|ndjson\.gz|parquet)$/;

/** What a bulk file's name says, or null when it is not a bulk file's name. */
export function parseBulkFileName(name: string): (BulkPartition & { generation: number; format: BulkFormat }) | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const format = BULK_FORMATS.find((f) => BULK_EXTENSIONS[f] === m[4])!;
  return { year: Number(m[1]), region: m[2] ?? null, generation: Number(m[3]), format };
}

/** The columns of every bulk file, in order: what each holds, and its type in Parquet. */
export const BULK_COLUMNS = [
  ['year', 'INT32', 'the fiscal year'],
  ['region_code', 'VARCHAR', 'the department\'s region code (e.g. 140602), text'],
  ['department_id', 'VARCHAR', 'the department id'],
  ['department_name', 'VARCHAR', 'the department\'s name as its latest version prints it'],
  ['template', 'VARCHAR', 'the filing\'s template (shanxi-2023, shanghai-2024…)'],
  ['version', 'INT32', 'the latest published version\'s number'],
  ['table_id', 'VARCHAR', 'the table\'s semantic id (expenditure, three-public…)'],
  ['section', 'VARCHAR', 'the table\'s section'],
  ['row_id', 'VARCHAR', '"{section}:{code or key}", unique in the table, as the table CSV names the row'],
  ['row_key', 'VARCHAR', 'the row\'s code where it has one (2010301), else its key (total): what /v1/facts names'],
  ['row_code', 'VARCHAR', 'the functional or economic classification code, text; null for a fixed row'],
  ['level', 'INT32', '1 类, 2 款, 3 项; null for a fixed row'],
  ['row_name', 'VARCHAR', 'the row\'s name as printed'],
  ['column_key', 'VARCHAR', 'the column\'s key'],
  ['value', 'VARCHAR', 'the figure exactly as printed (an exact decimal string), in `unit`'],
  ['unit', 'VARCHAR', 'the unit as printed (万元, 元, 辆…)'],
  ['yuan', 'DECIMAL(18,2)', 'the figure in 元, exact (万元 × 10000); null where the unit is not money'],
] as const;

export const BULK_YUAN_PRECISION = 18;
export const BULK_YUAN_SCALE = 2;

const FormatSchema = v.picklist(BULK_FORMATS);

export const BulkFileSchema = v.strictObject({
  format: FormatSchema,
  name: v.pipe(v.string(), v.regex(NAME)),
  url: ApiPathSchema,
  mediaType: v.string(),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sha256: Sha256Schema,
  rows: v.pipe(v.number(), v.integer(), v.minValue(0)),
  generatedAt: IsoTimeSchema,
});
export type BulkFile = v.InferOutput<typeof BulkFileSchema>;

export const BulkPartitionSchema = v.strictObject({
  year: YearSchema,
  /** null: the whole year; else a region code's prefix. */
  region: v.nullable(v.pipe(v.string(), v.regex(/^(\d{2}|\d{4}|\d{6})$/))),
  level: v.picklist(['year', 'province', 'city', 'county']),
  generation: v.pipe(v.number(), v.integer(), v.minValue(1)),
  generatedAt: IsoTimeSchema,
  rows: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The facts index has changed since these files were made; new ones are on their way. */
  stale: v.boolean(),
  files: v.array(BulkFileSchema),
});
export type BulkPartitionListing = v.InferOutput<typeof BulkPartitionSchema>;

export const BulkYearSchema = v.strictObject({
  year: YearSchema,
  partitions: v.array(BulkPartitionSchema),
});
export type BulkYear = v.InferOutput<typeof BulkYearSchema>;

export const BulkIndexSchema = v.strictObject({
  columns: v.array(v.strictObject({ name: v.string(), type: v.string(), description: v.string() })),
  years: v.array(v.strictObject({
    year: YearSchema,
    url: ApiPathSchema,
    /** How many partitions the year has (itself and its regions). */
    partitions: v.pipe(v.number(), v.integer(), v.minValue(0)),
    /** The whole year's files. */
    files: v.array(BulkFileSchema),
    stale: v.boolean(),
  })),
});
export type BulkIndex = v.InferOutput<typeof BulkIndexSchema>;
