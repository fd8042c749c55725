// The public path copies of a version: one KV value per URL, so that a versioned read costs one KV
// read. Written by the sequencer's alarm after the commit (retried until done), never in the request:
// the commit is the point of publication, these copies are only the fast path to it.
import type { Filing } from '../../core/model/filing.ts';
import { parseManifest, MANIFEST_PATH } from '../../core/version/manifest.ts';
import type { FileStore } from './files.ts';

export interface StoredVersion {
  status: string;
  withdrawnReason: string | null;
  bundleSha256: string;
  metadata: Record<string, { mediaType: string; body: string; sha256: string; bytes: number }>;
}

/** Every path of the version as it should now read: its files, or tombstones once withdrawn. */
export async function materialize(files: FileStore, d: string, y: number, n: number, v: StoredVersion): Promise<void> {
  const manifest = parseManifest(v.metadata[MANIFEST_PATH]?.body ?? '');
  if (!manifest) throw new Error(`${d}/${y} v${n}: no manifest stored`);
  const paths = [...manifest.files.map((f) => f.path), MANIFEST_PATH];
  if (v.status === 'withdrawn') {
    await tombstones(files, d, y, n, paths, v.withdrawnReason ?? '');
    return;
  }
  const bundle = await files.getBlob(v.bundleSha256);
  if (!bundle) throw new Error(`${d}/${y} v${n}: bundle ${v.bundleSha256} not readable yet`);
  const content = JSON.parse(new TextDecoder().decode(bundle.body)) as Record<string, string>;
  const filing = JSON.parse(content['filing.json'] ?? 'null') as Filing | null;
  await Promise.all([
    ...manifest.files.map((f) => {
      const body = content[f.path] ?? v.metadata[f.path]?.body;
      if (body === undefined) throw new Error(`${d}/${y} v${n}: ${f.path} is in neither the bundle nor the sequencer`);
      return files.putFile(d, y, n, f.path, body, { sha256: f.sha256, mediaType: f.mediaType, bytes: f.bytes, ...(filing ? { filename: downloadName(filing, n, f.path) } : {}) });
    }),
    files.putFile(d, y, n, MANIFEST_PATH, v.metadata[MANIFEST_PATH]!.body, { sha256: v.metadata[MANIFEST_PATH]!.sha256, mediaType: 'application/json', bytes: v.metadata[MANIFEST_PATH]!.bytes }),
  ]);
}

export function tombstones(files: FileStore, d: string, y: number, n: number, paths: string[], reason: string): Promise<unknown> {
  // The reason goes in the body: KV metadata is limited to 1 KiB, and a reason is free text.
  return Promise.all(paths.map((p) => files.putFile(d, y, n, p, reason, { sha256: '', mediaType: 'text/plain', bytes: 0, withdrawn: 'yes' })));
}

/** A download name a person recognises: 朔州市…局-2023-v1-公开01表-收入支出决算总表.csv */
export function downloadName(filing: Filing, version: number, path: string): string {
  const file = path.split('/').pop()!;
  const table = /^tables\/([a-z0-9-]+)\.(csv|json)$/.exec(path);
  const t = table ? filing.tables.find((x) => x.id === table[1]) : undefined;
  const what = t ? `${t.number ? t.number + '-' : ''}${t.title}.${table![2]}` : file;
  const name = `${filing.department.name}-${filing.year}-v${version}-${what}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  // KV metadata (which carries it, percent-encoded) is limited to 1 KiB: fall back to an ASCII name when long.
  return encodeURIComponent(name).length <= 600 ? name : `${filing.department.id}-${filing.year}-v${version}-${file}`;
}
