// Every file of one published version, rendered once at publication. Deterministic: the same
// filing, findings and context give the same bytes, in the same order.
import * as v from 'valibot';
import { FilingSchema, type Filing } from '../model/filing.ts';
import type { Provenance } from '../model/provenance.ts';
import { isParsed } from '../model/parse.ts';
import { CLASSIFICATIONS, renderCodeListCsv } from './codelists.ts';
import { csvwBody, csvwHead } from './csvw.ts';
import { dataPackageBody, dataPackageHead, datasetFacts, digests, type DatasetFacts, type Digest } from './datapackage.ts';
import { jsonCompact, jsonCompactJoined, jsonText } from './json.ts';
import { tableLayout, type TableLayout } from './layout.ts';
import { codeListPath, CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, PROVENANCE_PATH, tableCsvPath, tableJsonPath } from '../contract/files.ts';
import { layoutCsv } from './table-csv.ts';
import { tableJson } from './table-json.ts';
import type { RenderedFile, VersionContext } from './types.ts';

export const MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  /** CSVW's registered media type for csv-metadata.json. */
  csvw: 'application/csvm+json',
} as const;

/** The filing in canonical form: members in schema order, cells normalised. Throws on an invalid filing. */
export function canonicalFiling(filing: Filing): Filing {
  return isParsed(filing) ? filing : v.parse(FilingSchema, filing);
}

/** What a version file is rendered from. */
export interface ContentInput {
  filing: Filing;
  findings: unknown;
  provenance?: Provenance;
  layouts: readonly TableLayout[];
}

/**
 * The files whose bytes do not depend on the version number, in manifest order: each kind of file is
 * registered here once, and rendered once per submission, before a number is given.
 */
export const CONTENT_FILES: readonly ((input: ContentInput) => RenderedFile[])[] = [
  ({ filing }) => [{ path: FILING_PATH, mediaType: MEDIA_TYPES.json, body: jsonText(filing) }],
  ({ findings }) => [{ path: FINDINGS_PATH, mediaType: MEDIA_TYPES.json, body: jsonCompact(findings ?? null) }],
  ({ provenance }) => (provenance ? [{ path: PROVENANCE_PATH, mediaType: MEDIA_TYPES.json, body: jsonCompact(provenance) }] : []),
  ({ filing, layouts }) => layouts.flatMap((layout) => [
    { path: tableCsvPath(layout.table.id), mediaType: MEDIA_TYPES.csv, body: layoutCsv(layout) },
    { path: tableJsonPath(layout.table.id), mediaType: MEDIA_TYPES.json, body: jsonCompact(tableJson(filing, layout)) },
  ]),
  ({ filing, layouts }) => CLASSIFICATIONS.map((c) => ({ path: codeListPath(c), mediaType: MEDIA_TYPES.csv, body: renderCodeListCsv(filing, c, layouts) })),
];

/**
 * The descriptors, which name the version: a head (number, time) rendered at the commit, and a body (the
 * bulk: every resource and its schema) rendered before it. Registered here once.
 */
export interface Descriptor {
  path: string;
  mediaType: string;
  head(facts: DatasetFacts, context: VersionContext): object;
  body(filing: Filing, content: ReadonlyMap<string, Digest>, layouts: readonly TableLayout[]): object;
}

export const DESCRIPTORS: readonly Descriptor[] = [
  { path: DATA_PACKAGE_PATH, mediaType: MEDIA_TYPES.json, head: dataPackageHead, body: dataPackageBody },
  { path: CSVW_PATH, mediaType: MEDIA_TYPES.csvw, head: csvwHead, body: (_filing, _content, layouts) => csvwBody(layouts) },
];

/** The content files of a version (see CONTENT_FILES), with the filing in canonical form and its tables laid out once. */
export function renderVersionContent(input: { filing: Filing; findings: unknown; provenance?: Provenance }): { files: RenderedFile[]; layouts: TableLayout[]; filing: Filing } {
  const filing = canonicalFiling(input.filing);
  const seen = new Set<string>();
  for (const t of filing.tables) {
    if (seen.has(t.id)) throw new Error(`table ${t.id} appears twice in the filing`);
    seen.add(t.id);
  }
  const layouts = filing.tables.map((t) => tableLayout(filing, t));
  const files = CONTENT_FILES.flatMap((render) => render({ ...input, filing, layouts }));
  return { files, layouts, filing };
}

/** The descriptors' bodies, rendered before the number is known. */
export function renderDescriptorBodies(filing: Filing, content: ReadonlyMap<string, Digest>, layouts: readonly TableLayout[]): string[] {
  return DESCRIPTORS.map((d) => jsonCompact(d.body(filing, content, layouts)));
}

/** The descriptors of a version, from their bodies already rendered: what the commit adds. */
export function renderDescriptors(facts: DatasetFacts, context: VersionContext, bodies: readonly string[]): RenderedFile[] {
  if (facts.departmentId !== context.departmentId || facts.year !== context.year) {
    throw new Error(`the version prepared is ${facts.departmentId} ${facts.year}; the context is ${context.departmentId} ${context.year}`);
  }
  return DESCRIPTORS.map((d, i) => ({ path: d.path, mediaType: d.mediaType, body: jsonCompactJoined(d.head(facts, context), bodies[i]!) }));
}

/** The files that name the version (number, time of publication): the Data Package and CSVW descriptors. */
export function renderVersionMetadata(filing: Filing, context: VersionContext, content: ReadonlyMap<string, Digest>, layouts?: readonly TableLayout[]): RenderedFile[] {
  const shared = layouts ?? filing.tables.map((t) => tableLayout(filing, t)); // laid out once for both descriptors
  return renderDescriptors(datasetFacts(filing), context, renderDescriptorBodies(filing, content, shared));
}

/** Every file of one version: content, then metadata. */
export async function renderVersionFiles(input: { filing: Filing; findings: unknown; context: VersionContext }): Promise<RenderedFile[]> {
  const { files, layouts, filing } = renderVersionContent(input);
  return [...files, ...renderVersionMetadata(filing, input.context, await digests(files), layouts)];
}
