// GET …/versions/{n}/version.zip: a version as one download for people, every file under its path and
// the manifest.json listing each with its sha256 (src/core/zip.ts). Built from the version's own files
// on request: the bytes are the published ones, so the zip checks against the signed manifest.
import type { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { MANIFEST_PATH } from '../../core/contract/files.ts';
import { parseManifest } from '../../core/contract/manifest.ts';
import { ROUTES, versionZipPath } from '../../core/contract/urls.ts';
import { versionZip } from '../../core/zip.ts';
import type { AppEnv } from '../env.ts';
import { matches, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { problemDoc } from './schemas.ts';
import { downloadAnswer, downloadHeaders, readFile, resolveVersion } from './version-read.ts';

const text = new TextDecoder();

export function registerVersionZip(app: Hono<AppEnv>, params: v.ObjectSchema<v.ObjectEntries, undefined>): void {
  app.get(
    ROUTES.versionZip,
    describeRoute({
      tags: ['Datasets'],
      summary: 'A version as one zip: every file of the version under its path (filing.json, tables/*.csv and .json, findings.json…) and manifest.json',
      description: 'For people who want the whole version in one download (a mirror takes the pack). Each entry keeps its path in the version, so `sha256sum` of the unzipped files matches manifest.json. The same version is always the same bytes (entries in manifest order, each dated at publication); text is deflated, the PDF stored. Strong ETag, immutable on numbered versions, byte ranges as for the files; `latest` works too, with Content-Location.',
      responses: {
        200: { description: 'The zip (application/zip), as an attachment named after the department, year and version' },
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
      // A client that holds it is answered before any file of the version is read.
      const headers = downloadHeaders({ manifest: manifestFile, d, y, n, requested, ext: 'zip', mediaType: 'application/zip', etag: `"${manifestFile.meta.sha256}-zip"`, numberedPath: versionZipPath(d, y, n) });
      if (matches(c.req.header('if-none-match'), headers.etag!)) return new Response(null, { status: 304, headers });
      const manifest = parseManifest(text.decode(manifestFile.body));
      if (!manifest) return problem({ status: 500, type: 'internal', title: 'Unreadable manifest', detail: `the manifest of version ${n} of ${d}/${y} does not parse` });
      const files = await Promise.all(manifest.files.map(async (f) => ({ path: f.path, mediaType: f.mediaType, body: (await readFile(c, d, y, n, f.path)).body })));
      files.push({ path: MANIFEST_PATH, mediaType: manifestFile.meta.mediaType, body: manifestFile.body });
      return downloadAnswer(c, versionZip(files, new Date(manifest.publishedAt)), headers);
    },
  );
}
