// A version's pack (p/{dept}/{year}/{n}): the submission's files and the files rendered at the commit, in
// one KV value, so that any versioned URL costs one KV read. Written by the sequencer's alarm after the
// commit (retried until done), never in the request: the commit is the point of publication, the pack is
// only the fast path to it.
import type { Filing } from '../../core/model/filing.ts';
import { parseManifest, MANIFEST_PATH } from '../../core/version/manifest.ts';
import type { FileStore } from './files.ts';
import { compress, encodePack, inflate, type Pack, type PackInput } from './pack.ts';

export type StoredMetadata = Record<string, { mediaType: string; body: string; sha256: string; bytes: number }>;

/** What the sequencer holds for a version until its pack lands. */
export interface StoredVersion {
  status: string;
  withdrawnReason: string | null;
  /** The files rendered at the commit (manifest, datapackage, CSVW). */
  metadata: StoredMetadata;
  /** The version-independent files as a pack; null once the version's pack is in KV. */
  bundle: Uint8Array<ArrayBuffer> | null;
}

/** What the commit hands the alarm in memory, so that it need not read back and parse what it just stored. */
export interface Handoff {
  bundle: Pack;
  filing: Filing;
  metadata: StoredMetadata;
}

/** The version's pack as it should now read: its files, or a tombstone once withdrawn. */
export async function materialize(files: FileStore, d: string, y: number, n: number, v: StoredVersion, handoff?: Handoff): Promise<void> {
  if (v.status === 'withdrawn') return tombstone(files, d, y, n, v.withdrawnReason ?? '');
  const metadata = handoff?.metadata ?? v.metadata;
  const manifest = parseManifest(metadata[MANIFEST_PATH]?.body ?? '');
  if (!manifest) throw new Error(`${d}/${y} v${n}: no manifest stored`);
  const bundle = handoff?.bundle ?? (await inflate(v.bundle));
  if (!bundle) throw new Error(`${d}/${y} v${n}: the sequencer no longer holds its files, and its pack is not in KV`);
  const filingBytes = handoff ? undefined : bundle.get('filing.json')?.body;
  const filing = handoff?.filing ?? (filingBytes ? (JSON.parse(new TextDecoder().decode(filingBytes)) as Filing) : null);
  const entries: PackInput[] = [...manifest.files.map((f) => f.path), MANIFEST_PATH].map((path) => {
    const stored = bundle.get(path);
    const rendered = metadata[path];
    const body = stored?.body ?? rendered?.body;
    const meta = stored?.meta ?? rendered;
    if (body === undefined || !meta) throw new Error(`${d}/${y} v${n}: ${path} is in neither the bundle nor the sequencer`);
    return { path, mediaType: meta.mediaType, sha256: meta.sha256, bytes: meta.bytes, body, ...(filing ? { filename: downloadName(filing, n, path) } : {}) };
  });
  await files.putVersion(d, y, n, await compress(encodePack(entries)));
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
