// Strict Ed25519 (src/core/signature/strict.ts), the one rule the Worker, mirrors and the portal
// verify with: small-order and non-canonical keys and R, and S ≥ L, are refused (finding F5).
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ed25519XProblem } from '../../../src/core/signature/keys.ts';
import { baseSignatureProblem } from '../../../src/core/signature/message.ts';
import { L as CORE_L, publicKeyProblem, signatureProblem, strictSignatureProblem } from '../../../src/core/signature/strict.ts';
import {
  base64url, hex, L, mixedOrderKey, NON_CANONICAL_ON_CURVE, NOT_ON_CURVE, RFC8032_TEST1, signWithR, SMALL_ORDER_CANONICAL, SMALL_ORDER_NON_CANONICAL,
  toHexString, webCryptoVerify, withSPlusL, ZERO_KEY, ZERO_KEY_FORGED_MESSAGE, ZERO_KEY_FORGERY,
} from '../../vectors/ed25519.ts';

const enc = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
const rfc = { pub: hex(RFC8032_TEST1.publicKey), msg: new Uint8Array(0) /* RFC8032_TEST1.message is empty */, sig: hex(RFC8032_TEST1.signature), sk: hex(RFC8032_TEST1.secretKey) };

describe('the vectors', () => {
  it('are the eight points of the torsion subgroup, as noble lists them, each of the stated order', () => {
    expect(SMALL_ORDER_CANONICAL.map((p) => p.hex).sort()).toEqual([...ED25519_TORSION_SUBGROUP].sort());
    for (const { hex: h, order } of SMALL_ORDER_CANONICAL) {
      let point = ed25519.Point.fromBytes(hex(h));
      let n = 1;
      while (!point.is0()) (point = point.add(ed25519.Point.fromBytes(hex(h))), n++);
      expect(n, h).toBe(order);
    }
  });

  it('non-canonical encodings decode (leniently, ZIP-215) to small-order points', () => {
    for (const { hex: h } of SMALL_ORDER_NON_CANONICAL) {
      expect(() => ed25519.Point.fromBytes(hex(h), false), h).toThrow();
      expect(ed25519.Point.fromBytes(hex(h), true).isSmallOrder(), h).toBe(true);
    }
    expect(ed25519.Point.fromBytes(hex(NON_CANONICAL_ON_CURVE), true).isSmallOrder()).toBe(false);
    expect(() => ed25519.Point.fromBytes(hex(NOT_ON_CURVE), true)).toThrow();
    expect(CORE_L).toBe(L);
  });
});

describe('publicKeyProblem (key registration)', () => {
  it('accepts a real key: RFC 8032 TEST 1 and fresh WebCrypto keys', async () => {
    expect(publicKeyProblem(rfc.pub)).toBeNull();
    for (let i = 0; i < 5; i++) {
      const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
      expect(publicKeyProblem(new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer))).toBeNull();
    }
  });

  it.each(SMALL_ORDER_CANONICAL)('refuses the small-order point $hex ($note)', ({ hex: h }) => {
    expect(publicKeyProblem(hex(h))).toMatch(/small-order/);
    expect(ed25519XProblem(base64url(hex(h)))).toMatch(/small-order/);
  });

  it.each(SMALL_ORDER_NON_CANONICAL)('refuses the non-canonical encoding $hex ($note)', ({ hex: h }) => {
    expect(publicKeyProblem(hex(h))).toMatch(/not canonically encoded/);
  });

  it('refuses a non-canonical encoding of an ordinary point, bytes off the curve, a mixed-order key and a wrong length', () => {
    expect(publicKeyProblem(hex(NON_CANONICAL_ON_CURVE))).toMatch(/not canonically encoded \(y ≥ 2\^255 − 19\)/);
    expect(publicKeyProblem(hex(NOT_ON_CURVE))).toMatch(/not a point on Ed25519/);
    expect(publicKeyProblem(mixedOrderKey(rfc.pub))).toMatch(/small-order component/);
    expect(publicKeyProblem(new Uint8Array(31))).toMatch(/31 bytes/);
    expect(ed25519XProblem('not base64url')).toMatch(/base64url/);
    expect(ed25519XProblem(base64url(rfc.pub))).toBeNull();
  });
});

describe('strictSignatureProblem (Worker, command line, mirror, portal)', () => {
  it('verifies RFC 8032 TEST 1 and a WebCrypto signature, and refuses a changed message', async () => {
    expect(strictSignatureProblem(rfc.pub, rfc.msg, rfc.sig)).toBeNull();
    expect(strictSignatureProblem(rfc.pub, enc('x'), rfc.sig)).not.toBeNull();
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const pub = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
    const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, enc('the base')));
    expect(await baseSignatureProblem(pub, 'the base', sig)).toBeNull();
    expect(await baseSignatureProblem(pub, 'the base!', sig)).not.toBeNull();
  });

  it('F5: the all-zero key with R = identity, S = 0 passes WebCrypto alone for a quarter of messages, and never strict verification', async () => {
    const message = enc(ZERO_KEY_FORGED_MESSAGE);
    expect(await webCryptoVerify(ZERO_KEY, message, ZERO_KEY_FORGERY)).toBe(true);
    expect(strictSignatureProblem(ZERO_KEY, message, ZERO_KEY_FORGERY)).toBe('the public key is a small-order point (order ≤ 8)');
    expect(await baseSignatureProblem(ZERO_KEY, ZERO_KEY_FORGED_MESSAGE, ZERO_KEY_FORGERY)).toMatch(/small-order/);
    let lax = 0;
    for (let i = 0; i < 64; i++) {
      const m = enc(`forged-${i}`);
      if (await webCryptoVerify(ZERO_KEY, m, ZERO_KEY_FORGERY)) lax++;
      expect(strictSignatureProblem(ZERO_KEY, m, ZERO_KEY_FORGERY)).not.toBeNull();
    }
    expect(lax).toBeGreaterThan(4); // about 16 of 64
  });

  it.each([...SMALL_ORDER_CANONICAL, ...SMALL_ORDER_NON_CANONICAL])('refuses $hex as the public key and as R', ({ hex: h }) => {
    const sig = new Uint8Array(64);
    sig.set(hex(h));
    expect(strictSignatureProblem(hex(h), enc('m'), rfc.sig)).toMatch(/^the public key is (a small-order point|not canonically encoded)/);
    expect(strictSignatureProblem(rfc.pub, enc('m'), sig)).toMatch(/^the signature’s R is (a small-order point|not canonically encoded)/);
  });

  it('refuses a small-order R that WebCrypto accepts: R = identity, S = k·a from the real key', async () => {
    const msg = enc('signed with R = identity');
    const sig = await signWithR(rfc.sk, msg, hex(SMALL_ORDER_CANONICAL[0]!.hex));
    expect(await webCryptoVerify(rfc.pub, msg, sig)).toBe(true);
    expect(strictSignatureProblem(rfc.pub, msg, sig)).toBe('the signature’s R is a small-order point (order ≤ 8)');
  });

  it('refuses a non-canonical R that a ZIP-215 verifier accepts', async () => {
    const msg = enc('signed with a non-canonical R');
    const sig = await signWithR(rfc.sk, msg, hex(SMALL_ORDER_NON_CANONICAL[4]!.hex));
    expect(ed25519.verify(sig, msg, rfc.pub, { zip215: true })).toBe(true);
    expect(strictSignatureProblem(rfc.pub, msg, sig)).toBe('the signature’s R is not canonically encoded (y ≥ 2^255 − 19)');
  });

  it('refuses a non-canonical S (S + L) and an S of 2^256 − 1', () => {
    const malleated = withSPlusL(rfc.sig);
    expect(toHexString(malleated.subarray(0, 32))).toBe(RFC8032_TEST1.signature.slice(0, 64));
    expect(strictSignatureProblem(rfc.pub, rfc.msg, malleated)).toBe('the signature’s S is not canonical (S ≥ L)');
    const big = new Uint8Array(rfc.sig);
    big.fill(0xff, 32);
    expect(strictSignatureProblem(rfc.pub, rfc.msg, big)).toMatch(/S ≥ L/);
  });

  it('refuses a mixed-order key (A + T, T of order 8) at registration; verification refuses A\'s signature under it', () => {
    // A + T is neither small-order nor non-canonical: verification fails because the signature is A's.
    const mixed = mixedOrderKey(rfc.pub);
    expect(publicKeyProblem(mixed)).toMatch(/small-order component/);
    expect(strictSignatureProblem(mixed, rfc.msg, rfc.sig)).toBe('the Ed25519 signature does not verify');
  });

  it('refuses wrong lengths without throwing', () => {
    expect(strictSignatureProblem(rfc.pub, rfc.msg, rfc.sig.subarray(0, 63))).toMatch(/63 bytes/);
    expect(strictSignatureProblem(rfc.pub.subarray(0, 31), rfc.msg, rfc.sig)).toMatch(/31 bytes/);
  });
});

describe('signatureProblem (the same rule, the equation by WebCrypto where the runtime has Ed25519)', () => {
  it('gives the pure check\'s answer on every vector: accepted, small-order or non-canonical A or R, S ≥ L, forged, mixed order', async () => {
    const cases: [string, Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>][] = [
      ['RFC 8032 TEST 1', rfc.pub, rfc.msg, rfc.sig],
      ['a changed message', rfc.pub, enc('x'), rfc.sig],
      ['the zero key\'s forgery', ZERO_KEY, enc(ZERO_KEY_FORGED_MESSAGE), ZERO_KEY_FORGERY],
      ['S + L', rfc.pub, rfc.msg, withSPlusL(rfc.sig)],
      ['a mixed-order key', mixedOrderKey(rfc.pub), rfc.msg, rfc.sig],
      ['R = identity', rfc.pub, enc('r'), await signWithR(rfc.sk, enc('r'), hex(SMALL_ORDER_CANONICAL[0]!.hex))],
      ['a non-canonical R', rfc.pub, enc('n'), await signWithR(rfc.sk, enc('n'), hex(SMALL_ORDER_NON_CANONICAL[4]!.hex))],
      ...SMALL_ORDER_CANONICAL.map((p) => [`the key ${p.note}`, hex(p.hex), rfc.msg, rfc.sig] as [string, Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]),
      ['a key off the curve', hex(NOT_ON_CURVE), rfc.msg, rfc.sig],
    ];
    for (const [what, pub, msg, sig] of cases) expect(await signatureProblem(pub, msg, sig), what).toBe(strictSignatureProblem(pub, msg, sig));
    expect(await signatureProblem(rfc.pub, rfc.msg, rfc.sig)).toBeNull();
  });
});
