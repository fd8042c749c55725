// A version's files as the read routes get them: the pack from this isolate's cache or KV (one read),
// the latest pointer, and the tombstone a withdrawal writes. The sequencer answers what KV lacks.
import { FileStore, packKey } from './files.ts';
import { hotForget, hotGet, hotPut } from './hot.ts';
import { inflate, type Pack } from '../../core/pack.ts';

/** Larger than any tombstone (an empty pack and a reason of at most 1,000 characters, compressed). */
const TOMBSTONE_MAX_BYTES = 4096;
import { tombstone } from './version-pack.ts';

export type { PackEntry } from '../../core/pack.ts';

export class VersionFiles {
  private readonly files: FileStore;

  constructor(kv: KVNamespace) {
    this.files = new FileStore(kv);
  }

  /** The latest version number as KV knows it (a hint: the sequencer is the truth). */
  latest(d: string, y: number): Promise<number | null> {
    return this.files.getLatest(d, y);
  }

  /** The version's pack, or null if KV has none (yet). */
  async pack(d: string, y: number, n: number): Promise<Pack | null> {
    const key = packKey(d, y, n);
    const cached = hotGet(key);
    if (cached) return cached;
    const pack = await this.files.getVersion(d, y, n);
    if (pack) hotPut(key, pack);
    return pack;
  }

  /** The version's pack as stored (compressed), or its withdrawal's reason; null if KV has none (yet). */
  async stored(d: string, y: number, n: number): Promise<{ bytes: Uint8Array<ArrayBuffer> } | { withdrawn: string } | null> {
    const stored = await this.files.getStored(d, y, n);
    if (!stored) return null;
    // A tombstone is a few dozen bytes: only a small value can be one, so a version's pack is never inflated here.
    if (stored.byteLength < TOMBSTONE_MAX_BYTES) {
      const pack = await inflate(stored);
      if (pack?.withdrawn !== undefined) return { withdrawn: pack.withdrawn };
    }
    return { bytes: new Uint8Array(stored) };
  }

  /** A withdrawn version: forgotten in this isolate at once, and its pack overwritten with a tombstone. */
  async withdraw(d: string, y: number, n: number, reason: string): Promise<void> {
    hotForget(packKey(d, y, n));
    await tombstone(this.files, d, y, n, reason);
  }
}
