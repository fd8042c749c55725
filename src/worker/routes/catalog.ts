import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { CatalogPage } from '../../core/contract/catalog-page.ts';
import { DATASETS_PATH } from '../../core/contract/urls.ts';
import { fromBase64Url, toBase64Url, utf8 } from '../../core/bytes.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { datasetItem } from '../../core/ledger/views.ts';
import { documented, problemDoc } from './schemas.ts';

export const catalog = new Hono<AppEnv>();

export const CatalogQuerySchema = v.strictObject({
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/, 'year has four digits'))),
  region: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'region is a prefix of a 6-digit 行政区划代码, e.g. 14 or 1406'))),
  department: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'department is a department id'))),
  q: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(50, 'q is at most 50 characters'))),
  modified_since: v.optional(v.pipe(v.string(), v.isoTimestamp('modified_since is an ISO 8601 time'))),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'limit is a whole number'), v.transform(Number), v.minValue(1), v.maxValue(500, 'limit is at most 500'))),
});

export function encodeCursor(after: { departmentId: string; year: number }): string {
  return toBase64Url(utf8.encode(JSON.stringify([after.departmentId, after.year])));
}

export function decodeCursor(cursor: string): { departmentId: string; year: number } {
  try {
    const [departmentId, year] = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))) as [unknown, unknown];
    if (typeof departmentId === 'string' && typeof year === 'number') return { departmentId, year };
  } catch { /* fall through */ }
  return problem({ status: 400, type: 'bad-request', title: 'Bad cursor', detail: 'cursor is not one this API gave; start again without it' });
}

catalog.get(
  DATASETS_PATH,
  describeRoute({
    tags: ['Datasets'],
    summary: 'The catalog: every dataset (department-year), filtered and paged with a cursor',
    responses: { 200: documented('A page of datasets with a next link', 'CatalogPage'), 400: problemDoc('A bad query parameter') },
  }),
  valid('query', CatalogQuerySchema),
  async (c) => {
    const q = c.req.valid('query');
    const limit = q.limit ?? 100;
    const page = await registry(c.env).catalog({
      ...(q.year ? { year: Number(q.year) } : {}), ...(q.region ? { region: q.region } : {}), ...(q.department ? { department: q.department } : {}),
      ...(q.q ? { q: q.q } : {}), ...(q.modified_since ? { modifiedSince: new Date(q.modified_since).toISOString() } : {}),
      ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}), limit,
    });
    const url = new URL(c.req.url);
    const last = page.items.at(-1);
    let next: string | null = null;
    if (page.more && last) {
      url.searchParams.set('cursor', encodeCursor(last));
      next = url.pathname + url.search;
    }
    const body: CatalogPage = { items: page.items.map(datasetItem), links: { self: new URL(c.req.url).pathname + new URL(c.req.url).search, next } };
    return jsonResponse(c, body);
  },
);
