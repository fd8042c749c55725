import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Dataset } from '../../core/contract/dataset.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { filePath, ROUTES, versionPath } from '../../core/contract/urls.ts';
import { utf8 } from '../../core/bytes.ts';
import { datasetDocument, versionDocument } from '../../core/ledger/views.ts';
import { registry, versionFiles, type AppEnv, type PackEntry } from '../env.ts';
import { IMMUTABLE, jsonResponse, matches, SHORT, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { rangeAnswer } from '../range.ts';
import { documented, problemDoc } from './schemas.ts';

export const datasets = new Hono<AppEnv>();

const DatasetParams = v.object({
  departmentId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'unknown department id')),
  year: v.pipe(v.string(), v.regex(/^\d{4}$/, 'a year has four digits')),
});
const VersionParams = v.object({ ...DatasetParams.entries, version: v.pipe(v.string(), v.regex(/^([1-9]\d{0,5}|latest)$/, 'a version is a positive number or "latest"')) });

const dsParams = (c: Context) => ({ d: c.req.param('departmentId')!, y: Number(c.req.param('year')) });

datasets.get(
  ROUTES.dataset,
  describeRoute({ tags: ['Datasets'], summary: 'One dataset (a department-year): metadata, every version, findings summary', responses: { 200: documented('The dataset', 'Dataset'), 404: problemDoc('Unknown dataset') } }),
  valid('param', DatasetParams),
  async (c) => {
    const { d, y } = dsParams(c);
    const found = await registry(c.env).dataset(d, y);
    if (!found) problem({ status: 404, type: 'not-found', title: 'Unknown dataset', detail: `no dataset ${d}/${y}` });
    const { dataset, versions } = found!;
    const body: Dataset = datasetDocument(dataset, versions);
    return jsonResponse(c, body);
  },
);

datasets.get(
  ROUTES.version,
  describeRoute({
    tags: ['Datasets'],
    summary: 'One version: metadata, its files with sizes and sha256, links. "latest" redirects to the immutable URL',
    responses: { 200: documented('The version', 'Version'), 302: { description: 'latest → the immutable version URL' }, 404: problemDoc('Unknown version') },
  }),
  valid('param', VersionParams),
  async (c) => {
    const { d, y } = dsParams(c);
    const n = await resolveVersion(c, d, y, c.req.param('version')!);
    if (c.req.param('version') === 'latest') {
      return new Response(null, { status: 302, headers: { location: versionPath(d, y, n), 'cache-control': SHORT } });
    }
    const reg = registry(c.env);
    const [record, manifestText, log] = await Promise.all([reg.version(d, y, n), reg.manifest(d, y, n), reg.versionLog(d, y, n)]);
    if (!record || !manifestText) return problem({ status: 404, type: 'not-found', title: 'Unknown version', detail: `dataset ${d}/${y} has no version ${n}` });
    const body = versionDocument(record, parseManifest(manifestText), utf8.encode(manifestText).byteLength, log);
    return jsonResponse(c, body, record.status === 'published' ? IMMUTABLE : SHORT);
  },
);

datasets.get(
  ROUTES.file,
  describeRoute({
    tags: ['Datasets'],
    summary: 'A file of a version: filing.json, findings.json, tables/{tableId}.csv|.json (or tables/{tableId} with Accept), datapackage.json, csv-metadata.json, manifest.json, submission.json, codelists/*.csv',
    description: 'Byte ranges: `Range: bytes=first-last` (or `first-`, or `-suffix`) answers 206 with Content-Range; one range per request (several get the whole file, 200); a range past the end 416 with `Content-Range: bytes */size`. `If-Range` with the strong ETag makes the range conditional (another ETag, or a date, gets the whole file). CSV and problem documents are compressed (br or gzip) when the client\'s Accept-Encoding allows, JSON by the edge; a compressed answer carries a weak ETag, a range is never compressed. Query parameters other than `bom` are ignored (`utm_*`, `_=`…).',
    parameters: [{ name: 'bom', in: 'query', schema: { type: 'string', enum: ['0', '1'] }, description: 'CSV only: prefix a UTF-8 byte-order mark (Excel on Chinese Windows)' }],
    responses: {
      200: { description: 'The file; strong ETag; immutable on numbered versions; Accept-Ranges: bytes' },
      206: { description: 'One byte range of the file (Content-Range)' },
      304: { description: 'Not modified' },
      416: problemDoc('The range starts past the end of the file (Content-Range: bytes */size)'),
      404: problemDoc('Unknown version or file'),
      406: problemDoc('No representation for the Accept header'),
      410: problemDoc('The version was withdrawn; the reason is given'),
    },
  }),
  valid('param', v.object({ ...VersionParams.entries, path: v.pipe(v.string(), v.regex(/^(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/, 'no such file')) })),
  async (c) => {
    const { d, y } = dsParams(c);
    const requested = c.req.param('version')!;
    const bom = c.req.query('bom');
    if (bom !== undefined && bom !== '0' && bom !== '1') problem({ status: 400, type: 'bad-request', title: 'Bad request', detail: 'bom is 0 or 1' });
    let path = c.req.param('path')!;
    const tableOnly = /^tables\/[a-z0-9-]+$/.exec(path);
    if (tableOnly) path += negotiateTable(c.req.header('accept'));
    const n = await resolveVersion(c, d, y, requested);
    const file = await readFile(c, d, y, n, path);
    const immutable = requested !== 'latest';
    const headers: Record<string, string> = {
      'content-type': contentType(file.meta.mediaType),
      'cache-control': immutable ? IMMUTABLE : SHORT,
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
    };
    if (!immutable || tableOnly) headers['content-location'] = filePath(d, y, n, path);
    let body: Uint8Array<ArrayBuffer> = file.body;
    let etag = `"${file.meta.sha256}"`;
    if (bom === '1' && path.endsWith('.csv')) {
      const withBom = new Uint8Array(file.body.byteLength + 3);
      withBom.set([0xef, 0xbb, 0xbf]);
      withBom.set(file.body, 3);
      body = withBom;
      etag = `"${file.meta.sha256}-bom"`;
    }
    headers.etag = etag;
    if (path.endsWith('.csv') || file.meta.filename) {
      const name = file.meta.filename ?? path.split('/').pop()!;
      const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      const attachment = path.endsWith('.csv') || file.meta.mediaType === 'application/pdf';
      headers['content-disposition'] = `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
    }
    // A department's PDF is the department's bytes: downloaded, and sandboxed should a browser render it here.
    if (file.meta.mediaType === 'application/pdf') headers['content-security-policy'] = 'sandbox; default-src \'none\'';
    headers['accept-ranges'] = 'bytes';
    if (matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    const ranged = rangeAnswer(c.req, body, headers);
    if (ranged) return ranged;
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'content-length': String(body.byteLength) } });
    return new Response(body, { status: 200, headers });
  },
);

function contentType(mediaType: string): string {
  return /^(text\/|application\/(json|ld\+json|schema\+json|csvm\+json))/.test(mediaType) && !mediaType.includes('charset') ? `${mediaType}; charset=utf-8` : mediaType;
}

function negotiateTable(accept: string | undefined): '.csv' | '.json' {
  if (!accept) return '.json';
  const ranked = accept.split(',').map((part, i) => {
    const [type, ...params] = part.trim().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { type: type!.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    if (r.type === 'text/csv') return '.csv';
    if (r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*') return '.json';
    if (r.type === 'text/*') return '.csv';
  }
  return problem({ status: 406, type: 'not-acceptable', title: 'Not acceptable', detail: 'tables are served as text/csv or application/json' });
}

/** A numbered version as is; "latest" from the KV pointer (one read), or the sequencer when KV has not caught up. */
async function resolveVersion(c: Context<AppEnv>, d: string, y: number, requested: string): Promise<number> {
  if (requested !== 'latest') return Number(requested);
  const hint = await versionFiles(c.env).latest(d, y);
  if (hint !== null) return hint;
  const found = await registry(c.env).dataset(d, y);
  if (!found) problem({ status: 404, type: 'not-found', title: 'Unknown dataset', detail: `no dataset ${d}/${y}` });
  return found!.dataset.latestVersion;
}

/** One KV read in the normal case (the version's pack); when the pack is not there (yet), the sequencer answers. */
async function readFile(c: Context<AppEnv>, d: string, y: number, n: number, path: string): Promise<PackEntry> {
  const pack = await versionFiles(c.env).pack(d, y, n);
  if (pack) {
    if (pack.withdrawn !== undefined) gone(d, y, n, pack.withdrawn);
    const entry = pack.get(path);
    if (!entry) return problem({ status: 404, type: 'not-found', title: 'Unknown file', detail: `version ${n} of ${d}/${y} has no file "${path}"` });
    return entry;
  }
  const held = await registry(c.env).heldFile(d, y, n, path);
  if (!held) return problem({ status: 404, type: 'not-found', title: 'Unknown version', detail: `dataset ${d}/${y} has no version ${n}` });
  if (held.status === 'withdrawn') gone(d, y, n, held.withdrawnReason ?? '');
  if (!held.known) return problem({ status: 404, type: 'not-found', title: 'Unknown file', detail: `version ${n} of ${d}/${y} has no file "${path}"` });
  if (!held.file) {
    // Written to KV and released by the sequencer, yet not seen here: KV shows a write everywhere within about a minute.
    return problem({ status: 503, type: 'storage', title: 'File not yet available here', detail: `version ${n} of ${d}/${y} is published but its files have not reached this location yet; retry in a few seconds`, headers: { 'retry-after': '5' } });
  }
  return held.file;
}

function gone(d: string, y: number, n: number, reason: string): never {
  return problem({ status: 410, type: 'withdrawn', title: 'Version withdrawn', detail: `version ${n} of ${d}/${y} was withdrawn: ${reason}`, extra: { reason } });
}
