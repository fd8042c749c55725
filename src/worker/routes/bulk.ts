// Bulk files for machines: the listing of every year's files (GET /v1/bulk), one year's partitions — the year
// and each region within it (GET /v1/bulk/{year}) — and the files themselves, streamed from R2 with their
// sha256 as a strong ETag, one byte range on request, and cached for good (a name never names other bytes).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { BULK_COLUMNS, BULK_PATH, BULK_ROUTES, parseBulkFileName } from '../../core/contract/bulk.ts';
import { bulkFiles, type AppEnv, type Env } from '../env.ts';
import { IMMUTABLE, jsonResponse, matches, SHORT, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { ifRangeHolds, parseRange } from '../range.ts';
import { documented, problemDoc } from './schemas.ts';

export const bulk = new Hono<AppEnv>();

const YearParam = v.object({ year: v.pipe(v.string(), v.regex(/^\d{4}$/, 'a year has four digits')) });
const FileParams = v.object({
  year: v.pipe(v.string(), v.regex(/^\d{4}$/, 'a year has four digits')),
  file: v.pipe(v.string(), v.check((f) => parseBulkFileName(f) !== null, 'not a bulk file name (gongkai-facts-{year}[-{region}]-g{n}.csv.gz, .ndjson.gz or .parquet); see the year\'s listing')),
});

function files(env: Env) {
  const b = bulkFiles(env);
  if (!b) return problem({ status: 503, type: 'no-bulk', title: 'No bulk files here', detail: 'this deployment has no bulk file bucket or facts index bound', headers: { 'retry-after': '3600' } });
  return b;
}

const columns = BULK_COLUMNS.map(([name, type, what]) => `\`${name}\` ${type}: ${what}`).join('; ');

bulk.get(
  BULK_PATH,
  describeRoute({
    tags: ['Bulk'],
    summary: 'Bulk files: every published latest version\'s figures, by fiscal year and by region, as CSV, NDJSON and Parquet',
    description: `One row per printed figure, as the facts index holds it. Each year's whole files and the link to its listing of regions; each file with its sha256, size, row count and time. Files are remade (a new generation, a new name) after each publication, correction or withdrawal, within a minute; \`stale\` says one is on its way. CSV and NDJSON are gzip-compressed; Parquet has exact types: codes VARCHAR, \`yuan\` DECIMAL(18,2). Columns: ${columns}.`,
    responses: { 200: documented('The bulk files of every year', 'BulkIndex'), 503: problemDoc('No bulk files in this deployment') },
  }),
  async (c) => jsonResponse(c, await files(c.env).index(), SHORT),
);

bulk.get(
  BULK_ROUTES.year,
  describeRoute({
    tags: ['Bulk'],
    summary: 'One year\'s bulk files: the whole year, then each province (2 digits), city (4) and county (6) with figures',
    responses: { 200: documented('The year\'s partitions and their files', 'BulkYear'), 404: problemDoc('No bulk files for that year'), 503: problemDoc('No bulk files in this deployment') },
  }),
  valid('param', YearParam),
  async (c) => {
    const year = Number(c.req.param('year'));
    const listing = await files(c.env).year(year);
    if (!listing) return problem({ status: 404, type: 'not-found', title: 'No bulk files', detail: `no bulk files for ${year}: nothing is published for it (yet); see ${BULK_PATH}` });
    return jsonResponse(c, listing, SHORT);
  },
);

bulk.get(
  BULK_ROUTES.file,
  describeRoute({
    tags: ['Bulk'],
    summary: 'A bulk file, by the name its listing gives',
    description: 'Strong ETag (the sha256), 304 on If-None-Match, one byte range (206; If-Range), immutable caching. A superseded generation stays an hour for downloads begun before, then answers 404.',
    responses: {
      200: { description: 'The file (application/gzip, or application/vnd.apache.parquet)', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } }, 'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } } } },
      206: { description: 'One byte range' },
      304: { description: 'Not modified' },
      404: problemDoc('No such file (or a superseded one gone)'),
      416: problemDoc('A range past the end'),
    },
  }),
  valid('param', FileParams),
  async (c) => {
    const year = Number(c.req.param('year'));
    const name = c.req.param('file');
    const store = files(c.env);
    const f = parseBulkFileName(name)!.year === year ? await store.file(year, name) : null;
    if (!f) return problem({ status: 404, type: 'not-found', title: 'No such bulk file', detail: `no bulk file ${name} for ${year}; see ${BULK_PATH}/${year} for the current ones` });
    const etag = `"${f.sha256}"`;
    const headers: Record<string, string> = {
      'content-type': f.mediaType, etag, 'cache-control': IMMUTABLE, 'accept-ranges': 'bytes', 'content-disposition': `attachment; filename="${f.name}"`,
    };
    if (matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    const range = ifRangeHolds(c.req.header('if-range'), etag) ? parseRange(c.req.header('range'), f.bytes) : null;
    if (range === 'unsatisfiable') {
      return problem({
        status: 416, type: 'range-not-satisfiable', title: 'Range not satisfiable', detail: `the file has ${f.bytes} bytes; ask for a range that starts before byte ${f.bytes}`,
        headers: { 'content-range': `bytes */${f.bytes}`, 'accept-ranges': 'bytes' },
      });
    }
    const length = range ? range.end - range.start + 1 : f.bytes;
    const status = range ? 206 : 200;
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${f.bytes}`;
    headers['content-length'] = String(length);
    if (c.req.method === 'HEAD') return new Response(null, { status, headers });
    const body = await store.body(f, range ?? undefined);
    if (!body) return problem({ status: 404, type: 'not-found', title: 'No such bulk file', detail: `${name} has been superseded and removed; see ${BULK_PATH}/${year}` });
    return new Response(body, { status, headers });
  },
);
