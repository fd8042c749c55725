// A version's pack (p/{dept}/{year}/{n}): the submission's files and the files rendered at the commit, in
// one KV value, so that any versioned URL costs one KV read. Built at the commit and held by the sequencer
// until its alarm has written it (retried until done): the commit is the point of publication, the pack in
// KV only the fast path to it.
import type { Filing } from '../../core/model/filing.ts';
import type { FileStore } from './files.ts';
import { compress, encodePack, type Pack, type PackInput } from './pack.ts';

export interface RenderedAtCommit {
  path: string;
  mediaType: string;
  body: string;
  bytes: number;
  sha256: string;
}

/** The version's files in manifest order: the bundle's, then those rendered at the commit; each with its download name. */
export function versionPack(bundle: Pack, atCommit: readonly RenderedAtCommit[], order: readonly string[], filing: Filing, n: number): Uint8Array<ArrayBuffer> {
  const rendered = new Map(atCommit.map((f) => [f.path, f]));
  const entries: PackInput[] = order.map((path) => {
    const stored = bundle.get(path);
    const file = stored ? { ...stored.meta, body: stored.body } : rendered.get(path);
    if (!file) throw new Error(`${filing.department.id}/${filing.year} v${n}: ${path} is in neither the bundle nor the files rendered at the commit`);
    return { path, mediaType: file.mediaType, sha256: file.sha256, bytes: file.bytes, body: file.body, filename: downloadName(filing, n, path) };
  });
  return encodePack(entries);
}

export async function writeVersion(files: FileStore, d: string, y: number, n: number, pack: Uint8Array<ArrayBuffer>): Promise<void> {
  await files.putVersion(d, y, n, await compress(pack));
}

/** A withdrawn version's pack: no files, the reason (every URL of the version answers 410 from one read). */
export async function tombstone(files: FileStore, d: string, y: number, n: number, reason: string): Promise<void> {
  await files.putVersion(d, y, n, await compress(encodePack([], { withdrawn: reason })));
}

/** A download name a person recognises: 朔州市…局-2023-v1-公开01表-收入支出决算总表.csv */
export function downloadName(filing: Filing, version: number, path: string): string {
  const file = path.split('/').pop()!;
  const table = /^tables\/([a-z0-9-]+)\.(csv|json)$/.exec(path);
  const t = table ? filing.tables.find((x) => x.id === table[1]) : undefined;
  const what = t ? `${t.number ? t.number + '-' : ''}${t.title}.${table![2]}` : file;
  return `${filing.department.name}-${filing.year}-v${version}-${what}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
