// The portal's "signature verified" (src/portal/dataset/signature.ts → core/version/verify.ts
// signatureProblem → core/signature/message.ts baseSignatureProblem → core/signature/strict.ts) is the
// strict verification the Worker and mirrors use: the F5 forgery under the all-zero key is refused, even
// when the log registers that key; the log's entries are checked against the platform key.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MANIFEST_PATH, SUBMISSION_PATH } from '../../../src/core/contract/files.ts';
import { filePath, LOG_KEY_PATH, logEntryPath, versionPath } from '../../../src/core/contract/urls.ts';
import { EMPTY_HEAD, fingerprint, headOf, jwkSigner, sealEntry } from '../../../src/core/log/chain.ts';
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

interface Served {
  /** The platform key the server publishes (default: the one that sealed the log). */
  publishedPlatform?: string;
  /** The manifest digest the log's entry names (default: the manifest's). */
  loggedManifest?: string;
}

/**
 * Serve version 1 to the portal's fetch as the Worker does — manifest.json, submission.json, the version
 * document with its log entry, the platform key, and the log's entries for the key and the version, sealed
 * by a platform key made here — and verify it.
 */
async function verifyServed(keyId: string, x: string, signatureInput: string, signature: string, components: Record<string, string>, submission: Uint8Array<ArrayBuffer>, o: Served = {}) {
  const manifest = enc(JSON.stringify({ signature: { algorithm: 'ed25519', keyId, label: 'sig1', signatureInput, signature, components, signedFile: SUBMISSION_PATH }, files: [], filingSha256: '0'.repeat(64) }));
  const manifestSha = await sha256Hex(manifest);
  const platform = (await generateKeyPair('platform-test')).privateJwk;
  const sign = await jwkSigner(platform);
  const at = '2024-01-01T00:00:00.000Z';
  const genesis = await sealEntry(EMPTY_HEAD, at, { kind: 'platform-key', keyId: 'platform-test', x: platform.x }, sign);
  const registered = await sealEntry(headOf(genesis), at, { kind: 'key-registered', keyId, departmentId: D, x, validFrom: null, validUntil: null }, sign);
  const published = await sealEntry(headOf(registered), at, { kind: 'version-published', departmentId: D, year: 2023, version: 1, manifestSha256: o.loggedManifest ?? manifestSha }, sign);
  const json = (v: unknown) => enc(JSON.stringify(v));
  const files = new Map<string, Uint8Array<ArrayBuffer>>([
    [filePath(D, 2023, 1, MANIFEST_PATH), manifest], [filePath(D, 2023, 1, SUBMISSION_PATH), submission],
    [versionPath(D, 2023, 1), json({ log: { published: { seq: published.seq, hash: published.hash }, withdrawn: null } })],
    [LOG_KEY_PATH, json({ kid: 'platform-test', x: o.publishedPlatform ?? platform.x, fingerprint: await fingerprint(o.publishedPlatform ?? platform.x) })],
    [logEntryPath(registered.seq), json(registered)], [logEntryPath(published.seq), json(published)],
  ]);
  vi.stubGlobal('fetch', async (url: string) => (files.has(url) ? new Response(files.get(url)) : new Response('{}', { status: 404 })));
  const key = { kid: keyId, departmentId: D, x, validFrom: null, validUntil: null, revoked: null, log: { registered: { seq: registered.seq, hash: registered.hash }, revoked: null } } as unknown as PublicKeyInfo;
  const version = { version: 1, sha256: manifestSha } as unknown as VersionInfo;
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
    // Against which key and log entries: the version's (3) and the key's registration (2).
    expect(v.log).toMatchObject({ problem: null, versionSeq: 3, keySeq: 2 });
    expect(v.log.platformFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    // A log sealed by another key than the one served, or naming another manifest, is refused.
    const other = (await generateKeyPair('other')).privateJwk.x;
    const forgedKey = await verifyServed('portal-real', privateJwk.x, signed['signature-input'], signed.signature, components, submission, { publishedPlatform: other });
    expect(forgedKey.log.problem).toMatch(/platform signature does not verify/);
    expect(forgedKey.problem).toMatch(/no verified registration/);
    const forgedManifest = await verifyServed('portal-real', privateJwk.x, signed['signature-input'], signed.signature, components, submission, { loggedManifest: 'c'.repeat(64) });
    expect(forgedManifest.log.problem).toMatch(/names another manifest/);
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
