import { readAtMost } from '../../core/bytes.ts';
import { duplicateKey } from '../../core/json-keys.ts';
import { problem } from '../problem.ts';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Read at most `max` bytes: a declared length over the limit is refused before reading, a stream that runs over is cut. */
export async function readLimited(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    problem({ status: 413, type: 'too-large', title: 'Submission too large', detail: `a submission may be at most ${max} bytes (${max / 1024 / 1024} MiB)` });
  const declared = request.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > max)) tooLarge();
  if (!request.body) return new Uint8Array(0);
  return (await readAtMost(request.body, max)) ?? tooLarge();
}

/** Strict UTF-8 JSON without a byte-order mark; a clear 400 otherwise. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    problem({ status: 400, type: 'malformed-json', title: 'Malformed JSON', detail: 'the body starts with a UTF-8 byte-order mark; send JSON without one (RFC 8259 §8.1)' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return problem({ status: 400, type: 'malformed-json', title: 'Malformed JSON', detail: 'the body is not valid UTF-8' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return problem({ status: 400, type: 'malformed-json', title: 'Malformed JSON', detail: `the body is not JSON: ${(e as Error).message}` });
  }
  const dup = duplicateKey(text);
  if (dup !== null) problem({ status: 400, type: 'malformed-json', title: 'Malformed JSON', detail: `the key ${JSON.stringify(dup)} appears twice in one object; a signed filing must be unambiguous` });
  return value;
}
