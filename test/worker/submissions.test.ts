import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/core/hash.ts';
import type { Env } from '../../src/worker/env.ts';
import { hotForget } from '../../src/worker/storage/hot.ts';
import { ADMIN, call, expectProblem, kvWritten, failingCommits, instrumentedKv, registerKey, seedFiling, signedInit, storageSnapshot, submit } from './support.ts';

const json = (r: Response) => r.json() as Promise<Record<string, any>>;


describe('signed submissions', () => {
  it('publishes the signed seed as version 1, readable through the read API', async () => {
    const key = await registerKey('140602-xzspfwglj');
    const res = await submit(seedFiling(), key, { idempotencyKey: 'seed-1' });
    expect(res.status).toBe(201);
    const receipt = await json(res);
    expect(receipt.version).toBe(1);
    expect(receipt.status).toBe('published');
    expect(res.headers.get('location')).toBe('http://gongkai.test/v1/datasets/140602-xzspfwglj/2023/versions/1');
    const filing = await json(await call('/v1/datasets/140602-xzspfwglj/2023/versions/1/filing.json'));
    expect(filing.department.name).toBe('朔州市朔城区行政审批服务管理局');
    const csv = await (await call('/v1/datasets/140602-xzspfwglj/2023/versions/1/tables/income-expenditure.csv')).text();
    expect(csv).toContain('1322.38');
    const manifest = await json(await call('/v1/datasets/140602-xzspfwglj/2023/versions/1/manifest.json'));
    expect(manifest.signature.keyId).toBe(key.kid);
    expect(manifest.signature.components['content-digest']).toMatch(/^sha-256=:/);
    const paths = manifest.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['filing.json', 'findings.json', 'submission.json', 'datapackage.json', 'csv-metadata.json', 'tables/income.csv', 'tables/income.json']));
  });

  it('a correction becomes the next version and never overwrites the first', async () => {
    const d = 'corr-test';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    const corrected = seedFiling(d);
    corrected.narrative.other = ['更正：补充说明。'];
    const res = await submit(corrected, key);
    expect(res.status).toBe(201);
    expect((await json(res)).status).toBe('corrected');
    const v1 = await json(await call(`/v1/datasets/${d}/2023/versions/1/filing.json`));
    const v2 = await json(await call(`/v1/datasets/${d}/2023/versions/2/filing.json`));
    expect(v1.narrative.other).toEqual(seedFiling().narrative.other);
    expect(v2.narrative.other).toEqual(['更正：补充说明。']);
    const ds = await json(await call(`/v1/datasets/${d}/2023`));
    expect(ds.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('dry run returns findings and stores nothing', async () => {
    const d = 'dry-run';
    const key = await registerKey(d);
    const before = await storageSnapshot();
    const res = await submit(seedFiling(d), key, { dryRun: true });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.dryRun).toBe(true);
    expect(body.summary.error).toBeGreaterThan(0); // the seed's 预算支出进度 82.26% is an error
    expect(body.findings.some((f: { rule: string }) => f.rule.length > 0)).toBe(true);
    expect(await storageSnapshot()).toBe(before);
  });

  describe('refusals store nothing', () => {
    const cases: [string, (k: Awaited<ReturnType<typeof registerKey>>, d: string) => Promise<Response>, number, string][] = [
      ['no signature', async (_k, d) => call('/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seedFiling(d)) }), 401, 'bad-signature'],
      ['a bad signature', async (k, d) => {
        const init = await signedInit(JSON.stringify(seedFiling(d)), k);
        const h = new Headers(init.headers);
        h.set('signature', 'sig1=:' + btoa(String.fromCharCode(...new Uint8Array(64))) + ':');
        return call('/v1/submissions', { ...init, headers: h });
      }, 401, 'bad-signature'],
      ['an unknown key', async (k, d) => submit(seedFiling(d), { ...k, kid: 'nobody-key' }), 403, 'key-refused'],
      ['another department\'s filing', async (k) => submit(seedFiling('someone-else'), k), 403, 'key-refused'],
      ['created outside ±5 minutes', async (k, d) => submit(seedFiling(d), k, { created: Math.floor(Date.now() / 1000) - 400 }), 401, 'replay'],
      ['a body that does not match its digest', async (k, d) => {
        const signed = JSON.stringify(seedFiling(d));
        const other = new TextEncoder().encode(signed.replace('1322.38', '1322.39')) as Uint8Array<ArrayBuffer>;
        return submit(signed, k, { sendBody: other });
      }, 400, 'bad-digest'],
      ['a body over 2 MiB', async (k) => submit('{"x":"' + 'a'.repeat(2 * 1024 * 1024) + '"}', k), 413, 'too-large'],
      ['another media type', async (k, d) => submit(seedFiling(d), k, { headers: { 'content-type': 'text/plain' } }), 415, 'media-type'],
      ['a filing the model rejects', async (k, d) => {
        const f = seedFiling(d) as any;
        f.tables[1].sections[0].rows[0].values.total = 'abc';
        f.year = 'last year';
        return submit(f, k);
      }, 422, 'invalid-filing'],
    ];
    for (const [name, send, status, type] of cases) {
      it(`refuses ${name} with ${status}`, async () => {
        const d = `refuse-${status}-${type}`;
        const key = await registerKey(d);
        const before = await storageSnapshot();
        const p = await expectProblem(await send(key, d), status, type);
        if (status === 422) {
          expect(p.errors).toEqual(expect.arrayContaining([
            expect.objectContaining({ path: '/tables/1/sections/0/rows/0/values/total' }),
            expect.objectContaining({ path: '/year' }),
          ]));
        }
        expect(await storageSnapshot()).toBe(before);
      });
    }

    it('refuses a revoked key and a key outside its validity with 403', async () => {
      const d = 'revoked-dept';
      const key = await registerKey(d);
      const revoke = await call(`/v1/admin/keys/${key.kid}/revoke`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'lost laptop' }) });
      expect(revoke.status).toBe(200);
      const later = await registerKey(d, { validFrom: new Date(Date.now() + 86_400_000).toISOString() });
      const expired = await registerKey(d, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' });
      const before = await storageSnapshot();
      expect((await expectProblem(await submit(seedFiling(d), key), 403, 'key-refused')).detail).toContain('revoked');
      expect((await expectProblem(await submit(seedFiling(d), later), 403, 'key-refused')).detail).toContain('valid only from');
      expect((await expectProblem(await submit(seedFiling(d), expired), 403, 'key-refused')).detail).toContain('expired');
      expect(await storageSnapshot()).toBe(before);
      const keys = await json(await call('/v1/keys'));
      const published = keys.keys.find((k: { kid: string }) => k.kid === key.kid);
      expect(published.status).toBe('revoked');
      expect(published.revokedReason).toBe('lost laptop');
    });

    it('refuses a replayed request (same nonce) as a replay', async () => {
      const d = 'replay-dept';
      const key = await registerKey(d);
      const init = await signedInit(JSON.stringify(seedFiling(d)), key);
      expect((await call('/v1/submissions', init)).status).toBe(201);
      const before = await storageSnapshot();
      await expectProblem(await call('/v1/submissions', init), 401, 'replay');
      expect(await storageSnapshot()).toBe(before);
    });
  });

  it('Idempotency-Key: a retry returns the first result; another body with the same key is 422', async () => {
    const d = 'idem-dept';
    const key = await registerKey(d);
    const first = await submit(seedFiling(d), key, { idempotencyKey: 'k-1' });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const retry = await submit(seedFiling(d), key, { idempotencyKey: 'k-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(firstBody);
    const other = seedFiling(d);
    other.narrative.other = ['不同'];
    await expectProblem(await submit(other, key, { idempotencyKey: 'k-1' }), 422, 'idempotency-mismatch');
    const ds = await json(await call(`/v1/datasets/${d}/2023`));
    expect(ds.versions).toHaveLength(1);
  });

  it('50 concurrent submissions for one department-year give 50 consecutive versions, none lost or doubled', async () => {
    const d = 'concurrent-dept';
    const key = await registerKey(d);
    const filings = Array.from({ length: 50 }, (_, i) => {
      const f = seedFiling(d);
      f.narrative.other = [`第${i}次提交`];
      return f;
    });
    const results = await Promise.all(filings.map((f) => submit(f, key)));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const versions = (await Promise.all(results.map(json))).map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const ds = await json(await call(`/v1/datasets/${d}/2023`));
    expect(ds.versions.map((v: { version: number }) => v.version)).toEqual(versions);
    // every version holds the filing that was submitted for it
    const texts = new Set<string>();
    for (const n of [1, 25, 50]) texts.add((await json(await call(`/v1/datasets/${d}/2023/versions/${n}/filing.json`))).narrative.other[0]);
    expect(texts.size).toBe(3);
    const changes = await json(await call('/v1/changes?since=0&limit=1000'));
    const mine = changes.results.filter((c: { departmentId: string }) => c.departmentId === d);
    expect(mine.map((c: { version: number }) => c.version).sort((a: number, b: number) => a - b)).toEqual(versions);
  }, 120_000);

  it('a commit that fails leaves no visible version; the retry with the same Idempotency-Key succeeds once', async () => {
    const d = 'failing-commit';
    const key = await registerKey(d);
    const before = await storageSnapshot();
    const failed = await submit(seedFiling(d), key, { idempotencyKey: 'retry-me', bindings: { REGISTRY: failingCommits(env.REGISTRY, 'before') } });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await call(`/v1/datasets/${d}/2023`)).status).toBe(404);
    expect((await call(`/v1/datasets/${d}/2023/versions/1/filing.json`)).status).toBe(404);
    expect(await storageSnapshot()).toBe(before); // not a KV key, not a change, not a catalog entry

    const retry = await submit(seedFiling(d), key, { idempotencyKey: 'retry-me' });
    expect(retry.status).toBe(201);
    expect((await json(retry)).version).toBe(1);
    const again = await submit(seedFiling(d), key, { idempotencyKey: 'retry-me' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(await call(`/v1/datasets/${d}/2023`))).versions).toHaveLength(1);
  });

  it('a commit whose answer is lost is not made twice by the retry', async () => {
    const d = 'lost-answer';
    const key = await registerKey(d);
    const failed = await submit(seedFiling(d), key, { idempotencyKey: 'lost-1', bindings: { REGISTRY: failingCommits(env.REGISTRY, 'after') } });
    expect(failed.status).toBe(503);
    expect((await json(failed)).title).toBe('Outcome unknown');
    const retry = await submit(seedFiling(d), key, { idempotencyKey: 'lost-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(retry)).version).toBe(1);
    expect((await json(await call(`/v1/datasets/${d}/2023`))).versions).toHaveLength(1);
  });

  it('KV failing after the commit loses nothing: the version is served whole meanwhile, and its pack lands once KV recovers', async () => {
    const d = 'failing-kv';
    const key = await registerKey(d);
    const stub = env.REGISTRY.get(env.REGISTRY.idFromName('registry'));
    const { kv, counts } = instrumentedKv(env.FILES, { failPutsAfter: 0 });
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { env: Env }).env = { ...env, FILES: kv } as Env; // the sequencer's alarm writes to a failing KV
    });
    try {
      const first = await submit(seedFiling(d), key, { idempotencyKey: 'kv-down' });
      expect(first.status).toBe(201);
      const receipt = await first.text();
      await vi.waitFor(() => expect(counts.put).toBeGreaterThan(0)); // the alarm tried, and failed
      expect(await env.FILES.get(`p/${d}/2023/1`)).toBeNull();
      const version = await json(await call(`/v1/datasets/${d}/2023/versions/1`));
      for (const f of version.files as { path: string; sha256: string; href: string }[]) {
        const r = await call(f.href);
        expect(r.status, f.path).toBe(200);
        expect(await sha256Hex(new Uint8Array(await r.arrayBuffer())), f.path).toBe(f.sha256);
      }
      const retry = await submit(seedFiling(d), key, { idempotencyKey: 'kv-down' });
      expect(await retry.text()).toBe(receipt);
      expect((await json(await call(`/v1/datasets/${d}/2023`))).versions).toHaveLength(1);
    } finally {
      await runInDurableObject(stub, (instance) => {
        (instance as unknown as { env: Env }).env = env as Env;
      });
    }
    await runDurableObjectAlarm(stub);
    await kvWritten();
    expect(await env.FILES.get(`p/${d}/2023/1`)).not.toBeNull();
    expect((await call(`/v1/datasets/${d}/2023/versions/1/tables/income.csv`)).status).toBe(200);
  });

  it('rate-limits a key with 429 and Retry-After', async () => {
    const d = 'rate-dept';
    const key = await registerKey(d);
    const bindings = { RATE_LIMIT_PER_MINUTE: '3' };
    for (let i = 0; i < 3; i++) expect((await submit(seedFiling(d), key, { dryRun: true, bindings })).status).toBe(200);
    const res = await submit(seedFiling(d), key, { dryRun: true, bindings });
    await expectProblem(res, 429, 'rate-limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('admin routes need the administrator credential', async () => {
    const res = await call('/v1/admin/keys', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{}' });
    await expectProblem(res, 401, 'admin-required');
  });
});

describe('after the commit', () => {
  it('a version is read whole before its pack exists, from the bundle and the sequencer', async () => {
    const d = 'copies-missing';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    expect(await env.FILES.get(`p/${d}/2023/1`)).not.toBeNull();
    await env.FILES.delete(`p/${d}/2023/1`);
    await env.FILES.delete(`l/${d}/2023`);
    const version = await (await call(`/v1/datasets/${d}/2023/versions/1`)).json() as { files: { path: string; sha256: string; bytes: number; href: string }[] };
    for (const f of version.files) {
      const r = await call(f.href);
      expect(r.status, f.path).toBe(200);
      expect(r.headers.get('etag'), f.path).toBe(`"${f.sha256}"`);
      expect((await r.arrayBuffer()).byteLength, f.path).toBe(f.bytes);
    }
    expect((await call(`/v1/datasets/${d}/2023/versions/latest/filing.json`)).status).toBe(200);
  });

  it('the sequencer lets go of a version\'s files once its pack has had time to be seen everywhere, keeping the manifest', async () => {
    const d = 'released';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    const stub = env.REGISTRY.get(env.REGISTRY.idFromName('registry'));
    const held = () => runInDurableObject(stub, (instance) => {
      const sql = (instance as unknown as { sql: SqlStorage }).sql;
      return Number(sql.exec('SELECT COALESCE(SUM(LENGTH(data)), 0) AS b FROM held WHERE department_id = ?', d).one().b);
    });
    expect(await held()).toBeGreaterThan(10_000); // the version's pack (compressed), for reads before KV shows it everywhere
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { sql: SqlStorage }).sql.exec('UPDATE releases SET release_at = 1 WHERE department_id = ?', d); // as if two minutes had passed
    });
    await runDurableObjectAlarm(stub);
    expect(await held()).toBe(0);
    const version = await (await call(`/v1/datasets/${d}/2023/versions/1`)).json() as { files: { path: string; sha256: string; href: string }[] };
    expect(version.files.length).toBeGreaterThan(20);
    for (const f of version.files) {
      const r = await call(f.href); // from the pack
      expect(r.status, f.path).toBe(200);
      expect(await sha256Hex(new Uint8Array(await r.arrayBuffer())), f.path).toBe(f.sha256);
    }
    await env.FILES.delete(`p/${d}/2023/1`); // a pack lost after the release: a clear answer, never a crash
    hotForget(`p/${d}/2023/1`); // nor from this isolate's cache
    expect((await call(`/v1/datasets/${d}/2023/versions/1/manifest.json`)).status).toBe(200);
    const lost = await call(`/v1/datasets/${d}/2023/versions/1/filing.json`);
    expect(lost.status).toBe(503);
    expect((await call(`/v1/datasets/${d}/2023/versions/1/tables/nothing.csv`)).status).toBe(404); // the manifest says what exists
    expect(lost.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
