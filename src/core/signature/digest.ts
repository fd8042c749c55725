// RFC 9530 Content-Digest with sha-256.
import { parseDictionary } from 'structured-headers';
import { toBase64, type Bytes } from '../bytes.ts';
import { sha256 } from '../hash.ts';

export async function contentDigest(body: Bytes | string): Promise<string> {
  return `sha-256=:${toBase64(await sha256(body))}:`;
}

/** The sha-256 member of a Content-Digest header, or null when absent or malformed. */
export function sha256FromContentDigest(header: string): Bytes | null {
  try {
    const member = parseDictionary(header).get('sha-256');
    if (!member || Array.isArray(member[0])) return null;
    const value = member[0];
    return value instanceof ArrayBuffer ? new Uint8Array(value) : null;
  } catch {
    return null;
  }
}
