// A department's genuine signed submission published again by a platform that holds its key (issue 15
// review, F4), and a version signed by a revoked key placed after the revocation with a back-dated time
// (F5): on hand-made versions signed with real department keys, without a server. A version is kept only
// when the signed filing is for the dataset the log names, its signature (key and nonce) is not one an
// earlier version of the log was kept with, its key was not revoked by an earlier entry, and the
// signature was created before the entry published it (and not long before the key was registered).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimHeld, CLOCK_SKEW_MS, verifyVersion, type FileSet } from '../../../src/cli/mirror/version.ts';
import type { KeyFile } from '../../../src/cli/files.ts';
import type { LogEntry } from '../../../src/core/contract/log.ts';
import type { Manifest, StoredSignature } from '../../../src/core/contract/manifest.ts';
import { jwkSigner, sealEntry } from '../../../src/core/log/chain.ts';
import { LogReplay, type LoggedKey, type LoggedVersion } from '../../../src/core/log/replay.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { signAs } from './forge.ts';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (s: string) => new TextEncoder().encode(s);
const TARGET = 'https://gongkai.example/v1/submissions';
const findings = text(JSON.stringify({ summary: { error: 0, warning: 0, info: 0, skipped: 0, passed: 1, unread: 0 } }));
const filingOf = (departmentId: string, year: number, note = '') =>
  ({ department: { id: departmentId, name: '某局', regionCode: '140602' }, year, template: 'shanxi-2023', note });

async function departmentKey(departmentId: string): Promise<KeyFile> {
  const kid = `${departmentId}-key`;
  return { ...(await generateKeyPair(kid)).privateJwk, kid, departmentId };
}

const loggedKey = (k: KeyFile, over: Partial<LoggedKey> = {}): LoggedKey => ({
  keyId: k.kid, departmentId: k.departmentId, x: k.x, validFrom: null, validUntil: null, revokedAt: null, revokedReason: null,
  registeredAt: new Date(Date.now() - 60_000).toISOString(), log: { registered: { seq: 2, hash: 'e'.repeat(64) }, revoked: null }, ...over,
});

/** A submission as the department signed it. */
async function signed(k: KeyFile, body: unknown): Promise<{ submission: Uint8Array; signature: StoredSignature }> {
  const submission = text(JSON.stringify(body, null, 2) + '\n');
  return { submission, signature: await signAs(k, submission, TARGET) };
}

/** A version of those signed bytes as the platform would publish it under (d, y, n), and its log entry at `seq`. */
function version(s: { submission: Uint8Array; signature: StoredSignature }, d: string, y: number, n: number, seq: number, publishedAt = new Date().toISOString()) {
  const files = new Map<string, Uint8Array>([['filing.json', s.submission], ['findings.json', findings], ['submission.json', s.submission]]);
  const manifest: Manifest = {
    format: 'gongkai.manifest/1', departmentId: d, year: y, version: n, publishedAt, filingSha256: sha(s.submission), ...(n > 1 ? { corrects: n - 1 } : {}),
    files: [...files].map(([path, b]) => ({ path, mediaType: 'application/json', bytes: b.byteLength, sha256: sha(b) })), signature: s.signature,
  };
  const body = text(JSON.stringify(manifest, null, 2) + '\n');
  files.set('manifest.json', body);
  const set: FileSet = { paths: () => [...files.keys()], get: (p) => files.get(p) };
  const entry: LoggedVersion = { departmentId: d, year: y, version: n, manifestSha256: sha(body), publishedAt, status: 'published', seq, hash: 'f'.repeat(64), withdrawn: null };
  return { set, entry };
}

const problemOf = async (r: Promise<Awaited<ReturnType<typeof verifyVersion>>>) => {
  const x = await r;
  return x.ok ? null : x.problem;
};

describe('a genuine submission published again (F4)', () => {
  it('is refused under another year or department than the one the department signed, naming both', async () => {
    const k = await departmentKey('rva');
    const keys = new Map([[k.kid, loggedKey(k)]]);
    const s = await signed(k, filingOf('rva', 2023));
    const as2024 = version(s, 'rva', 2024, 1, 5);
    expect(await problemOf(verifyVersion(as2024.set, as2024.entry, keys))).toBe('the department signed a filing for rva 2023, but the log (entry 5) publishes it as rva/2024 version 1');
    // An envelope (gongkai.submission/1) carries the filing: the same rule.
    const e = await signed(k, { format: 'gongkai.submission/1', filing: filingOf('rva', 2023) });
    const envelope = version(e, 'rva', 2024, 1, 5);
    expect(await problemOf(verifyVersion(envelope.set, envelope.entry, keys))).toContain('signed a filing for rva 2023, but the log (entry 5) publishes it as rva/2024 version 1');
    // --reproduce refuses it too, and never throws.
    expect(await problemOf(verifyVersion(as2024.set, as2024.entry, keys, { reproduce: true }))).toContain('signed a filing for rva 2023');
    const own = version(s, 'rva', 2023, 1, 5);
    expect(await problemOf(verifyVersion(own.set, own.entry, keys))).toBeNull();
  });

  it('is refused as a later version: the signature an earlier version was kept with is a replay, whichever is verified first', async () => {
    const k = await departmentKey('rva');
    const keys = new Map([[k.kid, loggedKey(k)]]);
    const v1 = await signed(k, filingOf('rva', 2023));
    const v2 = await signed(k, filingOf('rva', 2023, 'correction'));
    const first = version(v1, 'rva', 2023, 1, 3);
    const second = version(v2, 'rva', 2023, 2, 4);
    const rollback = version(v1, 'rva', 2023, 3, 11);
    // Verified at once (as a mirror run does, several at a time), the replay begun first: it waits for the earlier.
    const [r3, r1, r2] = await Promise.all([problemOf(verifyVersion(rollback.set, rollback.entry, keys)), problemOf(verifyVersion(first.set, first.entry, keys)), problemOf(verifyVersion(second.set, second.entry, keys))]);
    expect(r1).toBeNull();
    expect(r2).toBeNull();
    expect(r3).toBe(`the department's signature (key ${k.kid}, nonce ${/nonce="([^"]+)"/.exec(v1.signature.signatureInput)![1]}) is the one rva/2023 version 1 (entry 3) was published with: a submission is published once, so this is a replay`);
    // The earlier one, verified again (a restore), is still itself.
    expect(await problemOf(verifyVersion(first.set, first.entry, keys))).toBeNull();
  });

  it('is refused in a later run too: a version held from an earlier run claims its signature (claimHeld)', async () => {
    const k = await departmentKey('rva');
    const v1 = await signed(k, filingOf('rva', 2023));
    const first = version(v1, 'rva', 2023, 1, 3);
    const rollback = version(v1, 'rva', 2023, 3, 11);
    // A later run: a new replay of the log (a new key map), which verifies only what is new.
    const keys = new Map([[k.kid, loggedKey(k)]]);
    expect(await problemOf(verifyVersion(rollback.set, rollback.entry, new Map(keys)))).toBeNull(); // unclaimed, it would pass
    claimHeld(keys, first.entry, JSON.parse(new TextDecoder().decode(first.set.get('manifest.json')!)) as Manifest);
    expect(await problemOf(verifyVersion(rollback.set, rollback.entry, keys))).toMatch(/is the one rva\/2023 version 1 \(entry 3\) was published with: .* a replay$/);
  });

  it('an earlier version that was refused does not make a later one a replay', async () => {
    const k = await departmentKey('rva');
    const keys = new Map([[k.kid, loggedKey(k)]]);
    const s = await signed(k, filingOf('rva', 2023));
    const broken = version(s, 'rva', 2023, 1, 3);
    const damaged: FileSet = { paths: broken.set.paths, get: (p) => (p === 'findings.json' ? text('{}') : broken.set.get(p)) };
    expect(await problemOf(verifyVersion(damaged, broken.entry, keys))).toMatch(/^findings\.json: sha256/);
    const later = version(s, 'rva', 2023, 2, 4);
    expect(await problemOf(verifyVersion(later.set, later.entry, keys))).toBeNull();
  });
});

describe('a key revoked, and a version placed after it with a back-dated time (F5)', () => {
  it('is refused by the log\'s order, whatever time the platform wrote', async () => {
    const k = await departmentKey('rvb');
    const publishedAt = new Date().toISOString();
    // Revoked by entry 10, "later" than the version's time: only the order says the version came after.
    const keys = new Map([[k.kid, loggedKey(k, { revokedAt: new Date(Date.now() + 60_000).toISOString(), revokedReason: 'stolen', log: { registered: { seq: 2, hash: 'e'.repeat(64) }, revoked: { seq: 10, hash: 'd'.repeat(64) } } })]]);
    const v = version(await signed(k, filingOf('rvb', 2023)), 'rvb', 2023, 2, 11, publishedAt);
    expect(await problemOf(verifyVersion(v.set, v.entry, keys))).toBe(`the department's signature is by key ${k.kid}, which the log revoked (entry 10) before the version (entry 11)`);
    const before = version(await signed(k, filingOf('rvb', 2023)), 'rvb', 2023, 2, 9, publishedAt);
    expect(await problemOf(verifyVersion(before.set, before.entry, keys))).toBeNull();
  });

  it('a signature created after the entry that published it, or long before its key was registered, is refused', async () => {
    const k = await departmentKey('rvb');
    const keys = new Map([[k.kid, loggedKey(k)]]);
    const s = await signed(k, filingOf('rvb', 2023));
    const backdated = version(s, 'rvb', 2023, 1, 4, new Date(Date.now() - CLOCK_SKEW_MS - 60_000).toISOString());
    expect(await problemOf(verifyVersion(backdated.set, backdated.entry, keys))).toMatch(/^the department's signature was created at .*, after the version was published \(.*, entry 4\) by more than 300 s$/);
    const skewed = version(s, 'rvb', 2023, 1, 4, new Date(Date.now() - CLOCK_SKEW_MS + 60_000).toISOString());
    expect(await problemOf(verifyVersion(skewed.set, skewed.entry, new Map([[k.kid, loggedKey(k)]])))).toBeNull();
    const late = new Map([[k.kid, loggedKey(k, { registeredAt: new Date(Date.now() + CLOCK_SKEW_MS + 60_000).toISOString() })]]);
    const v = version(s, 'rvb', 2023, 1, 4, new Date(Date.now() + 2 * CLOCK_SKEW_MS).toISOString());
    expect(await problemOf(verifyVersion(v.set, v.entry, late))).toMatch(/^the department's signature was created at .*, before its key rvb-key was registered/);
  });

  it('a log whose times go back is refused at the entry that goes back; the first entry is the log\'s start', async () => {
    const { privateJwk } = await generateKeyPair('platform');
    const sign = await jwkSigner(privateJwk);
    const entries: LogEntry[] = [];
    let head = { size: 0, hash: null as string | null };
    const add = async (at: string, body: Parameters<typeof sealEntry>[2]) => {
      const e = await sealEntry(head, at, body, sign);
      entries.push(e);
      head = { size: e.seq, hash: e.hash };
    };
    // A store made before the log: its history follows the first entry with its own, earlier, times.
    await add('2026-12-01T19:00:00.000Z', { kind: 'platform-key', keyId: 'platform', x: privateJwk.x });
    await add('2026-01-01T00:00:00.000Z', { kind: 'key-registered', keyId: 'rvb-key', departmentId: 'rvb', x: privateJwk.x, validFrom: null, validUntil: null });
    await add('2026-12-01T19:40:00.000Z', { kind: 'key-revoked', keyId: 'rvb-key', reason: 'stolen' });
    await add('2026-12-01T19:40:00.000Z', { kind: 'version-published', departmentId: 'rvb', year: 2023, version: 1, manifestSha256: 'a'.repeat(64) });
    await add('2026-12-01T19:35:00.000Z', { kind: 'version-published', departmentId: 'rvb', year: 2023, version: 2, manifestSha256: 'b'.repeat(64) });
    const replay = new LogReplay();
    expect(entries.slice(0, 4).map((e) => replay.apply(e))).toEqual([null, null, null, null]);
    expect(replay.apply(entries[4]!)).toBe('entry 5 is dated 2026-12-01T19:35:00.000Z, before entry 4 (2026-12-01T19:40:00.000Z); the log\'s times never go back');
    expect(replay.versions.has('rvb/2023/2')).toBe(false);
  });
});
