// Regressions from a security review: replays, the rate limit, withdrawals against caches and repairs, long names and reasons.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { registry, type Env } from '../../src/worker/env.ts';
import { sha256Hex } from '../../src/core/hash.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { prepareVersion } from '../../src/core/version/assemble.ts';
import { inflate } from '../../src/core/pack.ts';
import { ADMIN, call, kvWritten, registerKey, seedFiling, signedInit, submit } from './support.ts';

const reg = () => registry(env as Env);
const file = (d: string, n = 1, path = 'filing.json') => `/v1/datasets/${d}/2023/versions/${n}/${path}`;

describe('review regressions', () => {
  it('a captured signed request cannot be replayed by adding an Idempotency-Key (it is not signed)', async () => {
    const d = 'review-replay';
    const key = await registerKey(d);
    const init = await signedInit(JSON.stringify(seedFiling(d)), key); // no Idempotency-Key
    expect((await call('/v1/submissions', init)).status).toBe(201);
    const replay = await call('/v1/submissions', { ...init, headers: { ...(init.headers as Record<string, string>), 'idempotency-key': 'attacker-chosen' } });
    expect(replay.status).toBe(401); // was 201: a new version from the same nonce and signature
  });

  it('unsigned junk naming a public keyid does not use up that key\'s rate limit', async () => {
    const d = 'review-rate';
    const key = await registerKey(d);
    const bindings = { RATE_LIMIT_PER_MINUTE: '2' };
    for (let i = 0; i < 2; i++) {
      const init = await signedInit(JSON.stringify(seedFiling(d)), key);
      const h = new Headers(init.headers);
      h.set('signature', 'sig1=:' + btoa(String.fromCharCode(...new Uint8Array(64))) + ':'); // anyone can forge this
      expect((await call('/v1/submissions', { ...init, headers: h }, bindings)).status).toBe(401);
    }
    expect((await submit(seedFiling(d), key, { bindings })).status).toBe(201); // was 429
  });

  it('the in-isolate cache does not serve a withdrawn file past its 30 s TTL under steady traffic', async () => {
    const d = 'review-hot';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    const t0 = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(t0);
      expect((await call(file(d))).status).toBe(200); // cached until t0 + 30 s
      await reg().withdraw(d, 2023, 1, 'withdrawn in another isolate'); // no hotForget here: another isolate
      await kvWritten(); // the alarm's tombstone is in KV
      const stored = await env.FILES.get(`p/${d}/2023/1`, 'arrayBuffer');
      expect((await inflate(stored))?.withdrawn).toBe('withdrawn in another isolate');
      vi.setSystemTime(t0 + 20_000);
      expect((await call(file(d))).status).toBe(200); // within the documented 30 s; but this re-arms the TTL
      vi.setSystemTime(t0 + 45_000);
      expect((await call(file(d))).status).toBe(410); // was 200, for as long as requests kept coming
    } finally {
      vi.useRealTimers();
    }
  });

  it('a read that asks for a missing version pack does not overwrite a withdrawal tombstone', async () => {
    const d = 'review-repair';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    await env.FILES.delete(`p/${d}/2023/1`); // the pack not there (yet, or not yet seen here)
    expect((await call(file(d))).status).toBe(200); // answered by the sequencer, which is asked to write the pack
    await reg().withdraw(d, 2023, 1, 'withdrawn during a read');
    await reg().requestPack(d, 2023, 1); // a reader's request that arrives after the withdrawal
    await kvWritten();
    expect((await inflate(await env.FILES.get(`p/${d}/2023/1`, 'arrayBuffer')))?.withdrawn).toBe('withdrawn during a read');
    expect((await call(file(d))).status).toBe(410); // never resurrected by the read
  });

  it('a long department name does not wedge the pack-writing alarm for everyone', async () => {
    const d = 'review-longname';
    const key = await registerKey(d);
    const f = seedFiling(d);
    f.department.name = '某'.repeat(150); // valid (NameSchema allows 200); percent-encoded filename > 1 KiB of KV metadata
    expect((await submit(f, key)).status).toBe(201);
    const other = 'review-bystander';
    const okey = await registerKey(other);
    expect((await submit(seedFiling(other), okey)).status).toBe(201);
    await expect(kvWritten(8_000)).resolves.toBeUndefined(); // was: path copies pending for ever
    expect(await env.FILES.get(`p/${other}/2023/1`)).not.toBeNull();
    const named = await call(`/v1/datasets/${d}/2023/versions/1/tables/income.csv`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(named.headers.get('content-disposition') ?? '')?.[1] ?? '')).toContain('某'.repeat(150));
  }, 15_000);

  it('a withdrawal with a long (Chinese) reason withdraws the files', async () => {
    const d = 'review-reason';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    expect((await call(file(d))).status).toBe(200); // the version is readable
    const res = await call(`/v1/admin/datasets/${d}/2023/versions/1/withdraw`, {
      method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '因'.repeat(150) }), // 150 ≤ 1000 characters
    });
    expect(res.status).toBe(200); // was 500: the reason overflowed KV metadata (1 KiB)
    expect((await call(file(d))).status).toBe(410); // was 200
  });
});

describe('a request that outlives its Idempotency-Key mark', () => {
  it('lets the retry through once the first attempt\'s mark has expired', async () => {
    const d = 'review-slow';
    const key = await registerKey(d);
    const body = JSON.stringify(seedFiling(d));
    // The slow first attempt: begun two minutes ago and never finished (its mark has expired).
    const begun = await reg().admit({ keyId: key.kid, x: key.jwk.x, nonce: 'slow-nonce-1', idempotencyKey: 'slow-1', requestSha256: await sha256Hex(body), now: Date.now() - 120_000, perMinute: 600, dryRun: false });
    expect(begun.kind).toBe('admitted');
    const retry = await submit(body, key, { idempotencyKey: 'slow-1' });
    expect(retry.status).toBe(201);
    const ds = (await (await call(`/v1/datasets/${d}/2023`)).json()) as { versions: unknown[] };
    expect(ds.versions).toHaveLength(1);
  });

  it('a commit under an Idempotency-Key that another request already committed does not make a second version', async () => {
    const d = 'review-slow-2';
    const key = await registerKey(d);
    const first = await submit(seedFiling(d), key, { idempotencyKey: 'slow-2' });
    expect(first.status).toBe(201);
    const body = new TextEncoder().encode(JSON.stringify(seedFiling(d))) as Uint8Array<ArrayBuffer>;
    const parsed = parseFiling(seedFiling(d));
    if (!parsed.ok) throw new Error('the seed filing is invalid');
    const prepared = await prepareVersion({ filing: parsed.filing, findings: null, submission: { bytes: body, sha256: await sha256Hex(body) } });
    const late = (requestSha256: string) => reg().commit({
      keyId: key.kid, idempotencyKey: 'slow-2', requestSha256, prepared,
      signature: { algorithm: 'ed25519', keyId: key.kid, label: 'sig1', signatureInput: '', signature: '', components: {}, signedFile: 'submission.json' },
      findings: { error: 0, warning: 0, info: 0, skipped: 0, passed: 0, unread: 0 }, origin: 'http://gongkai.test', facts: { json: '[]', cells: 0 },
    });
    const same = await late(await sha256Hex(JSON.stringify(seedFiling(d))));
    expect('replayed' in same && same.replayed.body).toBe(await first.text());
    // Another body under the key (its pending mark taken after the first request freed its own): refused, not answered with the first's receipt.
    expect(await late(await sha256Hex('{"another":"body"}'))).toEqual({ mismatch: true });
    const ds = (await (await call(`/v1/datasets/${d}/2023`)).json()) as { versions: unknown[] };
    expect(ds.versions).toHaveLength(1);
  });

  it('a latest pointer that KV would not take is written later, not left behind', async () => {
    const d = 'review-pointer';
    const key = await registerKey(d);
    const stub = env.REGISTRY.get(env.REGISTRY.idFromName('registry'));
    let refused = 0;
    const kv = new Proxy(env.FILES, {
      get(target, prop) {
        if (prop === 'put') {
          return (k: string, ...rest: unknown[]) => {
            if (k.startsWith(`l/${d}/`) && refused < 2) {
              refused++;
              return Promise.reject(new Error('injected KV failure'));
            }
            return (target.put as (...a: unknown[]) => unknown).call(target, k, ...rest);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { env: Env }).env = { ...env, FILES: kv } as Env;
    });
    try {
      for (let i = 0; i < 2; i++) expect((await submit(seedFiling(d), key)).status).toBe(201);
      await kvWritten();
      await vi.waitFor(async () => expect(await env.FILES.get(`l/${d}/2023`)).toBe('2'), { timeout: 10_000, interval: 100 });
      expect(refused).toBe(2);
    } finally {
      await runInDurableObject(stub, (instance) => {
        (instance as unknown as { env: Env }).env = env as Env;
      });
    }
  });

  it('a reader that does not see a written pack yet does not make the sequencer write it again', async () => {
    const d = 'review-propagation';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    await reg().requestPack(d, 2023, 1); // as a reader elsewhere would, before KV shows it the pack
    expect(await reg().pendingWrites()).toBe(0);
  });
});
