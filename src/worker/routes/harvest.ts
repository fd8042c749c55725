// Catalogs for harvesters (issue 6): DCAT-AP 3 JSON-LD paged as ckanext-dcat expects, and Project
// Open Data 1.1 /data.json. Thin: the sequencer gives the records (and the latest manifests for the
// DCAT page, which lists sizes and sha256); the pure renderers in src/core/render do the rest.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { DEFAULT_PER_PAGE, renderDcatCatalog, type HarvestDataset } from '../../core/render/dcat.ts';
import { renderDataJson } from '../../core/render/data-json.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { CATALOG_JSONLD_PATH, DATA_JSON_PATH } from '../../core/contract/urls.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, originOf, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';
import type { DatasetRecord } from '../../core/ledger/records.ts';

export const harvest = new Hono<AppEnv>();

type Registry = ReturnType<typeof registry>;

// Not strict: parameters the catalog does not define (utm_*, _=…) are ignored.
const CatalogQuery = v.object({
  page: v.optional(v.pipe(v.string('page is given once'), v.regex(/^[1-9]\d{0,6}$/, 'page is a whole number from 1'), v.transform(Number), v.description('The page, from 1'))),
  modified_since: v.optional(v.pipe(v.string('modified_since is given once'), v.isoTimestamp('modified_since is an ISO 8601 time such as 2024-01-01T00:00:00Z'), v.description('Only datasets changed at or after this time'))),
  limit: v.optional(v.pipe(v.string('limit is given once'), v.regex(/^\d+$/, 'limit is a whole number from 1 to 500'), v.transform(Number), v.minValue(1, 'limit is at least 1'), v.maxValue(500, 'limit is at most 500'), v.description('Datasets a page'))),
});

/** Every dataset matching, in catalog order, a registry page at a time. */
async function allDatasets(reg: Registry, modifiedSince?: string): Promise<DatasetRecord[]> {
  const out: DatasetRecord[] = [];
  let after: { departmentId: string; year: number } | undefined;
  for (;;) {
    const page = await reg.catalog({ ...(modifiedSince ? { modifiedSince } : {}), ...(after ? { after } : {}), limit: 500 });
    out.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || !last) return out;
    after = { departmentId: last.departmentId, year: last.year };
  }
}

/** Page `page` of `perPage`, its latest manifests and the total: two sequencer calls whatever the page. */
async function numberedPage(reg: Registry, page: number, perPage: number, modifiedSince?: string): Promise<{ items: HarvestDataset[]; total: number }> {
  const { items, total } = await reg.catalog({ ...(modifiedSince ? { modifiedSince } : {}), offset: (page - 1) * perPage, limit: perPage, withTotal: true });
  const manifests = await reg.manifests(items.map((d) => ({ departmentId: d.departmentId, year: d.year, version: d.latestVersion })));
  const withdrawn = await Promise.all(items.map((d) => (d.status === 'withdrawn' ? reg.version(d.departmentId, d.year, d.latestVersion) : Promise.resolve(null))));
  return {
    items: items.map((d, i) => {
      const manifest = manifests[i] ? parseManifest(manifests[i]!) : null;
      return { ...d, files: manifest?.files ?? [], withdrawnReason: withdrawn[i]?.withdrawnReason ?? null };
    }),
    total: total ?? 0,
  };
}

harvest.get(
  CATALOG_JSONLD_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The catalog as DCAT-AP 3 (JSON-LD) for harvesters such as CKAN with ckanext-dcat',
    description: 'One dcat:Dataset per department-year with the latest version\'s CSV tables, filing JSON and metadata as distributions (download URL, media type, byte size, sha256). Paged with `page` and Hydra (hydra:PagedCollection, first/next/last); `modified_since` returns only datasets changed since then. Withdrawn datasets stay listed, their distributions marked WITHDRAWN. Parameters it does not define (`utm_*`, `_=`…) are ignored.',
    responses: { 200: documented('A page of the catalog (application/ld+json)', 'DcatCatalog', 'application/ld+json'), 400: problemDoc('A bad parameter, or a page past the last') },
  }),
  valid('query', CatalogQuery),
  async (c) => {
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const perPage = q.limit ?? DEFAULT_PER_PAGE;
    const modifiedSince = q.modified_since ? new Date(q.modified_since).toISOString() : undefined;
    const reg = registry(c.env);
    const { items: datasets, total } = await numberedPage(reg, page, perPage, modifiedSince);
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    if (page > lastPage) problem({ status: 400, type: 'bad-request', title: 'No such page', detail: `page ${page} is past the last page (${lastPage})`, extra: { errors: [{ path: 'page', message: `the last page is ${lastPage}` }] } });
    const query: Record<string, string> = {
      ...(q.modified_since ? { modified_since: q.modified_since } : {}),
      ...(q.limit ? { limit: String(q.limit) } : {}),
    };
    const doc = renderDcatCatalog({ origin: originOf(c), datasets, paging: { page, perPage, total, query } });
    return jsonResponse(c, doc, 'public, max-age=60', 200, { 'content-type': 'application/ld+json; charset=utf-8', 'access-control-allow-origin': '*' });
  },
);

harvest.get(
  DATA_JSON_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The catalog as Project Open Data 1.1 (data.json)',
    description: 'Every dataset with title, description, keywords, publisher, modified time and its tables as CSV distributions (download URL, media type, described by the CSVW metadata). Withdrawn datasets stay listed without distributions.',
    responses: { 200: documented('The whole catalog', 'DataJson') },
  }),
  async (c) => {
    const datasets = (await allDatasets(registry(c.env))).map((d): HarvestDataset => ({ ...d, files: [] }));
    return jsonResponse(c, renderDataJson({ origin: originOf(c), datasets }), 'public, max-age=60', 200, { 'access-control-allow-origin': '*' });
  },
);
