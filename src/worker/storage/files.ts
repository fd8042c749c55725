// KV layout. Everything a version holds is immutable once written:
//   p/{dept}/{year}/{n} the version: every file of it in one pack (./pack.ts), written by the sequencer's
//                       alarm after the commit; one read serves any of its URLs. A withdrawal overwrites
//                       it with a tombstone pack that carries the reason
//   l/{dept}/{year}     the latest version number (a hint: the sequencer is the truth)
// Until a version's pack lands, the sequencer holds the version's files itself (see ./registry.ts), so
// nothing is written to KV in the request and nothing committed depends on a KV write having succeeded.
import { inflate, type Pack } from '../../core/pack.ts';

export const packKey = (d: string, y: number, n: number) => `p/${d}/${y}/${n}`;

export class FileStore {
  constructor(private readonly kv: KVNamespace) {}

  /** A pack, compressed (see compress). */
  async putVersion(d: string, y: number, n: number, compressed: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.kv.put(packKey(d, y, n), compressed);
  }

  /** One KV read. */
  async getVersion(d: string, y: number, n: number): Promise<Pack | null> {
    return inflate(await this.kv.get(packKey(d, y, n), 'arrayBuffer'));
  }

  /** One KV read: the pack as stored (compressed), for the download a mirror makes. */
  getStored(d: string, y: number, n: number): Promise<ArrayBuffer | null> {
    return this.kv.get(packKey(d, y, n), 'arrayBuffer');
  }

  putLatest(d: string, y: number, n: number): Promise<void> {
    return this.kv.put(`l/${d}/${y}`, String(n));
  }

  async getLatest(d: string, y: number): Promise<number | null> {
    const v = await this.kv.get(`l/${d}/${y}`);
    return v && /^\d+$/.test(v) ? Number(v) : null;
  }
}
