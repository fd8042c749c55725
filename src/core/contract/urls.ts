// The API's URL shapes, in one place: the Worker's links, the receipt, the portal, the command line
// and the mirror build every path from these. Paths are absolute from the origin ("/v1/…");
// `absolute(origin, path)` makes a full URL of one.
export const API_PREFIX = '/v1';

export const DATASETS_PATH = `${API_PREFIX}/datasets`;
export const KEYS_PATH = `${API_PREFIX}/keys`;
export const CHANGES_PATH = `${API_PREFIX}/changes`;
export const SUBMISSIONS_PATH = `${API_PREFIX}/submissions`;
/** The transparency log (contract/log.ts), its entries one by one, and the platform key that signs it. */
export const LOG_PATH = `${API_PREFIX}/log`;
export const LOG_KEY_PATH = `${LOG_PATH}/key`;
export const logEntryPath = (seq: number): string => `${LOG_PATH}/${seq}`;
/** The facts index: line items across filings, aggregates, a department's series, the registries. */
export const FACTS_PATH = `${API_PREFIX}/facts`;
export const AGGREGATE_PATH = `${API_PREFIX}/aggregate`;
export const DEPARTMENTS_PATH = `${API_PREFIX}/departments`;
export const REGIONS_PATH = `${API_PREFIX}/regions`;
export const seriesPath = (d: string, q: { table: string; row: string; column: string }): string =>
  queryPath(`${DEPARTMENTS_PATH}/${d}/series`, { table: q.table, row: q.row, column: q.column });
/** A query path: parameters in the order given, empty ones left out. */
export function queryPath(base: string, params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, value] of Object.entries(params)) if (value !== undefined && value !== '') u.set(k, String(value));
  const s = u.toString();
  return s ? `${base}?${s}` : base;
}
/** A version as one download: its pack (gzip; core/pack.ts), for mirrors. */
export const PACKS_PATH = `${API_PREFIX}/packs`;
export const packPath = (d: string, y: number, n: number): string => `${PACKS_PATH}/${d}/${y}/${n}`;
/** DCAT-AP 3 (JSON-LD) for harvesters. */
export const CATALOG_JSONLD_PATH = `${API_PREFIX}/catalog.jsonld`;
/** Project Open Data 1.1: the index of the publishers' catalogs (contract 2; it was the whole catalog). */
export const DATA_JSON_PATH = '/data.json';
/** A department's own catalogs: Project Open Data 1.1 (data.json), as an agency publishes its own, and DCAT-AP 3 with its dcat:DatasetSeries. */
export const departmentDataJsonPath = (d: string): string => `${API_PREFIX}/departments/${d}/data.json`;
export const departmentCatalogPath = (d: string): string => `${API_PREFIX}/departments/${d}/catalog.jsonld`;
export const OPENAPI_PATH = '/openapi.json';
/** A JSON Schema (2020-12) the server publishes: a JSON form's (filing, table…) or a response document's. */
export const schemaPath = (name: string): string => `/schemas/${name}.json`;

export type VersionRef = number | 'latest';

export const datasetPath = (d: string, y: number): string => `${DATASETS_PATH}/${d}/${y}`;
export const versionPath = (d: string, y: number, n: VersionRef): string => `${datasetPath(d, y)}/versions/${n}`;
/** A file of a version, by its path relative to the version (see files.ts). */
export const filePath = (d: string, y: number, n: VersionRef, path: string): string => `${versionPath(d, y, n)}/${path}`;
/** Every file of a version and its manifest.json in one zip, for people (a mirror takes the pack). */
export const VERSION_ZIP = 'version.zip';
export const versionZipPath = (d: string, y: number, n: VersionRef): string => filePath(d, y, n, VERSION_ZIP);
/** The version as one Excel workbook for people: a sheet per table as printed, and the findings (made on request). */
export const VERSION_XLSX = 'version.xlsx';
export const versionXlsxPath = (d: string, y: number, n: VersionRef): string => filePath(d, y, n, VERSION_XLSX);

/** A page of the change feed. */
export const changesPath = (q: { since?: number; limit?: number } = {}): string => queryPath(CHANGES_PATH, { since: q.since, limit: q.limit });

/** A page of the transparency log. */
export const logPath = (q: { since?: number; limit?: number } = {}): string => queryPath(LOG_PATH, { since: q.since, limit: q.limit });

export const submissionsPath = (o: { dryRun?: boolean } = {}): string => `${SUBMISSIONS_PATH}${o.dryRun ? '?dryRun=1' : ''}`;

export const ADMIN_KEYS_PATH = `${API_PREFIX}/admin/keys`;
export const ADMIN_INDEX_REBUILD_PATH = `${API_PREFIX}/admin/index/rebuild`;
export const adminRevokeKeyPath = (keyId: string): string => `${ADMIN_KEYS_PATH}/${encodeURIComponent(keyId)}/revoke`;
export const adminWithdrawPath = (d: string, y: number | string, n: number | string): string => `${API_PREFIX}/admin/datasets/${d}/${y}/versions/${n}/withdraw`;

// The coverage ledger (who has published and who has not) and the department registry the administrator keeps.
export const COVERAGE_PATH = `${API_PREFIX}/coverage`;
export const COVERAGE_PAGE_PATH = '/coverage';
export const ADMIN_PAGE_PATH = '/admin';
export const coveragePath = (q: { region?: string; year?: number | string } = {}): string => queryPath(COVERAGE_PATH, { region: q.region, year: q.year });
export const ADMIN_DEPARTMENTS_PATH = `${API_PREFIX}/admin/departments`;
export const adminDepartmentPath = (id: string): string => `${ADMIN_DEPARTMENTS_PATH}/${encodeURIComponent(id)}`;
export const ADMIN_DEADLINES_PATH = `${API_PREFIX}/admin/deadlines`;
export const adminDeadlinePath = (regionCode: string, year: number | string): string => `${ADMIN_DEADLINES_PATH}/${regionCode}/${year}`;

/** A full URL: the origin (or a server's base URL, a trailing slash allowed) and a path from above. */
export const absolute = (origin: string, path: string): string => `${origin.replace(/\/+$/, '')}${path}`;

/** The catalog's query parameters (GET /v1/datasets). */
export interface CatalogParams {
  year?: string | number;
  region?: string;
  department?: string;
  q?: string;
  modified_since?: string;
  cursor?: string;
  limit?: number;
}

/** A catalog page's path; parameters in the order given, empty ones left out. */
export function catalogPath(params: CatalogParams = {}): string {
  return queryPath(DATASETS_PATH, { ...params });
}

/** The same shapes as Hono route patterns, for the Worker's routes: one spelling of each URL. */
export const ROUTES = {
  dataset: `${DATASETS_PATH}/:departmentId/:year`,
  version: `${DATASETS_PATH}/:departmentId/:year/versions/:version`,
  versionZip: `${DATASETS_PATH}/:departmentId/:year/versions/:version/${VERSION_ZIP}`,
  versionXlsx: `${DATASETS_PATH}/:departmentId/:year/versions/:version/${VERSION_XLSX}`,
  file: `${DATASETS_PATH}/:departmentId/:year/versions/:version/:path{.+}`,
  logEntry: `${LOG_PATH}/:seq{[0-9]+}`,
  series: `${DEPARTMENTS_PATH}/:departmentId/series`,
  departmentDataJson: `${DEPARTMENTS_PATH}/:departmentId/data.json`,
  departmentCatalog: `${DEPARTMENTS_PATH}/:departmentId/catalog.jsonld`,
  pack: `${PACKS_PATH}/:departmentId/:year/:version`,
  adminRevokeKey: `${ADMIN_KEYS_PATH}/:keyId/revoke`,
  adminWithdraw: `${API_PREFIX}/admin/datasets/:departmentId/:year/versions/:version/withdraw`,
  adminDepartment: `${ADMIN_DEPARTMENTS_PATH}/:departmentId`,
  adminDeadline: `${ADMIN_DEADLINES_PATH}/:regionCode/:year`,
  api: `${API_PREFIX}/*`,
} as const;
