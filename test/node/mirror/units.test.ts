// The mirror's small rules, without a server: how --trust names a key and when a pin may change, what a
// version must be to be kept (offline, on hand-made files), how a dataset's record follows its versions
// as the ledger's does, the key list's order, where files may go on disk.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/exit.ts';
import { datasetRecord, keySetBytes, type DatasetVersion } from '../../../src/cli/mirror/render.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { choosePin, parseTrust } from '../../../src/cli/mirror/trust.ts';
import { verifyVersion, type FileSet } from '../../../src/cli/mirror/version.ts';
import { versionSignatureProblem } from '../../../src/cli/mirror/verify.ts';
import type { Manifest } from '../../../src/core/contract/manifest.ts';
import type { VersionRecord } from '../../../src/core/ledger/records.ts';
import { fingerprint } from '../../../src/core/log/chain.ts';
import type { LoggedKey, LoggedVersion } from '../../../src/core/log/replay.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'gongkai-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const codeOf = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as CliError).code;

describe('--trust', () => {
  it('names a key by fingerprint (with or without sha256:), by x, or by a public JWK file', async () => {
    const { publicJwk } = await generateKeyPair('p');
    const fp = await fingerprint(publicJwk.x);
    expect(await parseTrust(fp)).toEqual({ fingerprint: fp, x: null });
    expect(await parseTrust(fp.slice(7).toUpperCase())).toEqual({ fingerprint: fp, x: null });
    expect(await parseTrust(publicJwk.x)).toEqual({ fingerprint: fp, x: publicJwk.x });
    const file = join(dir, 'platform-key.json');
    writeFileSync(file, JSON.stringify({ ...publicJwk, alg: 'Ed25519', fingerprint: fp }));
    expect(await parseTrust(file)).toEqual({ fingerprint: fp, x: publicJwk.x });
  });

  it('refuses a file whose fingerprint is not its key\'s, a small-order key, and what is no key (exit 2)', async () => {
    const { publicJwk } = await generateKeyPair('p');
    const file = join(dir, 'altered.json');
    writeFileSync(file, JSON.stringify({ ...publicJwk, fingerprint: `sha256:${'1'.repeat(64)}` }));
    expect(await codeOf(parseTrust(file))).toBe(2);
    expect(await codeOf(parseTrust('A'.repeat(43)))).toBe(2); // 32 zero bytes: small order
    expect(await codeOf(parseTrust('not a key'))).toBe(2);
  });

  it('is needed for a new mirror, and may not name another key than the one pinned', async () => {
    const a = { fingerprint: `sha256:${'a'.repeat(64)}`, x: null };
    const b = { fingerprint: `sha256:${'b'.repeat(64)}`, x: 'B'.repeat(43) };
    expect(() => choosePin(null, null, 'http://s')).toThrow(/a new mirror needs/);
    expect(choosePin(null, a, 'http://s')).toEqual(a);
    expect(choosePin(a, null, 'http://s')).toEqual(a);
    expect(choosePin({ ...b, x: null }, b, 'http://s')).toEqual(b);
    expect(() => choosePin(a, b, 'http://s')).toThrow(/pinned to platform key sha256:a+, but --trust names sha256:b+/);
  });
});

describe('a version is kept only whole and as the log names it', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const filing = text(JSON.stringify({ department: { name: '某局', regionCode: '140602' }, template: 'shanxi-2023' }));
  const findings = text(JSON.stringify({ summary: { error: 0, warning: 1, info: 0, skipped: 0, passed: 3, unread: 0 } }));
  const submission = filing;
  const files = new Map<string, Uint8Array>([['filing.json', filing], ['findings.json', findings], ['submission.json', submission]]);
  const manifest: Manifest = {
    format: 'gongkai.manifest/1', departmentId: 'd-1', year: 2023, version: 1, publishedAt: '2024-01-01T00:00:00.000Z', filingSha256: sha(filing),
    files: [...files].map(([path, b]) => ({ path, mediaType: 'application/json', bytes: b.byteLength, sha256: sha(b) })),
    signature: { algorithm: 'ed25519', keyId: 'k-1', label: 'sig1', signatureInput: '', signature: '', components: {}, signedFile: 'submission.json' },
  };
  const manifestBody = text(JSON.stringify(manifest, null, 2));
  const logged = (over: Partial<LoggedVersion> = {}): LoggedVersion => ({
    departmentId: 'd-1', year: 2023, version: 1, manifestSha256: sha(manifestBody), publishedAt: manifest.publishedAt, status: 'published', seq: 5, hash: 'f'.repeat(64), withdrawn: null, ...over,
  });
  const set = (m: Map<string, Uint8Array>): FileSet => ({ paths: () => [...m.keys()], get: (p) => m.get(p) });
  const all = () => new Map([...files, ['manifest.json', manifestBody]]);
  const key = (seq: number): LoggedKey => ({ keyId: 'k-1', departmentId: 'd-1', x: 'A'.repeat(43), validFrom: null, validUntil: null, revokedAt: null, revokedReason: null, registeredAt: '2023-01-01T00:00:00.000Z', log: { registered: { seq, hash: 'e'.repeat(64) }, revoked: null } });
  const problem = async (m: Map<string, Uint8Array>, v: LoggedVersion, keys = new Map<string, LoggedKey>()) => {
    const r = await verifyVersion(set(m), v, keys);
    return r.ok ? null : r.problem;
  };

  it('refuses a manifest the log does not name, one of another version or time', async () => {
    expect(await problem(all(), logged({ manifestSha256: '0'.repeat(64) }))).toMatch(/^manifest\.json: sha256 [0-9a-f]{64} differs from the log's \(entry 5\) 0{64}$/);
    expect(await problem(all(), logged({ version: 2 }))).toContain('it describes d-1/2023 version 1');
    expect(await problem(all(), logged({ publishedAt: '2025-01-01T00:00:00.000Z' }))).toContain('the log (entry 5) at 2025-01-01');
  });

  it('refuses a file more, a file fewer, a file changed', async () => {
    expect(await problem(new Map([...all(), ['tables/extra.csv', text('x')]]), logged())).toContain('it holds tables/extra.csv, which the manifest does not list');
    const fewer = all();
    fewer.delete('findings.json');
    expect(await problem(fewer, logged())).toContain('it lacks findings.json');
    expect(await problem(new Map([...all(), ['findings.json', text('{}')]]), logged())).toMatch(/^findings\.json: sha256 .* differs from the manifest's/);
  });

  it('refuses a signature by a key the log never registered, or registered after the version (keys never come from /v1/keys)', async () => {
    expect(await problem(all(), logged())).toContain('key k-1, which the transparency log never registered');
    expect(await problem(all(), logged(), new Map([['k-1', key(9)]]))).toContain('which the log registered (entry 9) only after the version (entry 5)');
    expect(await problem(all(), logged(), new Map([['k-1', key(2)]]))).toMatch(/^the department's signature does not verify: /);
  });

  it('a key revoked before the version was published does not vouch for it; one revoked after does', async () => {
    const revoked = (at: string) => new Map([['k-1', { ...key(2), revokedAt: at }]]);
    expect(await versionSignatureProblem(manifest, submission, revoked('2023-12-31T00:00:00.000Z'))).toMatch(/revoked at .* before the version was published/);
    expect(await versionSignatureProblem(manifest, submission, revoked('2024-06-01T00:00:00.000Z'))).not.toMatch(/revoked/);
  });
});

describe('a dataset\'s record follows its versions as the ledger\'s does', () => {
  const names = { departmentName: '某局', regionCode: '140602', template: 'shanxi-2023' };
  const summary = (error: number) => ({ error, warning: 0, info: 0, skipped: 0, passed: 0, unread: 0 });
  const v = (n: number, seq: number, withdrawn?: number): DatasetVersion => {
    const record: VersionRecord = {
      departmentId: 'd-1', year: 2023, version: n, publishedAt: `2024-01-0${n}T00:00:00.000Z`, status: withdrawn ? 'withdrawn' : 'published',
      withdrawnAt: withdrawn ? `2024-02-0${withdrawn}T00:00:00.000Z` : null, withdrawnReason: withdrawn ? 'x' : null, filingSha256: 'a'.repeat(64), manifestSha256: 'b'.repeat(64), keyId: 'k', findings: summary(n),
    };
    return { record, logged: { departmentId: 'd-1', year: 2023, version: n, manifestSha256: 'b'.repeat(64), publishedAt: record.publishedAt, status: record.status, seq, hash: 'c'.repeat(64), withdrawn: withdrawn ? { at: record.withdrawnAt!, reason: 'x', seq: 10 + withdrawn, hash: 'd'.repeat(64) } : null } };
  };

  it('latest is the newest live version, with its findings; modified is the last event', () => {
    expect(datasetRecord(names, [v(1, 2), v(2, 4)])).toMatchObject({ latestVersion: 2, status: 'published', findings: summary(2), firstPublishedAt: '2024-01-01T00:00:00.000Z', modifiedAt: '2024-01-02T00:00:00.000Z' });
    expect(datasetRecord(names, [v(1, 2), v(2, 4, 1)])).toMatchObject({ latestVersion: 1, status: 'published', findings: summary(1), modifiedAt: '2024-02-01T00:00:00.000Z' });
  });

  it('every version withdrawn: latest is the one withdrawn last', () => {
    expect(datasetRecord(names, [v(1, 2, 1), v(2, 4, 2)])).toMatchObject({ latestVersion: 2, status: 'withdrawn', findings: summary(2) });
    expect(datasetRecord(names, [v(1, 2, 2), v(2, 4, 1)])).toMatchObject({ latestVersion: 1, status: 'withdrawn', modifiedAt: '2024-02-02T00:00:00.000Z' });
  });
});

describe('keys from the log', () => {
  it('are listed by department, registration and id, with their log entries, as GET /v1/keys lists them', () => {
    const k = (keyId: string, departmentId: string, at: string): LoggedKey => ({ keyId, departmentId, x: 'x', validFrom: null, validUntil: null, revokedAt: null, revokedReason: null, registeredAt: at, log: { registered: { seq: 1, hash: 'a'.repeat(64) }, revoked: null } });
    const doc = JSON.parse(keySetBytes([k('b', 'd-2', '2024'), k('z', 'd-1', '2024'), k('a', 'd-1', '2024')])) as { keys: { kid: string; status: string; log: unknown }[] };
    expect(doc.keys.map((x) => x.kid)).toEqual(['a', 'z', 'b']);
    expect(doc.keys[0]).toMatchObject({ status: 'active', log: { registered: { seq: 1 }, revoked: null } });
  });
});

describe('tree', () => {
  const tree = new Tree(mkdtempSync(join(tmpdir(), 'gongkai-tree-')));
  const d = { departmentId: 'd-1', year: 2023 };
  afterAll(() => rmSync(tree.root, { recursive: true, force: true }));

  it('puts a version\'s files under its directory and nowhere else', () => {
    expect(tree.versionFile(d, 1, 'tables/income.csv')).toBe(join(tree.root, 'v1/datasets/d-1/2023/versions/1/tables/income.csv'));
    expect(tree.versionFile(d, 1, '../2/manifest.json')).toBeNull();
    expect(tree.versionFile(d, 1, '/etc/passwd')).toBeNull();
    expect(tree.versionFile(d, 1, 'index.json')).toBeNull();
    expect(tree.versionFile(d, 1, 'WITHDRAWN.json')).toBeNull();
  });

  it('stores a document at a path that is also a directory as its index.json', () => {
    expect(tree.docFile('/v1/datasets/d-1/2023')).toBe(join(tree.root, 'v1/datasets/d-1/2023/index.json'));
    expect(tree.docFile('/v1/datasets')).toBe(join(tree.root, 'v1/datasets/index.json'));
  });

  it('puts a version in place whole, over what a killed run left, and records each file\'s size and time', async () => {
    await tree.prepare();
    const left = tree.versionFile(d, 1, 'stale.csv')!;
    await tree.write(left, 'half');
    const stats = await tree.writeVersion(d, 1, new Map([['a.csv', new TextEncoder().encode('x,y\r\n')], ['tables/b.csv', new TextEncoder().encode('z')]]), '{}\n');
    expect(await tree.versionFiles(d, 1)).toEqual(['a.csv', 'tables/b.csv']);
    expect(readFileSync(join(tree.versionDir(d, 1), 'index.json'), 'utf8')).toBe('{}\n');
    expect(stats['a.csv']![0]).toBe(5);
    expect(await tree.stat(tree.versionFile(d, 1, 'a.csv')!)).toEqual(stats['a.csv']);
    expect(await tree.holds(tree.versionFile(d, 1, 'a.csv')!, 5, sha('x,y\r\n'))).toBe(true);
    await expect(tree.writeVersion(d, 2, new Map([['../1/a.csv', new Uint8Array()]]), '{}')).rejects.toThrow(/outside its version/);
  });
});
