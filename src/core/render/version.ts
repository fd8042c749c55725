// Every file of one published version, rendered once at publication. Deterministic: the same
// filing, findings and context give the same bytes, in the same order.
import * as v from 'valibot';
import { FilingSchema, type Filing } from '../model/filing.ts';
import type { Provenance } from '../model/provenance.ts';
import { isParsed } from '../model/parse.ts';
import { CLASSIFICATIONS, renderCodeListCsv } from './codelists.ts';
import { renderCsvw } from './csvw.ts';
import { dataPackage, digests, type Digest } from './datapackage.ts';
import { jsonText } from './json.ts';
import { tableLayout, type TableLayout } from './layout.ts';
import { codeListPath, CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, PROVENANCE_PATH, tableCsvPath, tableJsonPath } from './paths.ts';
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

/**
 * The files whose bytes do not depend on the version number: rendered once per submission, before a
 * number is given, so that the sequencer's commit stays short.
 */
export function renderVersionContent(input: { filing: Filing; findings: unknown; provenance?: Provenance }): { files: RenderedFile[]; layouts: TableLayout[]; filing: Filing } {
  const filing = canonicalFiling(input.filing);
  const seen = new Set<string>();
  const files: RenderedFile[] = [
    { path: FILING_PATH, mediaType: MEDIA_TYPES.json, body: jsonText(filing) },
    { path: FINDINGS_PATH, mediaType: MEDIA_TYPES.json, body: jsonText(input.findings ?? null) },
    ...(input.provenance ? [{ path: PROVENANCE_PATH, mediaType: MEDIA_TYPES.json, body: jsonText(input.provenance) }] : []),
  ];
  const layouts = filing.tables.map((t) => tableLayout(filing, t));
  for (const layout of layouts) {
    const { table } = layout;
    if (seen.has(table.id)) throw new Error(`table ${table.id} appears twice in the filing`);
    seen.add(table.id);
    files.push({ path: tableCsvPath(table.id), mediaType: MEDIA_TYPES.csv, body: layoutCsv(layout) });
    files.push({ path: tableJsonPath(table.id), mediaType: MEDIA_TYPES.json, body: jsonText(tableJson(filing, layout)) });
  }
  for (const c of CLASSIFICATIONS) files.push({ path: codeListPath(c), mediaType: MEDIA_TYPES.csv, body: renderCodeListCsv(filing, c, layouts) });
  return { files, layouts, filing };
}

/** The files that name the version (number, time of publication): the Data Package and CSVW descriptors. Synchronous. */
export function renderVersionMetadata(filing: Filing, context: VersionContext, content: ReadonlyMap<string, Digest>, layouts?: readonly TableLayout[]): RenderedFile[] {
  if (filing.department.id !== context.departmentId || filing.year !== context.year) {
    throw new Error(`the filing is ${filing.department.id} ${filing.year}; the version context is ${context.departmentId} ${context.year}`);
  }
  const shared = layouts ?? filing.tables.map((t) => tableLayout(filing, t)); // laid out once for both descriptors
  return [
    { path: DATA_PACKAGE_PATH, mediaType: MEDIA_TYPES.json, body: jsonText(dataPackage(filing, context, content, shared)) },
    { path: CSVW_PATH, mediaType: MEDIA_TYPES.csvw, body: renderCsvw(filing, context, shared) },
  ];
}

/** Every file of one version: content, then metadata. */
export async function renderVersionFiles(input: { filing: Filing; findings: unknown; context: VersionContext }): Promise<RenderedFile[]> {
  const { files, layouts, filing } = renderVersionContent(input);
  return [...files, ...renderVersionMetadata(filing, input.context, await digests(files), layouts)];
}
