// The portal's "signature verified" (src/portal/dataset/signature.ts → core/version/verify.ts
// signatureProblem → core/signature/message.ts baseSignatureProblem → core/signature/strict.ts) is the
// strict verification the Worker and mirrors use: the F5 forgery under the all-zero key is refused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MANIFEST_PATH, SUBMISSION_PATH } from '../../../src/core/contract/files.ts';
import { filePath } from '../../../src/core/contract/urls.ts';
import { sha256Hex } from '../../../src/core/hash.ts';
import { contentDigest } from '../../../src/core/signature/digest.ts';
import { generateKeyPair, importPrivateJwk } from '../../../src/core/signature/keys.ts';
import { REQUIRED_COMPONENTS, serializeParams, signatureBase, signMessage, toBase64 } from '../../../src/core/signature/message.ts';
import { verifyVersion } from '../../../src/portal/dataset/signature.ts';
import type { PublicKeyInfo, VersionInfo } from '../../../src/portal/api.ts';
import { base64url, webCryptoVerify, ZERO_KEY, ZERO_KEY_FORGERY } from '../../vectors/ed25519.ts';

const D = '140602-portal-strict';
const URL_ = 'http://gongkai.test/v1/submissions';
const enc = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;

afterEach(() => vi.unstubAllGlobals());

/** Serve manifest.json and submission.json of version 1 to the portal's fetch, and verify it. */
async function verifyServed(keyId: string, x: string, signatureInput: string, signature: string, components: Record<string, string>, submission: Uint8Array<ArrayBuffer>) {
  const manifest = enc(JSON.stringify({ signature: { algorithm: 'ed25519', keyId, label: 'sig1', signatureInput, signature, components, signedFile: SUBMISSION_PATH }, files: [], filingSha256: '0'.repeat(64) }));
  const files = new Map([[filePath(D, 2023, 1, MANIFEST_PATH), manifest], [filePath(D, 2023, 1, SUBMISSION_PATH), submission]]);
  vi.stubGlobal('fetch', async (url: string) => (files.has(url) ? new Response(files.get(url)) : new Response('{}', { status: 404 })));
  const key = { kid: keyId, departmentId: D, x, validFrom: null, validUntil: null, revoked: null } as unknown as PublicKeyInfo;
  const version = { version: 1, sha256: await sha256Hex(manifest) } as unknown as VersionInfo;
  return verifyVersion(D, 2023, version, Promise.resolve([key]), enc('{}'));
}

describe('the portal verifies strictly', () => {
  it('shows a real department signature as verified', async () => {
    const { privateJwk } = await generateKeyPair('portal-real');
    const submission = enc('{"department":{}}');
    const headers = { 'content-type': 'application/json', 'content-digest': await contentDigest(submission) };
    const signed = await signMessage({ method: 'POST', targetUri: URL_, headers }, { components: REQUIRED_COMPONENTS, created: 1_700_000_000, keyid: 'portal-real', alg: 'ed25519', nonce: 'portal-nonce-1' }, await importPrivateJwk(privateJwk));
    const components = { '@method': 'POST', '@target-uri': URL_, ...headers };
    const v = await verifyServed('portal-real', privateJwk.x, signed['signature-input'], signed.signature, components, submission);
    expect(v.problem).toBeNull();
    expect(v.manifest).toBe(true);
  });

  it('refuses the F5 forgery under the all-zero key, which WebCrypto alone accepts', async () => {
    const submission = enc('{"department":{"name":"forged"}}');
    const headers = { 'content-type': 'application/json', 'content-digest': await contentDigest(submission) };
    const components = { '@method': 'POST', '@target-uri': URL_, ...headers };
    let serialized = '';
    for (let i = 0; !serialized; i++) {
      expect(i).toBeLessThan(200);
      const s = serializeParams({ components: REQUIRED_COMPONENTS, created: 1_700_000_000, keyid: 'portal-zero', alg: 'ed25519', nonce: `forged-nonce-${i}` });
      if (await webCryptoVerify(ZERO_KEY, enc(signatureBase({ method: 'POST', targetUri: URL_, headers }, REQUIRED_COMPONENTS, s)), ZERO_KEY_FORGERY)) serialized = s;
    }
    const v = await verifyServed('portal-zero', base64url(ZERO_KEY), `sig1=${serialized}`, `sig1=:${toBase64(ZERO_KEY_FORGERY)}:`, components, submission);
    expect(v.problem).toBe('the public key is a small-order point (order ≤ 8) (key portal-zero)');
  });
});
