// A small in-isolate cache of versioned files. Versioned files never change, except that a withdrawal
// turns them into tombstones: a short time to live keeps that within KV's own propagation delay
// (KV reads are themselves cached at the edge for up to 60 s), and a byte budget bounds the memory.
import type { StoredFile } from './files.ts';

const TTL_MS = 30_000;
const BUDGET_BYTES = 16 * 1024 * 1024;
const MAX_FILE_BYTES = 512 * 1024;

const entries = new Map<string, { file: StoredFile; expires: number }>();
let bytes = 0;

export function hotGet(key: string, now = Date.now()): StoredFile | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  if (e.expires <= now) {
    drop(key);
    return undefined;
  }
  // Map order is insertion order: re-inserting makes this the most recently used.
  entries.delete(key);
  entries.set(key, e);
  return e.file;
}

export function hotPut(key: string, file: StoredFile, now = Date.now()): void {
  const size = file.body.byteLength;
  if (size > MAX_FILE_BYTES) return;
  drop(key);
  entries.set(key, { file, expires: now + TTL_MS });
  bytes += size;
  for (const oldest of entries.keys()) {
    if (bytes <= BUDGET_BYTES) break;
    drop(oldest);
  }
}

function drop(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  bytes -= e.file.body.byteLength;
  entries.delete(key);
}

/** Forget every cached file under a prefix (a withdrawn version), in this isolate at once; others age out. */
export function hotForget(prefix: string): void {
  for (const key of [...entries.keys()]) if (key.startsWith(prefix)) drop(key);
}
