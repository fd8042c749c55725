// A small in-isolate cache of version packs. A version never changes, except that a withdrawal turns
// it into a tombstone: the short time to live adds at most 30 s to KV's own propagation (a KV read may be
// up to 60 s old elsewhere), and a withdrawal made in this isolate evicts the version at once. A byte
// budget bounds the memory.
import type { Pack } from '../../core/pack.ts';

const TTL_MS = 30_000;
const BUDGET_BYTES = 24 * 1024 * 1024;
const MAX_PACK_BYTES = 4 * 1024 * 1024;

const entries = new Map<string, { pack: Pack; expires: number }>();
let bytes = 0;
/** Versions withdrawn in this isolate lately: a read that began before the withdrawal must not cache them again. */
const forgotten = new Map<string, number>();

export function hotGet(key: string, now = Date.now()): Pack | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  if (e.expires <= now) {
    drop(key);
    return undefined;
  }
  // Map order is insertion order: re-inserting makes this the most recently used.
  entries.delete(key);
  entries.set(key, e);
  return e.pack;
}

/** Its time to live starts when it was read from KV and is never extended. */
export function hotPut(key: string, pack: Pack, now = Date.now()): void {
  const size = pack.byteLength;
  if (size > MAX_PACK_BYTES) return;
  const until = forgotten.get(key);
  if (until !== undefined && until > now && pack.withdrawn === undefined) return;
  drop(key);
  entries.set(key, { pack, expires: now + TTL_MS });
  bytes += size;
  for (const oldest of entries.keys()) {
    if (bytes <= BUDGET_BYTES) break;
    drop(oldest);
  }
}

function drop(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  bytes -= e.pack.byteLength;
  entries.delete(key);
}

/** Forget a withdrawn version in this isolate at once; other isolates age it out. */
export function hotForget(key: string, now = Date.now()): void {
  drop(key);
  for (const [k, until] of forgotten) if (until <= now) forgotten.delete(k);
  // Long enough for the tombstone to reach KV even through the sequencer's retries.
  forgotten.set(key, now + 5 * TTL_MS);
}
