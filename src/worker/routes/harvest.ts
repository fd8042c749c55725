// Catalogs for harvesters (issues 6 and 17): DCAT-AP 3 JSON-LD paged as ckanext-dcat expects, each
// department's own DCAT-AP 3 catalog with the dcat:DatasetSeries of its years, each department's own
// Project Open Data 1.1 data.json (as agencies publish theirs), and /data.json, the paged index of them.
// Thin: the sequencer gives the records (and the latest manifests for DCAT, which lists sizes and
// sha256); the pure renderers in src/core/render do the rest. Every document is bounded: a DCAT page by
// its `limit` (≤ 100 datasets), a department's catalogs by its years, an index page by INDEX_PAGE datasets.
import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, renderDcatCatalog, type HarvestDataset } from '../../core/render/dcat.ts';
import { indexPage, renderDataJson, renderDataJsonIndex } from '../../core/render/data-json.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { CATALOG_JSONLD_PATH, DATA_JSON_PATH, queryPath, ROUTES } from '../../core/contract/urls.ts';
import { utf8 } from '../../core/bytes.ts';
import { sha256Hex } from '../../core/hash.ts';
import { registry, type AppEnv } from '../env.ts';
import { matches, originOf, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';
import type { DatasetRecord } from '../../core/ledger/records.ts';

export const harvest = new Hono<AppEnv>();

type Registry = ReturnType<typeof registry>;

/** Datasets an index page of /data.json reads (a department's years are never split across pages). */
export const INDEX_PAGE = 500;
const CACHE = 'public, max-age=60';
const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

// Not strict: parameters the catalog does not define (utm_*, _=…) are ignored.
const CatalogQuery = v.object({
  page: v.optional(v.pipe(v.string('page is given once'), v.regex(/^[1-9]\d{0,6}$/, 'page is a whole number from 1'), v.transform(Number), v.description('The page, from 1'))),
  modified_since: v.optional(v.pipe(v.string('modified_since is given once'), v.isoTimestamp('modified_since is an ISO 8601 time such as 2024-01-01T00:00:00Z'), v.description('Only datasets changed at or after this time'))),
  limit: v.optional(v.pipe(v.string('limit is given once'), v.regex(/^\d+$/, `limit is a whole number from 1 to ${MAX_PER_PAGE}`), v.transform(Number), v.minValue(1, 'limit is at least 1'), v.maxValue(MAX_PER_PAGE, `limit is at most ${MAX_PER_PAGE}`), v.description(`Datasets a page (default ${DEFAULT_PER_PAGE}, at most ${MAX_PER_PAGE})`))),
});

const IndexQuery = v.object({
  region: v.optional(v.pipe(v.string('region is given once'), v.regex(/^\d{2,6}$/, 'region is a region code or its prefix: 2 to 6 digits, such as 14 or 140602'), v.description('Only departments whose region code begins so'))),
  after: v.optional(v.pipe(v.string('after is given once'), v.regex(DEPARTMENT_ID, 'after is a department id, as the previous page\'s next link gives it'), v.description('The page after this department (the `next` link)'))),
});

const DepartmentParams = v.object({ departmentId: v.pipe(v.string(), v.regex(DEPARTMENT_ID, 'unknown department id')) });

/** Compact JSON (no indentation: a harvester reads it, and it is a third of the bytes) with a strong ETag and 304. */
async function compactJson(c: Context<AppEnv>, value: unknown, contentType = 'application/json; charset=utf-8'): Promise<Response> {
  const body = JSON.stringify(value);
  const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
  const headers = { 'content-type': contentType, etag, 'cache-control': CACHE, 'access-control-allow-origin': '*' };
  if (matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'content-length': String(utf8.encode(body).byteLength) } });
  return new Response(body, { status: 200, headers });
}

/** The datasets' latest manifests' files and withdrawal reasons: the rest of what a DCAT entry lists. */
async function withFiles(reg: Registry, items: readonly DatasetRecord[]): Promise<HarvestDataset[]> {
  const manifests = await reg.manifests(items.map((d) => ({ departmentId: d.departmentId, year: d.year, version: d.latestVersion })));
  const withdrawn = await Promise.all(items.map((d) => (d.status === 'withdrawn' ? reg.version(d.departmentId, d.year, d.latestVersion) : Promise.resolve(null))));
  return items.map((d, i) => {
    const manifest = manifests[i] ? parseManifest(manifests[i]!) : null;
    return { ...d, files: manifest?.files ?? [], withdrawnReason: withdrawn[i]?.withdrawnReason ?? null };
  });
}

/** Every dataset of one department (its years: a few tens at most), or a 404. */
async function departmentDatasets(reg: Registry, departmentId: string): Promise<DatasetRecord[]> {
  const { items } = await reg.catalog({ department: departmentId, limit: 500 });
  if (!items.length) problem({ status: 404, type: 'not-found', title: 'Unknown department', detail: `no department ${departmentId} has published; see ${DATA_JSON_PATH}` });
  return items;
}

const single = (n: number) => ({ page: 1, perPage: Math.max(1, n), total: n, query: {} });

harvest.get(
  CATALOG_JSONLD_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The catalog as DCAT-AP 3 (JSON-LD) for harvesters such as CKAN with ckanext-dcat',
    description: `One dcat:Dataset per department-year with the latest version's CSV tables, filing JSON and metadata as distributions (download URL, media type, byte size, sha256), each in the dcat:DatasetSeries of its department's years (dcat:inSeries; the series nodes follow the page's datasets, and each department's own catalog gives its whole series). Paged with \`page\` and Hydra (hydra:PagedCollection, first/next/last), ${DEFAULT_PER_PAGE} datasets a page unless \`limit\` (at most ${MAX_PER_PAGE}) says otherwise, so that a page stays bounded (about 15 KB a dataset, compact JSON: some 1.5 MB, 40 KB gzipped); \`modified_since\` returns only datasets changed since then. Withdrawn datasets stay listed, their distributions marked WITHDRAWN. Parameters it does not define (\`utm_*\`, \`_=\`…) are ignored.`,
    responses: { 200: documented('A page of the catalog (application/ld+json)', 'DcatCatalog', 'application/ld+json'), 400: problemDoc('A bad parameter, or a page past the last') },
  }),
  valid('query', CatalogQuery),
  async (c) => {
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const perPage = q.limit ?? DEFAULT_PER_PAGE;
    const modifiedSince = q.modified_since ? new Date(q.modified_since).toISOString() : undefined;
    const reg = registry(c.env);
    const { items, total } = await reg.catalog({ ...(modifiedSince ? { modifiedSince } : {}), offset: (page - 1) * perPage, limit: perPage, withTotal: true });
    const lastPage = Math.max(1, Math.ceil((total ?? 0) / perPage));
    if (page > lastPage) problem({ status: 400, type: 'bad-request', title: 'No such page', detail: `page ${page} is past the last page (${lastPage})`, extra: { errors: [{ path: 'page', message: `the last page is ${lastPage}` }] } });
    const query: Record<string, string> = {
      ...(q.modified_since ? { modified_since: q.modified_since } : {}),
      ...(q.limit ? { limit: String(q.limit) } : {}),
    };
    const doc = renderDcatCatalog({ origin: originOf(c), datasets: await withFiles(reg, items), paging: { page, perPage, total: total ?? 0, query } });
    return compactJson(c, doc, 'application/ld+json; charset=utf-8');
  },
);

harvest.get(
  ROUTES.departmentCatalog,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'One department\'s catalog as DCAT-AP 3 (JSON-LD): its dcat:DatasetSeries and every year\'s dataset',
    description: 'The department\'s years as one dcat:DatasetSeries (its @id is this document\'s #series; title, publisher, spatial, the period the years span, dcat:first and dcat:last), and each year\'s dcat:Dataset as on the catalog\'s pages, naming the series with dcat:inSeries. One page (a department has a few tens of years at most).',
    responses: { 200: documented('The department\'s catalog (application/ld+json)', 'DcatCatalog', 'application/ld+json'), 404: problemDoc('No such department has published') },
  }),
  valid('param', DepartmentParams),
  async (c) => {
    const d = c.req.param('departmentId')!;
    const reg = registry(c.env);
    const datasets = await withFiles(reg, await departmentDatasets(reg, d));
    return compactJson(c, renderDcatCatalog({ origin: originOf(c), datasets, paging: single(datasets.length), department: d }), 'application/ld+json; charset=utf-8');
  },
);

harvest.get(
  ROUTES.departmentDataJson,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'One department\'s catalog as Project Open Data 1.1 (data.json), as an agency publishes its own',
    description: 'Every year\'s dataset of the department with title, description, keywords, publisher, modified time and its tables as CSV distributions (download URL, media type, described by the CSVW metadata). Withdrawn datasets stay listed without distributions. A whole POD 1.1 document: point a harvester (ckanext-datajson) at each department\'s, as /data.json lists them.',
    responses: { 200: documented('The department\'s catalog', 'DataJson'), 404: problemDoc('No such department has published') },
  }),
  valid('param', DepartmentParams),
  async (c) => {
    const d = c.req.param('departmentId')!;
    const datasets = (await departmentDatasets(registry(c.env), d)).map((x): HarvestDataset => ({ ...x, files: [] }));
    return compactJson(c, renderDataJson({ origin: originOf(c), datasets, departmentId: d }));
  },
);

harvest.get(
  DATA_JSON_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The index of the departments\' catalogs (data.json and DCAT-AP 3), paged',
    description: `Contract 2 (\`format\`: gongkai.data-json-index/1). Until then /data.json was the whole catalog as one Project Open Data 1.1 document, which cannot scale (6.8 MB at 1,000 datasets). Now each department publishes its own POD 1.1 data.json (/v1/departments/{id}/data.json) and DCAT-AP 3 catalog (/v1/departments/{id}/catalog.jsonld), and this index lists them in department order, each with its name, region, years and newest change: a page reads ${INDEX_PAGE} datasets, never splitting a department's years, and \`next\` links the following page. \`region\` limits it to a region code prefix. Parameters it does not define are ignored.`,
    responses: { 200: documented('A page of the index', 'DataJsonIndex'), 400: problemDoc('A bad parameter') },
  }),
  valid('query', IndexQuery),
  async (c) => {
    const q = c.req.valid('query');
    const { items, more } = await registry(c.env).catalog({ ...(q.region ? { region: q.region } : {}), ...(q.after ? { after: { departmentId: q.after, year: 1e6 } } : {}), limit: INDEX_PAGE });
    const page = indexPage(items, more);
    const next = page.nextAfter === null ? null : queryPath(DATA_JSON_PATH, { region: q.region, after: page.nextAfter });
    const self = queryPath(DATA_JSON_PATH, { region: q.region, after: q.after });
    const datasets = page.datasets.map((x): HarvestDataset => ({ ...x, files: [] }));
    return compactJson(c, renderDataJsonIndex({ origin: originOf(c), datasets, self, next, ...(q.region ? { region: q.region } : {}) }));
  },
);
