import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Dataset } from '../../core/contract/dataset.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { filePath, ROUTES, versionPath } from '../../core/contract/urls.ts';
import { utf8 } from '../../core/bytes.ts';
import { datasetDocument, versionDocument } from '../../core/ledger/views.ts';
import { registry, type AppEnv } from '../env.ts';
import { isTableShape, TABLE_SHAPES, type TableShape } from '../../core/render/table-shapes.ts';
import { IMMUTABLE, jsonResponse, matches, SHORT, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { rangeAnswer } from '../range.ts';
import { documented, problemDoc } from './schemas.ts';
import { tableShape, zhCsv, type Variant } from './table-variants.ts';
import { readFile, resolveVersion } from './version-read.ts';
import { registerVersionXlsx } from './version-xlsx.ts';
import { registerVersionZip } from './version-zip.ts';

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

// Before the file route, which would take version.zip for a file's path.
registerVersionZip(datasets, VersionParams);
registerVersionXlsx(datasets, VersionParams);

datasets.get(
  ROUTES.file,
  describeRoute({
    tags: ['Datasets'],
    summary: 'A file of a version: filing.json, findings.json, tables/{tableId}.csv|.json|.ndjson (or tables/{tableId} with Accept), datapackage.json, csv-metadata.json, manifest.json, submission.json, codelists/*.csv',
    description: 'Byte ranges: `Range: bytes=first-last` (or `first-`, or `-suffix`) answers 206 with Content-Range; one range per request (several get the whole file, 200); a range past the end 416 with `Content-Range: bytes */size`. `If-Range` with the strong ETag makes the range conditional (another ETag, or a date, gets the whole file). CSV and problem documents are compressed (br or gzip) when the client\'s Accept-Encoding allows, JSON by the edge; a compressed answer carries a weak ETag, a range is never compressed. Tables for people and tools: `tables/{id}.csv?header=zh` is the same CSV with the column headers as printed (项目 or 科目名称, 科目编码, 行次, each column\'s printed title with its group and 栏次, e.g. 本年支出·基本支出（栏次2）), its own ETag, `bom=1` still applying; `tables/{id}.json?_shape=objects` is one flat object a row (id, section, code, name, then each column key: an exact decimal string or null), `_shape=arrays` a header array then one array a row, `_shape=ndjson` or `tables/{id}.ndjson` one object a line (application/x-ndjson); codes are strings, a blank (or ────) cell null; another `_shape` is a 400. Query parameters other than `bom`, `header` and `_shape` are ignored (`utm_*`, `_=`…).',
    parameters: [{ name: 'bom', in: 'query', schema: { type: 'string', enum: ['0', '1'] }, description: 'CSV only: prefix a UTF-8 byte-order mark (Excel on Chinese Windows)' },
      { name: 'header', in: 'query', schema: { type: 'string', enum: ['en', 'zh'] }, description: 'Table CSV only: zh writes the column headers as printed (Chinese titles); en (default) the machine names' },
      { name: '_shape', in: 'query', schema: { type: 'string', enum: [...TABLE_SHAPES] }, description: 'Table JSON only: a flat shape (objects, arrays or ndjson) instead of the nested table document' }],
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
    const header = c.req.query('header');
    if (header !== undefined && header !== 'en' && header !== 'zh') problem({ status: 400, type: 'bad-request', title: 'Bad request', detail: 'header is en (machine names, the default) or zh (the titles as printed)' });
    const shapeParam = c.req.query('_shape');
    if (shapeParam !== undefined && !isTableShape(shapeParam)) problem({ status: 400, type: 'bad-request', title: 'Bad request', detail: `_shape is one of ${TABLE_SHAPES.join(', ')}`, extra: { allowed: [...TABLE_SHAPES] } });
    let path = c.req.param('path')!;
    const tableOnly = /^tables\/[a-z0-9-]+$/.exec(path);
    if (tableOnly) path += shapeParam ? '.json' : negotiateTable(c.req.header('accept'));
    // tables/{id}.ndjson is the ndjson shape of tables/{id}.json.
    const ndjson = /^(tables\/[a-z0-9-]+)\.ndjson$/.exec(path);
    const asked = path;
    if (ndjson) path = `${ndjson[1]}.json`;
    const tableFile = /^tables\/([a-z0-9-]+)\.(csv|json)$/.exec(path);
    const shape: TableShape | undefined = ndjson ? 'ndjson' : tableFile?.[2] === 'json' ? (shapeParam as TableShape | undefined) : undefined;
    const n = await resolveVersion(c, d, y, requested);
    const file = await readFile(c, d, y, n, path);
    let variant: Variant | undefined;
    if (tableFile && shape) variant = await tableShape(c, d, y, n, tableFile[1]!, file, shape);
    else if (tableFile?.[2] === 'csv' && header === 'zh') variant = await zhCsv(c, d, y, n, tableFile[1]!, file);
    const immutable = requested !== 'latest';
    const headers: Record<string, string> = {
      'content-type': contentType(variant?.mediaType ?? file.meta.mediaType),
      'cache-control': immutable ? IMMUTABLE : SHORT,
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
    };
    if (!immutable || tableOnly) headers['content-location'] = filePath(d, y, n, ndjson ? asked : path);
    let body: Uint8Array<ArrayBuffer> = variant?.body ?? file.body;
    let tag = variant?.etag ?? file.meta.sha256;
    if (bom === '1' && path.endsWith('.csv')) {
      const withBom = new Uint8Array(body.byteLength + 3);
      withBom.set([0xef, 0xbb, 0xbf]);
      withBom.set(body, 3);
      body = withBom;
      tag += '-bom';
    }
    const etag = `"${tag}"`;
    headers.etag = etag;
    const filename = variant ? variant.filename : file.meta.filename;
    if (path.endsWith('.csv') || filename) {
      const name = filename ?? path.split('/').pop()!;
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

