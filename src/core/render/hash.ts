// Sizes and digests of rendered bodies, as the Data Package declares them (bytes, sha256).
// WebCrypto: present in workerd, Node 20 and browsers alike.

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function byteLength(text: string): number {
  return utf8(text).byteLength;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
