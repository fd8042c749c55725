// Byte ranges (RFC 9110 §14) on a file whose bytes are all in hand: one range gets 206 with its slice, a
// range past the end 416, and several ranges the whole file (200), which the RFC allows. If-Range makes
// the range conditional on the strong ETag: a client resuming a download of bytes that have since changed
// gets the whole file again instead of a slice of other bytes.
import { problem } from './problem.ts';

export interface ByteRange {
  start: number;
  /** Inclusive, as Content-Range writes it. */
  end: number;
}

/**
 * The range to answer for a `Range` header against a body of `size` bytes: a range, null for the whole
 * body (no header, a header this server ignores, or several ranges), or 'unsatisfiable'.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return null; // another unit: ignored
  const specs = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  if (specs.length !== 1) return null; // several ranges: the whole file
  const r = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!r || (r[1] === '' && r[2] === '')) return null; // malformed: ignored, as RFC 9110 permits
  if (r[1] === '') {
    // The last N bytes.
    const n = Number(r[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(r[1]);
  const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
  if (r[2] !== '' && Number(r[2]) < start) return null; // last-pos before first-pos: invalid, ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** If-Range with an entity tag: the range applies only when it is this strong ETag (a date never matches: files carry no Last-Modified). */
export function ifRangeHolds(ifRange: string | undefined, etag: string): boolean {
  if (ifRange === undefined) return true;
  const tag = ifRange.trim();
  return !tag.startsWith('W/') && tag === etag;
}

/**
 * The answer to a GET (or HEAD) of `body`: 206 with one slice, 416 for a range past the end, else null
 * (the caller answers 200 with the whole body).
 */
export function rangeAnswer(req: { method: string; header(name: string): string | undefined }, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>): Response | null {
  if (!ifRangeHolds(req.header('if-range'), headers.etag ?? '')) return null;
  const range = parseRange(req.header('range'), body.byteLength);
  if (range === null) return null;
  if (range === 'unsatisfiable') {
    return problem({
      status: 416, type: 'range-not-satisfiable', title: 'Range not satisfiable',
      detail: `the file has ${body.byteLength} bytes; ask for a range that starts before byte ${body.byteLength}`,
      headers: { 'content-range': `bytes */${body.byteLength}`, 'accept-ranges': 'bytes' },
    });
  }
  const slice = body.subarray(range.start, range.end + 1);
  return new Response(req.method === 'HEAD' ? null : slice, {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${body.byteLength}`, 'content-length': String(slice.byteLength) },
  });
}
