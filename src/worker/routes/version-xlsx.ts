// GET …/versions/{n}/version.xlsx: a version as one Excel workbook for people, a sheet per table as
// printed and the findings (src/core/render/version-xlsx.ts). Made on request from the version's own
// filing.json and findings.json — never at publication — and kept per isolate by the manifest's sha256;
// the manifest is read on every request, so a withdrawn version answers 410 like its files, and the
// ETag (the manifest's sha256 and the rendering) lets the edge and clients keep it for good.
import type { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { FILING_PATH, FINDINGS_PATH, MANIFEST_PATH } from '../../core/contract/files.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { absolute, ROUTES, versionPath, versionXlsxPath } from '../../core/contract/urls.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { renderVersionXlsx, XLSX_RENDERING } from '../../core/render/version-xlsx.ts';
import { XLSX_MEDIA_TYPE } from '../../core/render/xlsx.ts';
import type { AppEnv } from '../env.ts';
import { matches, originOf, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { problemDoc } from './schemas.ts';
import { downloadAnswer, downloadHeaders, readFile, resolveVersion } from './version-read.ts';

const text = new TextDecoder();

/** Rendered workbooks by manifest sha256 (and origin, which the findings sheet names), oldest dropped first. */
const made = new Map<string, Uint8Array<ArrayBuffer>>();
const KEEP_BYTES = 8 * 1024 * 1024;
let kept = 0;
function keep(key: string, body: Uint8Array<ArrayBuffer>): void {
  if (body.byteLength > KEEP_BYTES / 4) return;
  made.set(key, body);
  kept += body.byteLength;
  while (kept > KEEP_BYTES) {
    const [oldest, b] = made.entries().next().value!;
    made.delete(oldest);
    kept -= b.byteLength;
  }
}

// Beyond this isolate, the data centre's cache keeps what was made (an isolate's memory is small and short-lived):
// keyed by the manifest, the rendering and the origin, so that a request never makes the same workbook twice.
export const xlsxCacheUrl = (manifestSha256: string, origin: string) => `https://version-xlsx.invalid/${manifestSha256}/${XLSX_RENDERING}/${encodeURIComponent(origin)}`;

async function cached(key: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const hit = await caches.default.match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
  } catch {
    return undefined; // no cache here: make it
  }
}

async function store(key: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
  try {
    await caches.default.put(key, new Response(body, { headers: { 'cache-control': 'public, max-age=31536000, immutable' } }));
  } catch (e) {
    console.warn(`the workbook ${key} was not cached: ${(e as Error).message}`);
  }
}

export function registerVersionXlsx(app: Hono<AppEnv>, params: v.ObjectSchema<v.ObjectEntries, undefined>): void {
  app.get(
    ROUTES.versionXlsx,
    describeRoute({
      tags: ['Datasets'],
      summary: 'A version as one Excel workbook: a sheet per table laid out as printed, and the findings',
      description: 'For people: each table a sheet with its Chinese title, 编制部门 and unit, the header as printed (spanning groups, 行次, 栏次), codes as text, names indented by 类/款/项, amounts as numbers shown with the decimals printed (0.00; a blank stays blank, ──── where the template rules a cell out); then a sheet of the accounting findings (severity, rule, place, message, expected and actual). Office Open XML (.xlsx), made on request from the version\'s filing.json and findings.json, the same bytes for the same version. Strong ETag, immutable on numbered versions, byte ranges as for the files; `latest` works too, with Content-Location.',
      responses: {
        200: { description: `The workbook (${XLSX_MEDIA_TYPE}), as an attachment named after the department, year and version` },
        304: { description: 'Not modified' },
        404: problemDoc('Unknown version'),
        410: problemDoc('The version was withdrawn; the reason is given'),
      },
    }),
    valid('param', params),
    async (c) => {
      const d = c.req.param('departmentId')!;
      const y = Number(c.req.param('year'));
      const requested = c.req.param('version')!;
      const n = await resolveVersion(c, d, y, requested);
      const manifestFile = await readFile(c, d, y, n, MANIFEST_PATH);
      // The rendering is in the tag: a release that draws the workbook otherwise must not answer 304 or a range of the old one.
      const headers = downloadHeaders({ manifest: manifestFile, d, y, n, requested, ext: 'xlsx', mediaType: XLSX_MEDIA_TYPE, etag: `"${manifestFile.meta.sha256}-${XLSX_RENDERING}"`, numberedPath: versionXlsxPath(d, y, n) });
      if (matches(c.req.header('if-none-match'), headers.etag!)) return new Response(null, { status: 304, headers });
      const origin = originOf(c);
      const key = xlsxCacheUrl(manifestFile.meta.sha256, origin);
      let body = made.get(key) ?? (await cached(key));
      if (body) keep(key, body);
      else {
        const manifest = parseManifest(text.decode(manifestFile.body));
        const [filingFile, findingsFile] = await Promise.all([readFile(c, d, y, n, FILING_PATH), readFile(c, d, y, n, FINDINGS_PATH)]);
        const parsed = parseFiling(JSON.parse(text.decode(filingFile.body)) as unknown);
        if (!manifest || !parsed.ok) return problem({ status: 500, type: 'internal', title: 'Unreadable version', detail: `the ${manifest ? 'filing' : 'manifest'} of version ${n} of ${d}/${y} does not parse` });
        body = renderVersionXlsx({
          filing: parsed.filing,
          findings: JSON.parse(text.decode(findingsFile.body)) as unknown,
          context: { departmentId: d, year: y, version: n, publishedAt: manifest.publishedAt, url: absolute(origin, versionPath(d, y, n)) },
        });
        keep(key, body);
        c.executionCtx.waitUntil(store(key, body));
      }
      return downloadAnswer(c, body, headers);
    },
  );
}
