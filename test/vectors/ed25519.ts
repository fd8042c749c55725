// Ed25519 edge-case vectors for strict verification (RFC 8032; "Taming the many EdDSAs", Chalkias,
// Garillot, Kondi and Nikolaenko, 2020, and its test-vector set). Shared by the Node and Worker tests.
import { ed25519 } from '@noble/curves/ed25519.js';

export const hex = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));
export const toHexString = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
export const base64url = (b: Uint8Array): string => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const P = 2n ** 255n - 19n;
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The eight points of the torsion subgroup E[8], canonically encoded, with their order. */
export const SMALL_ORDER_CANONICAL: readonly { hex: string; order: number; note: string }[] = [
  { hex: '0100000000000000000000000000000000000000000000000000000000000000', order: 1, note: 'the identity (0, 1)' },
  { hex: 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', order: 2, note: '(0, −1)' },
  { hex: '0000000000000000000000000000000000000000000000000000000000000000', order: 4, note: '(√−1, 0): the all-zero key of F5' },
  { hex: '0000000000000000000000000000000000000000000000000000000000000080', order: 4, note: '(−√−1, 0)' },
  { hex: 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', order: 8, note: 'order 8' },
  { hex: 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', order: 8, note: 'order 8, negated x' },
  { hex: '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', order: 8, note: 'order 8' },
  { hex: '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', order: 8, note: 'order 8, negated x' },
];

/** Non-canonical encodings of small-order points: x = 0 with the sign bit set, and y ≥ p (y = p ≡ 0, y = p + 1 ≡ 1). */
export const SMALL_ORDER_NON_CANONICAL: readonly { hex: string; note: string }[] = [
  { hex: '0100000000000000000000000000000000000000000000000000000000000080', note: 'the identity with the sign bit set (“−0”)' },
  { hex: 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', note: '(0, −1) with the sign bit set' },
  { hex: 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', note: 'y = p (≡ 0)' },
  { hex: 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', note: 'y = p (≡ 0), sign bit set' },
  { hex: 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', note: 'y = p + 1 (≡ 1, the identity)' },
  { hex: 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', note: 'y = p + 1 (≡ 1), sign bit set' },
];

/** A non-canonical encoding (y = p + 3) of a point that is not of small order: a lax (ZIP-215) decoder takes it. */
export const NON_CANONICAL_ON_CURVE = 'f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f';
/** 32 bytes whose y is below p but that are not the encoding of any point (no square root). */
export const NOT_ON_CURVE = '0200000000000000000000000000000000000000000000000000000000000000';

/** RFC 8032 §7.1, TEST 1: a valid signature over the empty message. */
export const RFC8032_TEST1 = {
  secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  message: '',
  signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

/**
 * F5: the all-zero public key (a point of order 4), R = the identity and S = 0. A cofactorless
 * verifier (WebCrypto in Node and workerd) accepts it whenever k = H(R‖A‖M) ≡ 0 (mod 4), about one
 * message in four, with no private key. ZERO_KEY_FORGED_MESSAGE is one such message.
 */
export const ZERO_KEY = new Uint8Array(32);
export const ZERO_KEY_FORGERY = hex('01' + '00'.repeat(63));
export const ZERO_KEY_FORGED_MESSAGE = 'forged-2';

function littleEndian(n: bigint, bytes = 32): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

function fromLittleEndian(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/** The signature with S replaced by S + L (same value mod L, not canonical). */
export function withSPlusL(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(64);
  out.set(signature.subarray(0, 32));
  out.set(littleEndian(fromLittleEndian(signature.subarray(32)) + L), 32);
  return out;
}

/**
 * A signature by the holder of `secretKey` with a chosen R (its 32 bytes as given) and S = k·a, k = H(R‖A‖M):
 * with R the identity it satisfies the cofactorless equation SB = R + kA (WebCrypto accepts it); with R a
 * non-canonical encoding of the identity, a ZIP-215 verifier accepts it. Strict verification refuses both.
 */
export async function signWithR(secretKey: Uint8Array, message: Uint8Array, r: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const { scalar } = ed25519.utils.getExtendedPublicKey(secretKey);
  const publicKey = ed25519.getPublicKey(secretKey);
  const k = fromLittleEndian(new Uint8Array(await crypto.subtle.digest('SHA-512', concat(r, publicKey, message)))) % L;
  const out = new Uint8Array(64);
  out.set(r);
  out.set(littleEndian((k * scalar) % L), 32);
  return out;
}

/** A public key with a small-order component: A + T for a point T of order 8 (a real key plus torsion). */
export function mixedOrderKey(publicKey: Uint8Array): Uint8Array<ArrayBuffer> {
  const torsion = ed25519.Point.fromBytes(hex(SMALL_ORDER_CANONICAL[4]!.hex));
  return new Uint8Array(ed25519.Point.fromBytes(publicKey).add(torsion).toBytes());
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

/** Verify with WebCrypto alone (the rule in place before strict verification), false on any error. */
export async function webCryptoVerify(publicKey: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify('Ed25519', key, signature, message);
  } catch {
    return false;
  }
}
