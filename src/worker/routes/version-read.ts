// Reading a version's files for the routes: "latest" resolved, one file from the version's pack (or the
// sequencer while the pack has not reached this location), a withdrawn version answered 410.
import type { Context } from 'hono';
import { registry, versionFiles, type AppEnv, type PackEntry } from '../env.ts';
import { problem } from '../problem.ts';

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
