// KV layout. Everything a version holds is immutable once written:
//   b/{sha256}                 content-addressed bytes, written before the version is committed
//   f/{dept}/{year}/{n}/{path} the same bytes at their public path, written after the commit
//                              (one KV read serves a versioned URL); a withdrawal overwrites it with a tombstone
//   l/{dept}/{year}            the latest version number (a hint: the sequencer is the truth)

export interface FileMeta {
  sha256: string;
  mediaType: string;
  bytes: number;
  /** Set on a tombstone; the reason is the tombstone's body. */
  withdrawn?: string;
  /** A human file name for Content-Disposition (UTF-8). */
  filename?: string;
}

export interface StoredFile {
  body: ArrayBuffer;
  meta: FileMeta;
}

const fileKey = (d: string, y: number, n: number, path: string) => `f/${d}/${y}/${n}/${path}`;

// KV metadata travels as a header in local runs: keep it ASCII by percent-encoding the file name, the
// one free-text field (a withdrawal's reason lives in the tombstone's body).
function encodeMeta(m: FileMeta): FileMeta {
  return m.filename ? { ...m, filename: encodeURIComponent(m.filename) } : m;
}
function decodeMeta(m: FileMeta): FileMeta {
  return m.filename ? { ...m, filename: decodeURIComponent(m.filename) } : m;
}

export class FileStore {
  constructor(private readonly kv: KVNamespace) {}

  putBlob(sha256: string, body: Uint8Array | ArrayBuffer | string, meta: FileMeta): Promise<void> {
    return this.kv.put(`b/${sha256}`, body, { metadata: encodeMeta(meta) });
  }

  async getBlob(sha256: string): Promise<StoredFile | null> {
    const r = await this.kv.getWithMetadata<FileMeta>(`b/${sha256}`, 'arrayBuffer');
    return r.value && r.metadata ? { body: r.value, meta: decodeMeta(r.metadata) } : null;
  }

  putFile(d: string, y: number, n: number, path: string, body: Uint8Array | ArrayBuffer | string, meta: FileMeta): Promise<void> {
    return this.kv.put(fileKey(d, y, n, path), body, { metadata: encodeMeta(meta) });
  }

  /** One KV read. */
  async getFile(d: string, y: number, n: number, path: string): Promise<StoredFile | null> {
    const r = await this.kv.getWithMetadata<FileMeta>(fileKey(d, y, n, path), 'arrayBuffer');
    return r.value !== null && r.metadata ? { body: r.value, meta: decodeMeta(r.metadata) } : null;
  }

  putLatest(d: string, y: number, n: number): Promise<void> {
    return this.kv.put(`l/${d}/${y}`, String(n));
  }

  async getLatest(d: string, y: number): Promise<number | null> {
    const v = await this.kv.get(`l/${d}/${y}`);
    return v && /^\d+$/.test(v) ? Number(v) : null;
  }
}
