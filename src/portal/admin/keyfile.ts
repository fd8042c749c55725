// A department's public key as the administrator receives it: the public-key file the submit page
// downloads ({kty, crv, x, kid, departmentId}), the file `gongkai keygen` writes (the same with the
// private d: only the public half is ever used or sent), the JWK `keygen` prints, or x alone in base64url.

export interface ReceivedKey {
  x: string;
  kid: string | null;
  departmentId: string | null;
  /** The file held the private key too (d): it was dropped here, never sent. */
  hadPrivate: boolean;
}

export class KeyFileError extends Error {}

const X = /^[A-Za-z0-9_-]{43}$/;

export function readReceivedKey(text: string): ReceivedKey {
  const s = text.trim();
  if (X.test(s)) return { x: s, kid: null, departmentId: null, hadPrivate: false };
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    throw new KeyFileError('not a JWK (JSON) and not a 43-character base64url public key');
  }
  // A JWK Set with one key (GET /v1/keys shapes) is taken too.
  if (value && typeof value === 'object' && Array.isArray((value as { keys?: unknown }).keys)) {
    const keys = (value as { keys: unknown[] }).keys;
    if (keys.length !== 1) throw new KeyFileError(`a key set of ${keys.length} keys: give one key`);
    value = keys[0];
  }
  if (!value || typeof value !== 'object') throw new KeyFileError('not a JWK object');
  const k = value as Record<string, unknown>;
  if (k.kty !== 'OKP' || k.crv !== 'Ed25519') throw new KeyFileError(`not an Ed25519 key (kty ${String(k.kty)}, crv ${String(k.crv)}); give a key made by gongkai keygen or the submit page`);
  if (typeof k.x !== 'string' || !X.test(k.x)) throw new KeyFileError('its public key (x) is not 32 bytes of base64url');
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 128 ? v : null);
  return { x: k.x, kid: str(k.kid), departmentId: str(k.departmentId), hadPrivate: 'd' in k };
}

/** A key id for a key that came without one: department, date and a random suffix, as keygen makes. */
export const suggestedKid = (departmentId: string): string => `${departmentId}-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
