// The transparency log as the Worker keeps it: every key change, publication and withdrawal is an entry,
// chained and signed by the platform key, written in the same transaction as what it records; a version
// downloads as one pack that holds exactly its manifest's files.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { LogEntry, LogPage, PlatformKey } from '../../src/core/contract/log.ts';
import { parseManifest } from '../../src/core/contract/manifest.ts';
import type { VersionDocument } from '../../src/core/contract/version.ts';
import { EMPTY_HEAD, entryProblem, fingerprint, headOf } from '../../src/core/log/chain.ts';
import { LogReplay } from '../../src/core/log/replay.ts';
import { sha256Hex } from '../../src/core/hash.ts';
import { inflate } from '../../src/core/pack.ts';
import type { Env } from '../../src/worker/env.ts';
import { backfill } from '../../src/worker/storage/registry/backfill.ts';
import { ADMIN, call, kvWritten, registerKey, seedFiling, submit } from './support.ts';

async function wholeLog(): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let next: string | null = '/v1/log?limit=2';
  while (next) {
    const page = (await (await call(next)).json()) as LogPage;
    entries.push(...page.entries);
    next = page.next;
  }
  return entries;
}

/** Verify the whole chain as a mirror does, pinned to the key the Worker was given. */
async function verifyAll(entries: LogEntry[], x: string): Promise<LogReplay> {
  const replay = new LogReplay();
  let head = EMPTY_HEAD;
  for (const e of entries) {
    expect(await entryProblem(e, head, x), `entry ${e.seq}`).toBeNull();
    expect(replay.apply(e), `entry ${e.seq}`).toBeNull();
    head = headOf(e);
  }
  return replay;
}

const platformX = () => (JSON.parse((env as Env).PLATFORM_SIGNING_KEY!) as { x: string }).x;

describe('the transparency log', () => {
  it('starts with the platform key, and records a registration, a publication and a withdrawal, each signed and chained', async () => {
    const key = (await (await call('/v1/log/key')).json()) as PlatformKey;
    expect(key.x).toBe(platformX());
    expect(key.fingerprint).toBe(await fingerprint(platformX()));

    const k = await registerKey('log-dept-1');
    const published = await submit(seedFiling('log-dept-1'), k);
    expect(published.status).toBe(201);
    const withdrawn = await call('/v1/admin/datasets/log-dept-1/2023/versions/1/withdraw', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '测试撤回' }) });
    expect(withdrawn.status).toBe(200);
    const withdrawal = (await withdrawn.json()) as { log: { seq: number; hash: string } };

    const entries = await wholeLog();
    expect(entries[0]).toMatchObject({ seq: 1, kind: 'platform-key', x: platformX(), prev: null });
    const replay = await verifyAll(entries, platformX());
    expect(replay.keys.get(k.kid)).toMatchObject({ departmentId: 'log-dept-1', x: k.jwk.x, revokedAt: null });
    const v1 = replay.versions.get('log-dept-1/2023/1')!;
    expect(v1.status).toBe('withdrawn');
    expect(v1.withdrawn).toMatchObject({ reason: '测试撤回', seq: withdrawal.log.seq, hash: withdrawal.log.hash });

    // The version document names both entries; the manifest's digest and time are the entry's.
    const doc = (await (await call('/v1/datasets/log-dept-1/2023/versions/1')).json()) as VersionDocument;
    expect(doc.log.published).toEqual({ seq: v1.seq, hash: v1.hash });
    expect(doc.log.withdrawn).toEqual(withdrawal.log);
    expect(doc.sha256).toBe(v1.manifestSha256);
    expect(doc.publishedAt).toBe(v1.publishedAt);

    // The key list names each key's entry, so that a reader takes the key from the signed log.
    const listed = ((await (await call('/v1/keys')).json()) as { keys: { kid: string; log: unknown }[] }).keys.find((x) => x.kid === k.kid)!;
    expect(listed.log).toEqual({ registered: replay.keys.get(k.kid)!.log.registered, revoked: null });

    // One entry by its number, for good.
    const one = await call(`/v1/log/${v1.seq}`);
    expect(one.headers.get('cache-control')).toMatch(/immutable/);
    expect(await one.json()).toEqual(entries[v1.seq - 1]);
    expect((await call('/v1/log/999999')).status).toBe(404);
  });

  it('records a revocation once, and a tampered entry no longer verifies', async () => {
    const k = await registerKey('log-dept-2');
    const revoke = () => call(`/v1/admin/keys/${k.kid}/revoke`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '密钥泄露' }) });
    expect((await revoke()).status).toBe(200);
    expect((await revoke()).status).toBe(200);
    const entries = await wholeLog();
    expect(entries.filter((e) => e.kind === 'key-revoked' && e.keyId === k.kid)).toHaveLength(1);
    const replay = await verifyAll(entries, platformX());
    const listed = ((await (await call('/v1/keys')).json()) as { keys: { kid: string; log: unknown }[] }).keys.find((x) => x.kid === k.kid)!;
    expect(listed.log).toEqual(replay.keys.get(k.kid)!.log);
    expect(replay.keys.get(k.kid)!.log.revoked).not.toBeNull();

    const i = entries.findIndex((e) => e.kind === 'key-registered' && e.keyId === k.kid);
    const forged = { ...entries[i]!, x: entries[0]!.kind === 'platform-key' ? entries[0]!.x : '' } as LogEntry;
    expect(await entryProblem(forged, headOf(entries[i - 1]!), platformX())).toMatch(/hash is not the hash of its content/);
    const rehashed = { ...forged, hash: await sha256Hex('x') };
    expect(await entryProblem(rehashed, headOf(entries[i - 1]!), platformX())).toMatch(/hash|signature/);
    // Pinned to another key, the first entry is refused.
    expect(await entryProblem(entries[0]!, EMPTY_HEAD, k.jwk.x)).toMatch(/not the trusted/);
  });

  it('pages with a cursor, and refuses a bad one with a problem', async () => {
    const all = await wholeLog();
    const page = (await (await call('/v1/log?since=1&limit=1')).json()) as LogPage;
    expect(page.entries.map((e) => e.seq)).toEqual([2]);
    expect(page.head.size).toBe(all.length);
    expect(page.next).toBe('/v1/log?since=2&limit=1');
    const last = (await (await call(`/v1/log?since=${all.length}`)).json()) as LogPage;
    expect(last).toMatchObject({ entries: [], next: null, head: { size: all.length, hash: all.at(-1)!.hash } });
    const bad = await call('/v1/log?since=-1');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('a version as one pack', () => {
  it('holds exactly the manifest and its files, byte for byte what the per-file URLs serve', async () => {
    const k = await registerKey('pack-dept-1');
    expect((await submit(seedFiling('pack-dept-1'), k)).status).toBe(201);
    for (const when of ['held by the sequencer', 'from KV']) {
      if (when === 'from KV') await kvWritten();
      const r = await call('/v1/packs/pack-dept-1/2023/1');
      expect(r.status, when).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/gzip');
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(r.headers.get('etag')).toBe(`"${await sha256Hex(bytes)}"`);
      const pack = (await inflate(bytes))!;
      const manifestBytes = pack.get('manifest.json')!.body;
      const manifest = parseManifest(new TextDecoder().decode(manifestBytes))!;
      expect(pack.paths().sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
      for (const f of manifest.files) expect(await sha256Hex(pack.get(f.path)!.body.slice()), f.path).toBe(f.sha256);
      const served = new Uint8Array(await (await call('/v1/datasets/pack-dept-1/2023/versions/1/tables/fiscal-income-expenditure.csv')).arrayBuffer());
      expect(pack.get('tables/fiscal-income-expenditure.csv')!.body.slice()).toEqual(served);
      const doc = (await (await call('/v1/datasets/pack-dept-1/2023/versions/1')).json()) as VersionDocument;
      expect(await sha256Hex(manifestBytes.slice())).toBe(doc.sha256);
    }
    expect((await call('/v1/packs/pack-dept-1/2023/7')).status).toBe(404);
    expect((await call('/v1/packs/pack-dept-1/2023/x')).status).toBe(404);
  });

  it('answers 410 with the reason once withdrawn', async () => {
    const k = await registerKey('pack-dept-2');
    expect((await submit(seedFiling('pack-dept-2'), k)).status).toBe(201);
    await call('/v1/admin/datasets/pack-dept-2/2023/versions/1/withdraw', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '数据有误' }) });
    await kvWritten();
    const r = await call('/v1/packs/pack-dept-2/2023/1');
    expect(r.status).toBe(410);
    expect(await r.json()).toMatchObject({ reason: '数据有误' });
  });
});

describe('a store made before the log', () => {
  it('gets a log that records its keys and versions in the order they happened', async () => {
    const stub = env.REGISTRY.get(env.REGISTRY.idFromName('backfill-test'));
    const events = await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("INSERT INTO keys (key_id, department_id, x, created_at, revoked_at, revoked_reason) VALUES ('k1', 'd-one', ?, '2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', 'lost')", platformX());
      sql.exec("INSERT INTO changes (department_id, year, n, kind, at, manifest_sha, reason) VALUES ('d-one', 2023, 1, 'published', '2024-02-01T00:00:00.000Z', ?, NULL)", 'a'.repeat(64));
      sql.exec("INSERT INTO changes (department_id, year, n, kind, at, manifest_sha, reason) VALUES ('d-one', 2023, 1, 'withdrawn', '2024-07-01T00:00:00.000Z', ?, 'wrong')", 'a'.repeat(64));
      return backfill(sql);
    });
    expect(events.map((e) => [e.body.kind, e.at])).toEqual([
      ['key-registered', '2024-01-01T00:00:00.000Z'],
      ['version-published', '2024-02-01T00:00:00.000Z'],
      ['key-revoked', '2024-06-01T00:00:00.000Z'],
      ['version-withdrawn', '2024-07-01T00:00:00.000Z'],
    ]);
    const replay = new LogReplay();
    events.forEach((e, i) => expect(replay.apply({ ...e.body, seq: i + 2, at: e.at } as LogEntry)).toBeNull());
  });
});
