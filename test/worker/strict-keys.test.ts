// F5, small-order keys: registration refuses small-order, non-canonical and mixed-order Ed25519 public
// keys with a 400 problem+json naming why, and a submission signed under such a key (one registered
// before the check existed) is refused with 401 even when WebCrypto alone would accept its signature.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../src/core/signature/digest.ts';
import { REQUIRED_COMPONENTS, serializeParams, signatureBase, toBase64 } from '../../src/core/signature/message.ts';
import { registry, type Env } from '../../src/worker/env.ts';
import {
  base64url, hex, mixedOrderKey, NON_CANONICAL_ON_CURVE, NOT_ON_CURVE, RFC8032_TEST1, SMALL_ORDER_CANONICAL, SMALL_ORDER_NON_CANONICAL,
  webCryptoVerify, ZERO_KEY, ZERO_KEY_FORGERY,
} from '../vectors/ed25519.ts';
import { ADMIN, call, ORIGIN, registerKey, seedFiling, storageSnapshot } from './support.ts';

const D = '140602-f5-strict';

function register(keyId: string, x: string) {
  return call('/v1/admin/keys', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ keyId, departmentId: D, publicKey: { kty: 'OKP', crv: 'Ed25519', x } }),
  });
}

async function expectRefused(res: Response, why: RegExp) {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = (await res.json()) as { type: string; detail: string; errors: { path: string; message: string }[] };
  expect(p.type).toBe('/docs#problem-bad-request');
  expect(p.detail).toMatch(why);
  expect(p.errors).toEqual([{ path: 'publicKey.x', message: expect.stringMatching(why) }]);
}

async function listedKids(): Promise<string[]> {
  const set = (await (await call('/v1/keys')).json()) as { keys: { kid: string }[] };
  return set.keys.map((k) => k.kid);
}

describe('POST /v1/admin/keys refuses weak Ed25519 public keys', () => {
  it.each(SMALL_ORDER_CANONICAL.map((p, i) => ({ ...p, i })))('refuses the small-order point $hex ($note)', async ({ hex: h, i }) => {
    await expectRefused(await register(`f5-small-${i}`, base64url(hex(h))), /small-order point/);
    expect(await listedKids()).not.toContain(`f5-small-${i}`);
  });

  it.each(SMALL_ORDER_NON_CANONICAL.map((p, i) => ({ ...p, i })))('refuses the non-canonical encoding $hex ($note)', async ({ hex: h, i }) => {
    await expectRefused(await register(`f5-noncanonical-${i}`, base64url(hex(h))), /not canonically encoded/);
    expect(await listedKids()).not.toContain(`f5-noncanonical-${i}`);
  });

  it('refuses the all-zero key of F5, a non-canonical ordinary point, bytes off the curve and a mixed-order key', async () => {
    await expectRefused(await register('f5-zero', base64url(ZERO_KEY)), /the public key is a small-order point/);
    await expectRefused(await register('f5-y-p3', base64url(hex(NON_CANONICAL_ON_CURVE))), /not canonically encoded \(y ≥ 2\^255 − 19\)/);
    await expectRefused(await register('f5-off-curve', base64url(hex(NOT_ON_CURVE))), /not a point on Ed25519/);
    await expectRefused(await register('f5-mixed', base64url(mixedOrderKey(hex(RFC8032_TEST1.publicKey)))), /small-order component/);
    await expectRefused(await register('f5-short', base64url(new Uint8Array(31))), /32-byte/);
    const kids = await listedKids();
    for (const kid of ['f5-zero', 'f5-y-p3', 'f5-off-curve', 'f5-mixed', 'f5-short']) expect(kids).not.toContain(kid);
  });

  it('still registers a real key', async () => {
    expect((await register('f5-rfc8032-test1', base64url(hex(RFC8032_TEST1.publicKey)))).status).toBe(201);
    await registerKey(D);
  });
});

describe('a submission under a small-order key already in the registry', () => {
  it('is refused with 401 naming why, though WebCrypto alone accepts the forged signature, and nothing is stored', async () => {
    // As a store from before registration checked keys could hold it: the all-zero key, put in directly.
    await registry(env as Env).registerKey({ keyId: 'f5-legacy-zero', departmentId: D, x: base64url(ZERO_KEY), validFrom: null, validUntil: null });
    const body = new TextEncoder().encode(JSON.stringify(seedFiling(D))) as Uint8Array<ArrayBuffer>;
    const url = `${ORIGIN}/v1/submissions`;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-digest': await contentDigest(body) };
    // The forgery (R = identity, S = 0) passes a cofactorless check for about 1 base in 4: pick a nonce for which it does.
    let input = '';
    for (let i = 0; !input; i++) {
      expect(i).toBeLessThan(200);
      const serialized = serializeParams({ components: REQUIRED_COMPONENTS, created: Math.floor(Date.now() / 1000), keyid: 'f5-legacy-zero', alg: 'ed25519', nonce: `f5-forged-nonce-${i}` });
      const base = signatureBase({ method: 'POST', targetUri: url, headers }, REQUIRED_COMPONENTS, serialized);
      if (await webCryptoVerify(ZERO_KEY, new TextEncoder().encode(base) as Uint8Array<ArrayBuffer>, ZERO_KEY_FORGERY)) input = serialized;
    }
    const before = await storageSnapshot();
    const res = await call('/v1/submissions', { method: 'POST', headers: { ...headers, 'signature-input': `sig1=${input}`, signature: `sig1=:${toBase64(ZERO_KEY_FORGERY)}:` }, body });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = (await res.json()) as { type: string; detail: string };
    expect(p.type).toBe('/docs#problem-bad-signature');
    expect(p.detail).toMatch(/^the public key is a small-order point \(order ≤ 8\) \(key "f5-legacy-zero"/);
    expect(await storageSnapshot()).toBe(before);
  });
});
