// A version's pack (p/{dept}/{year}/{n}) as stored: gzip-compressed once, at the commit, so that the
// sequencer holds it, and KV receives it, in the same ~ninefold smaller form. A withdrawn version's pack
// is a tombstone: no files, the reason (every URL of the version answers 410 from one read).
import type { FileStore } from './files.ts';
import { compress, encodePack, encodePackParts, type PackFileMeta } from '../../core/pack.ts';

/** The stored (compressed) pack of an assembled version. */
export function storedPack(files: readonly (PackFileMeta & { offset: number })[], parts: readonly Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  return compress(encodePackParts(files, parts));
}

export async function tombstone(files: FileStore, d: string, y: number, n: number, reason: string): Promise<void> {
  await files.putVersion(d, y, n, await compress(encodePack([], { withdrawn: reason })));
}
