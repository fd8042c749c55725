// Reading a version's files for the routes: "latest" resolved, one file from the version's pack (or the
// sequencer while the pack has not reached this location), a withdrawn version answered 410.
import type { Context } from 'hono';
import { registry, versionFiles, type AppEnv, type PackEntry } from '../env.ts';
import { IMMUTABLE, SHORT } from '../http.ts';
import { problem } from '../problem.ts';
import { rangeAnswer } from '../range.ts';

/** A numbered version as is; "latest" from the KV pointer (one read), or the sequencer when KV has not caught up. */
export async function resolveVersion(c: Context<AppEnv>, d: string, y: number, requested: string): Promise<number> {
  if (requested !== 'latest') return Number(requested);
  const hint = await versionFiles(c.env).latest(d, y);
  if (hint !== null) return hint;
  const found = await registry(c.env).dataset(d, y);
  if (!found) problem({ status: 404, type: 'not-found', title: 'Unknown dataset', detail: `no dataset ${d}/${y}` });
  return found!.dataset.latestVersion;
}

/** One KV read in the normal case (the version's pack); when the pack is not there (yet), the sequencer answers. */
export async function readFile(c: Context<AppEnv>, d: string, y: number, n: number, path: string): Promise<PackEntry> {
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

export function gone(d: string, y: number, n: number, reason: string): never {
  return problem({ status: 410, type: 'withdrawn', title: 'Version withdrawn', detail: `version ${n} of ${d}/${y} was withdrawn: ${reason}`, extra: { reason } });
}

/**
 * The headers of a download made from a version (its zip, its workbook): an attachment named after the
 * department, year and version, a strong ETag, immutable when numbered, Content-Location for `latest`.
 */
export function downloadHeaders(o: { manifest: PackEntry; d: string; y: number; n: number; requested: string; ext: string; mediaType: string; etag: string; numberedPath: string }): Record<string, string> {
  const immutable = o.requested !== 'latest';
  const name = `${(o.manifest.meta.filename ?? `${o.d}-${o.y}-v${o.n}-manifest.json`).replace(/-?manifest\.json$/, '')}.${o.ext}`;
  return {
    'content-type': o.mediaType,
    'cache-control': immutable ? IMMUTABLE : SHORT,
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'accept-ranges': 'bytes',
    etag: o.etag,
    ...(immutable ? {} : { 'content-location': o.numberedPath }),
  };
}

/** The body as asked for: one byte range, HEAD with its length, or whole. */
export function downloadAnswer(c: Context<AppEnv>, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>): Response {
  const ranged = rangeAnswer(c.req, body, headers);
  if (ranged) return ranged;
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'content-length': String(body.byteLength) } });
  return new Response(body, { status: 200, headers });
}
