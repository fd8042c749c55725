// SHA-256, the one digest of the platform (files, manifests, Content-Digest): WebCrypto, present in
// workerd, Node 20 and browsers alike.
import { toHex, utf8, type Bytes } from './bytes.ts';

export async function sha256(data: Bytes | string): Promise<Bytes> {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export async function sha256Hex(data: Bytes | string): Promise<string> {
  return toHex(await sha256(data));
}
