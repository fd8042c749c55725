import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { CATALOG_SORTS, SEVERITIES, type CatalogPage, type CatalogSort } from '../../core/contract/catalog-page.ts';
import { DATASETS_PATH } from '../../core/contract/urls.ts';
import { fromBase64Url, toBase64Url, utf8 } from '../../core/bytes.ts';
import type { DatasetRecord } from '../../core/ledger/records.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { datasetItem } from '../../core/ledger/views.ts';
import { documented, problemDoc } from './schemas.ts';

export const catalog = new Hono<AppEnv>();

/** A query parameter given once (a repeated one arrives as a list: refused in words, not as a type). */
const once = (name: string) => v.string(`${name} is given once`);

// Not strict: parameters the catalog does not define (utm_*, _=, a portal's own) are ignored, as a link
// with them still names the same page. Every message is a sentence a person can act on.
export const CatalogQuerySchema = v.object({
  year: v.optional(v.pipe(once('year'), v.regex(/^\d{4}$/, 'year has four digits, e.g. 2023'), v.description('Only datasets of this year'))),
  region: v.optional(v.pipe(once('region'), v.regex(/^\d{1,6}$/, 'region is a prefix of a 6-digit 行政区划代码, e.g. 14 or 1406'), v.description('A prefix of the 6-digit 行政区划代码: 14 is Shanxi, 1406 Shuozhou'))),
  department: v.optional(v.pipe(once('department'), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'department is a department id such as 140602-xzspfwglj'), v.description('One department\'s datasets, by its id'))),
  q: v.optional(v.pipe(once('q'), v.minLength(1, 'q is empty: leave it out to list everything'), v.maxLength(50, 'q is at most 50 characters'), v.description('Part of the department\'s name as published (Chinese)'))),
  modified_since: v.optional(v.pipe(once('modified_since'), v.isoTimestamp('modified_since is an ISO 8601 time such as 2024-01-01T00:00:00Z'), v.description('Only datasets changed at or after this time'))),
  template: v.optional(v.pipe(once('template'), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'template is a template id such as shanxi-2023'), v.description('Only datasets filed in this template'))),
  findings: v.optional(v.pipe(once('findings'), v.picklist(SEVERITIES, `findings is one of ${SEVERITIES.join(', ')}`), v.description('Only datasets whose latest version\'s worst finding is this (none: no finding)'))),
  sort: v.optional(v.pipe(once('sort'), v.picklist(CATALOG_SORTS, `sort is one of ${CATALOG_SORTS.join(', ')}`), v.description('department (id, then year; the default), name, year or -year (latest first), modified or -modified (most recently changed first)'))),
  cursor: v.optional(v.pipe(once('cursor'), v.maxLength(400, 'cursor is not one this API gave; start again without it'), v.description('The cursor of links.next: the page after the one it came with, in the same order'))),
  limit: v.optional(v.pipe(once('limit'), v.regex(/^\d+$/, 'limit is a whole number from 1 to 500'), v.transform(Number), v.minValue(1, 'limit is at least 1'), v.maxValue(500, 'limit is at most 500'), v.description('Items a page (default 100, at most 500)'))),
});

// A cursor is the order and the sort key of the last item, as base64url JSON: {"s":"-modified","k":[…]}.
// The first form, [departmentId, year], still reads (the default order).
export function encodeCursor(sort: CatalogSort, key: (string | number)[]): string {
  return toBase64Url(utf8.encode(JSON.stringify({ s: sort, k: key })));
}

export function decodeCursor(cursor: string, sort: CatalogSort): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch { /* below */ }
  if (Array.isArray(value)) value = { s: 'department', k: value };
  const c = value as { s?: unknown; k?: unknown } | undefined;
  if (c && typeof c === 'object' && Array.isArray(c.k) && c.k.every((x) => typeof x === 'string' || Number.isSafeInteger(x))) {
    if (c.s !== sort) problem({ status: 400, type: 'bad-request', title: 'Bad cursor', detail: `this cursor continues sort=${String(c.s)}, not sort=${sort}; keep the sort of the page it came with, or start again without it`, extra: { errors: [{ path: 'cursor', message: 'another order\'s cursor' }] } });
    return c.k;
  }
  return problem({ status: 400, type: 'bad-request', title: 'Bad cursor', detail: 'cursor is not one this API gave; start again without it', extra: { errors: [{ path: 'cursor', message: 'not a cursor of this API' }] } });
}

/** The sort key of a record, as the Registry compares it (its ORDERS): the order's columns, the primary key last. */
function sortKey(sort: CatalogSort, d: DatasetRecord): (string | number)[] {
  switch (sort) {
    case 'department': return [d.departmentId, d.year];
    case 'name': return [d.departmentName, d.departmentId, d.year];
    case 'year': case '-year': return [d.year, d.departmentId];
    case 'modified': case '-modified': return [d.modifiedAt, d.departmentId, d.year];
  }
}

const KEY_TYPES: Record<CatalogSort, readonly ('string' | 'number')[]> = {
  department: ['string', 'number'], name: ['string', 'string', 'number'], year: ['number', 'string'], '-year': ['number', 'string'],
  modified: ['string', 'string', 'number'], '-modified': ['string', 'string', 'number'],
};

catalog.get(
  DATASETS_PATH,
  describeRoute({
    tags: ['Datasets'],
    summary: 'The catalog: every dataset (department-year), filtered, sorted and paged with a cursor, with the total and facets',
    description: 'Filters combine (AND). `total` counts every dataset the filters match, and `facets` counts them by region (one level below `region`: provinces without it, cities under a province, counties under a city), year, template and the latest version\'s worst finding; both are the same on every page. `sort` orders the items; `links.next` carries a cursor that continues the same order without repeating or skipping an item. Parameters the catalog does not define (`utm_*`, `_=`, anything else) are ignored; a defined one with a bad value is a 400 saying what it takes.',
    responses: { 200: documented('A page of datasets with the total, facets and a next link', 'CatalogPage'), 400: problemDoc('A bad value of a query parameter') },
  }),
  valid('query', CatalogQuerySchema),
  async (c) => {
    const q = c.req.valid('query');
    const limit = q.limit ?? 100;
    const sort: CatalogSort = q.sort ?? 'department';
    let afterKey: (string | number)[] | undefined;
    if (q.cursor) {
      const key = decodeCursor(q.cursor, sort);
      if (key.length !== KEY_TYPES[sort].length || key.some((x, i) => typeof x !== KEY_TYPES[sort][i])) {
        problem({ status: 400, type: 'bad-request', title: 'Bad cursor', detail: 'cursor is not one this API gave; start again without it', extra: { errors: [{ path: 'cursor', message: 'not a cursor of this API' }] } });
      }
      afterKey = key as (string | number)[];
    }
    const page = await registry(c.env).catalog({
      ...(q.year ? { year: Number(q.year) } : {}), ...(q.region ? { region: q.region } : {}), ...(q.department ? { department: q.department } : {}),
      ...(q.q ? { q: q.q } : {}), ...(q.modified_since ? { modifiedSince: new Date(q.modified_since).toISOString() } : {}),
      ...(q.template ? { template: q.template } : {}), ...(q.findings ? { findings: q.findings } : {}),
      sort, ...(afterKey ? { afterKey } : {}), limit, withFacets: true,
    });
    const self = new URL(c.req.url);
    const url = new URL(c.req.url);
    const last = page.items.at(-1);
    let next: string | null = null;
    if (page.more && last) {
      url.searchParams.set('cursor', encodeCursor(sort, sortKey(sort, last)));
      next = url.pathname + url.search;
    }
    const body: CatalogPage = {
      items: page.items.map(datasetItem), total: page.total ?? 0, sort, ...(page.facets ? { facets: page.facets } : {}),
      links: { self: self.pathname + self.search, next },
    };
    return jsonResponse(c, body);
  },
);
