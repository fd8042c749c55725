// A pack: a version's files in one immutable value. It is the KV value (publishing a version is one write,
// serving any of its URLs one read) and the download a mirror fetches (GET /v1/packs/{d}/{y}/{n}). Layout:
//   "GKPACK1\n" · header length (uint32, big-endian) · header (UTF-8 JSON) · the files' bytes, back to back
// The header lists each file with its offset; a reader parses the header only and slices out the one
// file it needs. Packs are stored and served gzip-compressed: a version's text shrinks about ninefold.
// The header is not trusted: a mirror checks every file against the signed manifest. A pack is at most
// MAX_PACK_BYTES inflated: a mirror inflates what it downloads as a stream, giving up past that (a gzip
// bomb, inflatePack); the platform inflates its own packs in one piece (inflate).
import { layOut, readAtMost, utf8 } from './bytes.ts';

const MAGIC = utf8.encode('GKPACK1\n');
const PREFIX = MAGIC.byteLength + 4;

/**
 * The largest a pack may be, inflated: 256 MiB. A version holds one submission (at most 2 MiB, the
 * submission limit) and what is rendered from it, and its pack is one KV value (at most 25 MiB stored), so a
 * genuine pack is far below this; anything larger is refused while it is being inflated, never held whole
 * (a gzip of zeros inflates about a thousandfold). No pack this large is made.
 */
export const MAX_PACK_BYTES = 256 * 1024 * 1024;

export interface PackFileMeta {
  path: string;
  mediaType: string;
  sha256: string;
  bytes: number;
  /** A human file name for Content-Disposition. */
  filename?: string;
}

export interface PackInput extends PackFileMeta {
  body: Uint8Array | string;
}

interface Header {
  files: (PackFileMeta & { offset: number })[];
  /** A withdrawn version's pack: no files, the reason. */
  withdrawn?: string;
}

export interface PackEntry {
  meta: PackFileMeta;
  /** A view into the pack's buffer: no copy. */
  body: Uint8Array<ArrayBuffer>;
}

export class Pack {
  private constructor(
    private readonly buffer: ArrayBuffer,
    private readonly index: Map<string, PackFileMeta & { offset: number }>,
    readonly withdrawn: string | undefined,
  ) {}

  /** Parse a stored pack; null for anything that is not one (a value from an older layout, a truncated write). */
  static decode(input: ArrayBuffer | Uint8Array<ArrayBuffer>): Pack | null {
    const buffer = input instanceof Uint8Array ? (input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input.buffer : input.slice().buffer) : input;
    if (buffer.byteLength < PREFIX) return null;
    const bytes = new Uint8Array(buffer);
    for (let i = 0; i < MAGIC.byteLength; i++) if (bytes[i] !== MAGIC[i]) return null;
    const length = new DataView(buffer).getUint32(MAGIC.byteLength);
    if (PREFIX + length > buffer.byteLength) return null;
    let header: Header;
    try {
      header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + length))) as Header;
    } catch {
      return null;
    }
    if (typeof header !== 'object' || header === null || !Array.isArray(header.files)) return null;
    const start = PREFIX + length;
    const index = new Map<string, PackFileMeta & { offset: number }>();
    for (const f of header.files) {
      if (typeof f?.path !== 'string' || !Number.isSafeInteger(f.offset) || !Number.isSafeInteger(f.bytes) || f.offset < 0 || f.bytes < 0) return null;
      if (start + f.offset + f.bytes > buffer.byteLength) return null;
      index.set(f.path, { ...f, offset: start + f.offset });
    }
    return new Pack(buffer, index, header.withdrawn);
  }

  get byteLength(): number {
    return this.buffer.byteLength;
  }

  paths(): string[] {
    return [...this.index.keys()];
  }

  get(path: string): PackEntry | undefined {
    const f = this.index.get(path);
    if (!f) return undefined;
    const { offset, ...meta } = f;
    return { meta, body: new Uint8Array(this.buffer, offset, f.bytes) };
  }
}

/**
 * Files → one pack. `bytes` in each file's metadata must be its body's UTF-8 length (checked). Files with
 * the same digest are stored once (a submission made by `gongkai import` is byte for byte its filing.json).
 */
export function encodePack(files: readonly PackInput[], options: { withdrawn?: string } = {}): Uint8Array<ArrayBuffer> {
  const bodies = files.map(({ body, ...meta }) => {
    const bytes = typeof body === 'string' ? utf8.encode(body) : body;
    if (bytes.byteLength !== meta.bytes) throw new Error(`pack: ${meta.path} is ${bytes.byteLength} bytes, its metadata says ${meta.bytes}`);
    return { key: `${meta.sha256}/${meta.bytes}`, bytes };
  });
  const { offsets, parts } = layOut(bodies);
  return encodePackParts(files.map(({ body: _, ...meta }, i) => ({ ...meta, offset: offsets[i]! })), parts, options);
}

/** Files already laid out over `parts` (each offset into their concatenation) → one pack: no body is looked at. */
export function encodePackParts(files: readonly (PackFileMeta & { offset: number })[], parts: readonly Uint8Array[], options: { withdrawn?: string } = {}): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  for (const f of files) if (f.offset + f.bytes > length) throw new Error(`pack: ${f.path} lies past the end of its parts`);
  const header: Header = { files: files.map((f) => ({ ...f })), ...(options.withdrawn !== undefined ? { withdrawn: options.withdrawn } : {}) };
  const head = utf8.encode(JSON.stringify(header));
  if (PREFIX + head.byteLength + length > MAX_PACK_BYTES) throw new Error(`pack: ${PREFIX + head.byteLength + length} bytes, more than the ${MAX_PACK_BYTES} a pack may be`);
  const out = new Uint8Array(PREFIX + head.byteLength + length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.byteLength, head.byteLength);
  out.set(head, PREFIX);
  let at = PREFIX + head.byteLength;
  for (const b of parts) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

export async function compress(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

export type Inflated = { ok: true; pack: Pack } | { ok: false; tooLarge: boolean; problem: string };

/**
 * A stored pack, compressed or not, inflated as a stream and given up as soon as it passes `maxBytes`
 * (default MAX_PACK_BYTES): what is wrong with it otherwise (not gzip of a pack, truncated, corrupt).
 */
export async function inflatePack(stored: ArrayBuffer | Uint8Array<ArrayBuffer>, maxBytes = MAX_PACK_BYTES): Promise<Inflated> {
  const input = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  const tooLarge = (): Inflated => ({ ok: false, tooLarge: true, problem: `inflated, it is more than ${maxBytes} bytes, the most a pack may be; not inflated further` });
  const damaged: Inflated = { ok: false, tooLarge: false, problem: 'not a version pack (gzip of GKPACK1): damaged or truncated' };
  const decoded = (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Inflated => {
    const pack = Pack.decode(bytes);
    return pack ? { ok: true, pack } : damaged;
  };
  if (input[0] !== 0x1f || input[1] !== 0x8b) return input.byteLength > maxBytes ? tooLarge() : decoded(stored); // stored uncompressed
  let out: Uint8Array<ArrayBuffer> | null;
  try {
    out = await readAtMost(new Blob([input]).stream().pipeThrough(new DecompressionStream('gzip')), maxBytes);
  } catch {
    return damaged; // truncated or corrupt: absent, never a wrong file
  }
  if (!out) return tooLarge();
  return decoded(out);
}

/**
 * A pack the platform stored itself (KV, the sequencer's held packs), compressed or not; null for anything
 * that is not a whole pack. Inflated by the runtime in one piece: the platform never makes a pack over
 * MAX_PACK_BYTES (encodePackParts refuses to), and inflatePack's JavaScript read loop, run inside the
 * sequencer, is suspected in a page's reads of a fresh version stalling in CI. What comes from elsewhere
 * (a mirror's download) goes through inflatePack.
 */
export async function inflate(stored: ArrayBuffer | Uint8Array<ArrayBuffer> | null): Promise<Pack | null> {
  if (!stored) return null;
  const head = stored instanceof Uint8Array ? stored : new Uint8Array(stored);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return Pack.decode(stored); // stored uncompressed
  try {
    return Pack.decode(await new Response(new Blob([head]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch {
    return null; // truncated or corrupt: absent, never a wrong file
  }
}
