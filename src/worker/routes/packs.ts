// A version in one download, for mirrors: its pack exactly as stored (GKPACK1, gzip-compressed; core/pack.ts).
// The pack holds manifest.json and every file it lists; a mirror checks each against the manifest, the
// manifest against its transparency-log entry, and needs nothing else from this server.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { sha256Hex } from '../../core/hash.ts';
import { ROUTES } from '../../core/contract/urls.ts';
import { registry, versionFiles, type AppEnv } from '../env.ts';
import { IMMUTABLE, matches, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { problemDoc } from './schemas.ts';

export const packs = new Hono<AppEnv>();

const PackParams = v.object({
  departmentId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'unknown department id')),
  year: v.pipe(v.string(), v.regex(/^\d{4}$/, 'a year has four digits')),
  version: v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/, 'a version is a positive number')),
});

packs.get(
  ROUTES.pack,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'A version as one file: its pack (every file and the manifest), gzip-compressed',
    description: 'Layout after gunzip: "GKPACK1\\n", a 4-byte big-endian header length, a UTF-8 JSON header listing each file (path, mediaType, bytes, sha256, offset), then the files\' bytes. The header is not to be trusted: check each file against manifest.json, and manifest.json against its entry in /v1/log.',
    responses: {
      200: { description: 'The pack (application/gzip); strong ETag; immutable', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } },
      304: { description: 'Not modified' },
      404: problemDoc('Unknown version'),
      410: problemDoc('The version was withdrawn; the reason is given'),
      503: problemDoc('Published, not yet readable here; retry'),
    },
  }),
  valid('param', PackParams),
  async (c) => {
    const d = c.req.param('departmentId');
    const y = Number(c.req.param('year'));
    const n = Number(c.req.param('version'));
    let stored = await versionFiles(c.env).stored(d, y, n);
    if (!stored) {
      // Not in KV (yet): the sequencer holds the pack until its write lands.
      const reg = registry(c.env);
      const held = await reg.heldPack(d, y, n);
      if (held) stored = { bytes: held };
      else {
        const record = await reg.version(d, y, n);
        if (!record) return problem({ status: 404, type: 'not-found', title: 'Unknown version', detail: `dataset ${d}/${y} has no version ${n}` });
        if (record.status === 'withdrawn') stored = { withdrawn: record.withdrawnReason ?? '' };
        else return problem({ status: 503, type: 'storage', title: 'Pack not yet available here', detail: `version ${n} of ${d}/${y} is published but its pack has not reached this location yet; retry in a few seconds`, headers: { 'retry-after': '5' } });
      }
    }
    if ('withdrawn' in stored) {
      return problem({ status: 410, type: 'withdrawn', title: 'Version withdrawn', detail: `version ${n} of ${d}/${y} was withdrawn: ${stored.withdrawn}`, extra: { reason: stored.withdrawn } });
    }
    const etag = `"${await sha256Hex(stored.bytes)}"`;
    const headers = {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="${d}-${y}-v${n}.gkpack.gz"`,
      'cache-control': IMMUTABLE,
      etag,
    };
    if (matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    return new Response(c.req.method === 'HEAD' ? null : stored.bytes, { status: 200, headers: { ...headers, 'content-length': String(stored.bytes.byteLength) } });
  },
);
