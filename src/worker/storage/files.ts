// KV layout. Everything a version holds is immutable once written, and each value is a pack (./pack.ts):
//   b/{sha256}          the version-independent files of a submission, content-addressed, written before
//                       the version is committed (the commit refers to bytes that are already stored)
//   p/{dept}/{year}/{n} the version: those files and the ones that name it (manifest, datapackage, CSVW),
//                       written after the commit; one read serves any of its URLs. A withdrawal
//                       overwrites it with a tombstone pack that carries the reason
//   l/{dept}/{year}     the latest version number (a hint: the sequencer is the truth)
import { Pack } from './pack.ts';

export interface FileMeta {
  sha256: string;
  mediaType: string;
  bytes: number;
  /** A human file name for Content-Disposition (UTF-8). */
  filename?: string;
}

export interface StoredFile {
  body: Uint8Array<ArrayBuffer>;
  meta: FileMeta;
}

export const packKey = (d: string, y: number, n: number) => `p/${d}/${y}/${n}`;

export class FileStore {
  constructor(private readonly kv: KVNamespace) {}

  putBundle(sha256: string, pack: Uint8Array<ArrayBuffer>): Promise<void> {
    return this.kv.put(`b/${sha256}`, pack);
  }

  async getBundle(sha256: string): Promise<Pack | null> {
    const value = await this.kv.get(`b/${sha256}`, 'arrayBuffer');
    return value ? Pack.decode(value) : null;
  }

  putVersion(d: string, y: number, n: number, pack: Uint8Array<ArrayBuffer>): Promise<void> {
    return this.kv.put(packKey(d, y, n), pack);
  }

  /** One KV read. */
  async getVersion(d: string, y: number, n: number): Promise<Pack | null> {
    const value = await this.kv.get(packKey(d, y, n), 'arrayBuffer');
    return value ? Pack.decode(value) : null;
  }

  putLatest(d: string, y: number, n: number): Promise<void> {
    return this.kv.put(`l/${d}/${y}`, String(n));
  }

  async getLatest(d: string, y: number): Promise<number | null> {
    const v = await this.kv.get(`l/${d}/${y}`);
    return v && /^\d+$/.test(v) ? Number(v) : null;
  }
}
