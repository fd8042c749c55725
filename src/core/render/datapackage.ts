// datapackage.json: a Frictionless Data Package (v2) describing one version. One resource per
// table (its CSV with a Table Schema), the code lists the tables' codes point at, and the filing
// and findings as JSON resources; every resource with its bytes and sha256.
//
// Version recipe (STANDARDS.md: re-typed fields MAJOR, added data MINOR, corrected data PATCH):
// version n of a dataset is "{LAYOUT_MAJOR}.0.{n-1}". The first publication is 1.0.0; each
// correction is a new version of the same figures, so it bumps PATCH. LAYOUT_MAJOR moves only when
// the CSV layout (fields, types) of this renderer changes.
import type { Classification } from '../model/code.ts';
import type { Filing } from '../model/filing.ts';
import { CLASSIFICATIONS, codeListFields, codeListResource } from './codelists.ts';
import { CSV_LINE_BREAK } from './csv.ts';
import type { DataPackage, DataPackageField, DataResource, TableSchemaDescriptor } from './datapackage-schema.ts';
import { CLASSIFICATION_TITLES, MISSING_VALUES, tableFields, type FieldSpec } from './fields.ts';
import { utf8 } from '../bytes.ts';
import { sha256Hex } from '../hash.ts';
import { tableLayout, type TableLayout } from './layout.ts';
import { codeListPath, FILING_PATH, FINDINGS_PATH, tableCsvPath } from '../contract/files.ts';
import type { RenderedFile, VersionContext } from './types.ts';

export const DATA_PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json' as const;

/** Bumped when the CSV layout changes (a field added, removed or re-typed). */
export const LAYOUT_MAJOR = 1;

/**
 * The terms the data are published under. A placeholder pending the project's decision: the figures
 * are government information disclosed under 《政府信息公开条例》, not a licence this platform grants.
 */
export const DATA_LICENSES = [
  { name: 'other-open', title: '政府信息公开：依《中华人民共和国政府信息公开条例》主动公开的部门决算信息' },
] as const;

export interface Digest {
  readonly bytes: number;
  /** Lower-case hex sha256 of the UTF-8 body. */
  readonly sha256: string;
}

export function semver(version: number): string {
  return `${LAYOUT_MAJOR}.0.${version - 1}`;
}

export function datasetName(context: VersionContext): string {
  return `${context.departmentId}-${context.year}`;
}

export async function digestOf(body: string): Promise<Digest> {
  const bytes = utf8.encode(body) as Uint8Array<ArrayBuffer>;
  return { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
}

/** Digests of the files a package describes, by path. */
export async function digests(files: readonly RenderedFile[]): Promise<Map<string, Digest>> {
  const out = new Map<string, Digest>();
  for (const f of files) out.set(f.path, await digestOf(f.body));
  return out;
}

export function frictionlessField<R>(f: FieldSpec<R>): DataPackageField {
  const constraints = {
    ...(f.required ? { required: true } : {}),
    ...(f.unique ? { unique: true } : {}),
    ...(f.pattern !== undefined ? { pattern: f.pattern } : {}),
    ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
    ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
    ...(f.enum !== undefined ? { enum: [...f.enum] } : {}),
  };
  return {
    name: f.name,
    title: f.title,
    description: f.description,
    type: f.type,
    ...(Object.keys(constraints).length ? { constraints } : {}),
    ...(f.columnType ? { columnType: f.columnType } : {}),
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.factor !== undefined ? { factor: f.factor } : {}),
    ...(f.direction ? { direction: f.direction } : {}),
    ...(f.phase ? { phase: f.phase } : {}),
  };
}

const DIALECT = { header: true, delimiter: ',', lineTerminator: CSV_LINE_BREAK, quoteChar: '"', doubleQuote: true, skipInitialSpace: false };

function measured(path: string, files: ReadonlyMap<string, Digest>): { bytes: number; hash: string } {
  const d = files.get(path);
  if (!d) throw new Error(`datapackage.json describes ${path}, which was not rendered`);
  return { bytes: d.bytes, hash: `sha256:${d.sha256}` };
}

export function tableTitle(layout: TableLayout): string {
  const number = layout.table.number ?? layout.def?.number;
  return number ? `${number} ${layout.table.title}` : layout.table.title;
}

function tableResource(layout: TableLayout, files: ReadonlyMap<string, Digest>): DataResource {
  const { table, def, classification } = layout;
  const path = tableCsvPath(table.id);
  const schema: TableSchemaDescriptor = {
    fields: tableFields(layout).map(frictionlessField),
    missingValues: [...MISSING_VALUES],
    primaryKey: ['id'],
    ...(classification ? { foreignKeys: [{ fields: ['code'], reference: { resource: codeListResource(classification), fields: ['code'] } }] } : {}),
  };
  const about = [def?.titleEn, `金额单位：${table.unit}`, table.statement, table.note].filter(Boolean).join('. ');
  return {
    name: table.id,
    type: 'table',
    path,
    title: tableTitle(layout),
    description: about,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    ...measured(path, files),
    dialect: DIALECT,
    schema,
  };
}

function codeListResourceDescriptor(c: Classification, files: ReadonlyMap<string, Digest>): DataResource {
  const path = codeListPath(c);
  return {
    name: codeListResource(c),
    type: 'table',
    path,
    title: `${CLASSIFICATION_TITLES[c]}（本数据集所用）`,
    description: `The ${c} classification codes this filing prints, with the official 类 of the year's list; the tables' code columns point here.`,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    ...measured(path, files),
    dialect: DIALECT,
    schema: { fields: codeListFields(c).map(frictionlessField), missingValues: [''], primaryKey: ['code'] },
  };
}

function jsonResource(name: string, path: string, title: string, description: string, files: ReadonlyMap<string, Digest>): DataResource {
  return { name, path, title, description, format: 'json', mediatype: 'application/json', encoding: 'utf-8', ...measured(path, files) };
}

export function reportTitle(filing: Filing): string {
  return filing.title ?? `${filing.department.name}${filing.year}年度部门决算`;
}

/** What the version-naming members of a descriptor say of the dataset: known before the version number is. */
export interface DatasetFacts {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly regionCode: string;
  readonly year: number;
  readonly unit: string;
  readonly template: string;
  readonly title: string;
}

export function datasetFacts(filing: Filing): DatasetFacts {
  const d = filing.department;
  return { departmentId: d.id, departmentName: d.name, regionCode: d.regionCode, year: filing.year, unit: filing.unit, template: filing.template, title: reportTitle(filing) };
}

/** The members that name the version (its number and time): rendered at the commit, first in the descriptor. */
export function dataPackageHead(facts: DatasetFacts, context: VersionContext) {
  return {
    $schema: DATA_PACKAGE_PROFILE,
    name: datasetName(context),
    title: facts.title,
    description:
      `${facts.departmentName} ${facts.year} 年度部门决算公开 (departmental final accounts), version ${context.version}` +
      `${context.corrects ? `, correcting version ${context.corrects}` : ''}. ` +
      `Amounts are exact decimals as printed, in ${facts.unit} unless a field says otherwise. ` +
      `In every table an empty cell is a blank cell as printed (not zero) and "n/a" a cell printed ──── (not applicable).`,
    version: semver(context.version),
    created: context.publishedAt,
    gongkai: {
      departmentId: context.departmentId,
      department: facts.departmentName,
      regionCode: facts.regionCode,
      year: context.year,
      version: context.version,
      corrects: context.corrects ?? null,
      template: facts.template,
    },
  } satisfies Partial<DataPackage>;
}

/** The members that do not name the version (the bulk: every resource's schema): rendered before the commit. */
export function dataPackageBody(filing: Filing, files: ReadonlyMap<string, Digest>, layouts: readonly TableLayout[] = filing.tables.map((t) => tableLayout(filing, t))) {
  const source = filing.source?.name ? `${reportTitle(filing)}（${filing.source.name}）` : reportTitle(filing);
  return {
    keywords: ['部门决算', '决算公开', 'final accounts', 'fiscal', String(filing.year)],
    licenses: DATA_LICENSES.map((l) => ({ ...l })),
    sources: [{ title: source }],
    fiscalPeriod: { start: `${filing.year}-01-01`, end: `${filing.year}-12-31` },
    countryCode: 'CN',
    resources: [
      ...layouts.map((l) => tableResource(l, files)),
      ...CLASSIFICATIONS.map((c) => codeListResourceDescriptor(c, files)),
      jsonResource('filing', FILING_PATH, '部门决算公开（完整申报）', 'The whole filing (gongkai.filing/1): tables, narrative, performance self-evaluation.', files),
      jsonResource('findings', FINDINGS_PATH, '核对结果', "The accounting checks' findings on this version.", files),
    ],
  } satisfies Partial<DataPackage>;
}

