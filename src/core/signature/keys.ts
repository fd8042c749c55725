// Ed25519 keys as JWK (RFC 8037): what `GET /v1/keys` publishes and what the command line stores.
import { fromBase64Url, toBase64Url, type Bytes } from '../bytes.ts';
import { publicKeyProblem } from './strict.ts';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
}

export interface PrivateJwk extends PublicJwk {
  d: string;
}

export async function generateKeyPair(kid: string): Promise<{ privateJwk: PrivateJwk; publicJwk: PublicJwk }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  if (!jwk.x || !jwk.d) throw new Error('Ed25519 export gave no key material');
  return { privateJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d, kid }, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid } };
}

export async function importPrivateJwk(jwk: PrivateJwk): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, { name: 'Ed25519' }, false, ['sign']);
}

export function rawPublicKey(x: string): Bytes {
  return fromBase64Url(x);
}

/** Is x the base64url form of 32 bytes (43 characters, no padding)? The form only; see ed25519XProblem. */
export function isEd25519X(x: string): boolean {
  try {
    return /^[A-Za-z0-9_-]{43}$/.test(x) && fromBase64Url(x).length === 32;
  } catch {
    return false;
  }
}

/**
 * Why a JWK's x may not be registered as a department key, or null: not 32 bytes of base64url, or not
 * a strict Ed25519 public key (non-canonical, off the curve, small-order or with a small-order part).
 */
export function ed25519XProblem(x: string): string | null {
  if (!isEd25519X(x)) return 'x is not a 32-byte Ed25519 public key in base64url (43 characters, no padding)';
  return publicKeyProblem(fromBase64Url(x));
}

export { toBase64Url };
