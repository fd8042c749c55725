// Admission and the commit hold against what a review tried: replays that would use up a department's
// allowance, a key revoked between admission and commit, a commit for another department, and a commit
// request that is not whole.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { prepareVersion } from '../../src/core/version/assemble.ts';
import { registry, type Env } from '../../src/worker/env.ts';
import { ADMIN, call, expectProblem, registerKey, seedFiling, signedInit, type TestKey } from './support.ts';

const reg = () => registry(env as Env);
const SIGNATURE = (keyId: string) => ({ algorithm: 'ed25519' as const, keyId, label: 'sig1', signatureInput: '', signature: '', components: {}, signedFile: 'submission.json' as const });
const FINDINGS = { error: 0, warning: 0, info: 0, skipped: 0, passed: 0, unread: 0 };

async function prepared(d: string) {
  const parsed = parseFiling(seedFiling(d));
  if (!parsed.ok) throw new Error('the seed filing is invalid');
  const bytes = new TextEncoder().encode(JSON.stringify(seedFiling(d))) as Uint8Array<ArrayBuffer>;
  return { bytes, prepared: await prepareVersion({ filing: parsed.filing, findings: null, submission: { bytes, sha256: await sha256Hex(bytes) } }) };
}

const commit = async (key: TestKey, d: string, patch: (p: Awaited<ReturnType<typeof prepared>>['prepared']) => unknown = (p) => p) => {
  const { bytes, prepared: p } = await prepared(d);
  return reg().commit({ keyId: key.kid, idempotencyKey: null, requestSha256: await sha256Hex(bytes), prepared: patch(p) as never, signature: SIGNATURE(key.kid), findings: FINDINGS, origin: 'http://gongkai.test', facts: { json: '[]', cells: 0 } });
};

describe('admission', () => {
  it('ties freeing an Idempotency-Key to its own admission: a late failure does not free a retry\'s mark', async () => {
    const key = await registerKey('adm-ticket');
    const x = key.jwk.x;
    const admit = (nonce: string, now: number) => reg().admit({ keyId: key.kid, x, nonce, idempotencyKey: 'idem-1', requestSha256: 'a'.repeat(64), now, perMinute: 100, dryRun: false });
    const t0 = Date.now();
    const first = await admit('n-1', t0);
    expect(first).toMatchObject({ kind: 'admitted', ticket: t0 });
    // The first request outlives its pending mark (a minute); its retry takes the key over.
    const retry = await admit('n-2', t0 + 61_000);
    expect(retry).toMatchObject({ kind: 'admitted', ticket: t0 + 61_000 });
    // The first request now fails: freeing its own mark leaves the retry's in place.
    await reg().abandon(key.kid, 'idem-1', t0);
    expect(await admit('n-3', t0 + 62_000)).toEqual({ kind: 'in-progress' });
    // The retry's failure frees it.
    await reg().abandon(key.kid, 'idem-1', t0 + 61_000);
    expect(await admit('n-4', t0 + 63_000)).toMatchObject({ kind: 'admitted' });
  });

  it('refuses a replayed request before it is counted: replays never use up the allowance', async () => {
    const d = 'adm-replay';
    const key = await registerKey(d);
    const bindings = { RATE_LIMIT_PER_MINUTE: '2' };
    const captured = await signedInit(JSON.stringify(seedFiling(d)), key, { dryRun: true });
    expect((await call('/v1/submissions?dryRun=1', captured, bindings)).status).toBe(200);
    for (let i = 0; i < 3; i++) await expectProblem(await call('/v1/submissions?dryRun=1', captured, bindings), 401, 'replay');
    // The department's own next request still gets through: the three replays took none of its two a minute.
    expect((await call('/v1/submissions?dryRun=1', await signedInit(JSON.stringify(seedFiling(d)), key, { dryRun: true }), bindings)).status).toBe(200);
  });

  it('scopes nonces to their key: another department using the same nonce is not a replay', async () => {
    const a = await registerKey('adm-nonce-a');
    const b = await registerKey('adm-nonce-b');
    expect((await call('/v1/submissions?dryRun=1', await signedInit(JSON.stringify(seedFiling('adm-nonce-a')), a, { dryRun: true, nonce: 'shared-nonce-1' }))).status).toBe(200);
    expect((await call('/v1/submissions?dryRun=1', await signedInit(JSON.stringify(seedFiling('adm-nonce-b')), b, { dryRun: true, nonce: 'shared-nonce-1' }))).status).toBe(200);
  });
});

describe('the commit', () => {
  it('refuses a key revoked after admission, and stores nothing', async () => {
    const d = 'adm-revoked';
    const key = await registerKey(d);
    const revoked = await call(`/v1/admin/keys/${key.kid}/revoke`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'lost' }) });
    expect(revoked.status).toBe(200);
    expect(await commit(key, d)).toEqual({ refused: expect.stringContaining('was revoked') });
    expect((await call(`/v1/datasets/${d}/2023`)).status).toBe(404);
  });

  it('refuses a filing for another department than the key\'s', async () => {
    const key = await registerKey('adm-mine');
    expect(await commit(key, 'adm-theirs')).toEqual({ refused: expect.stringContaining('signs for adm-mine, not for adm-theirs') });
    expect((await call('/v1/datasets/adm-theirs/2023')).status).toBe(404);
  });

  it('refuses a commit request that is not whole, before any number is given', async () => {
    const d = 'adm-malformed';
    const key = await registerKey(d);
    const cases: [string, (p: Awaited<ReturnType<typeof prepared>>['prepared']) => unknown, RegExp][] = [
      ['a department id that is a path', (p) => ({ ...p, dataset: { ...p.dataset, departmentId: 'x/../evil' } }), /departmentId/],
      ['a year that is not one', (p) => ({ ...p, dataset: { ...p.dataset, year: 2023.5 } }), /year/],
      ['a file named as the commit\'s manifest', (p) => ({ ...p, files: p.files.map((f, i) => (i === 2 ? { ...f, path: 'manifest.json' } : f)) }), /manifest.json is the commit's to write/],
      ['no descriptor bodies', (p) => ({ ...p, descriptors: [] }), /0 descriptor bodies/],
      ['a body past the end', (p) => ({ ...p, files: p.files.map((f, i) => (i === 1 ? { ...f, offset: p.body.byteLength } : f)) }), /past the end/],
      ['a filing digest that is not the filing\'s', (p) => ({ ...p, filingSha256: '0'.repeat(64) }), /filingSha256/],
    ];
    for (const [what, patch, message] of cases) expect(await commit(key, d, patch), what).toEqual({ invalid: expect.stringMatching(message) });
    // Fact rows for the index that are not what factRows makes are refused too.
    const { bytes, prepared: p } = await prepared(d);
    for (const [json, message] of [['{', /not JSON/], ['[["a"]]', /row 0 is not 12 members/], ['[["t","s","r","w",7,1,"n","c","1.00","元",100,null]]', /code, level, fen or page/]] as const) {
      const r = await reg().commit({ keyId: key.kid, idempotencyKey: null, requestSha256: await sha256Hex(bytes), prepared: p, signature: SIGNATURE(key.kid), findings: FINDINGS, origin: 'http://gongkai.test', facts: { json, cells: 1 } });
      expect(r, json).toEqual({ invalid: expect.stringMatching(message) });
    }
    expect((await call(`/v1/datasets/${d}/2023`)).status).toBe(404);
    expect((await call('/v1/datasets')).status).toBe(200); // the catalog still answers
  });
});
