// The mirror's small rules, without a server: how a feed page becomes work, which keys vouch for a
// version, where files may go on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plan, type Change } from '../../../src/cli/mirror/feed.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { publishedKeys, versionSignatureProblem } from '../../../src/cli/mirror/verify.ts';
import type { Manifest } from '../../../src/core/contract/manifest.ts';

const sha = (c: string) => c.repeat(64);
const change = (seq: number, version: number, kind: Change['kind'], extra: Partial<Change> = {}): Change => ({
  seq, departmentId: 'd-1', year: 2023, version, kind, at: `2024-01-0${seq}T00:00:00Z`, manifestSha256: sha(String(version)), ...extra,
});

describe('plan', () => {
  it('makes one task per version, the last word winning: published then withdrawn is only withdrawn', () => {
    const tasks = plan([change(1, 1, 'published'), change(2, 2, 'corrected'), change(3, 1, 'withdrawn', { reason: '错误' })]);
    expect(tasks).toHaveLength(2);
    expect(tasks[0]).toMatchObject({ version: 1, kind: 'withdraw', reason: '错误', seqs: [1, 3] });
    expect(tasks[1]).toMatchObject({ version: 2, kind: 'publish', seqs: [2] });
  });

  it('marks a version the page names with two manifests as a conflict, keeping the first', () => {
    const [task] = plan([change(1, 1, 'published'), change(2, 1, 'corrected', { manifestSha256: sha('f') }), change(3, 1, 'withdrawn', { manifestSha256: sha('e') })]);
    expect(task).toMatchObject({ version: 1, kind: 'publish', manifestSha256: sha('1'), seqs: [1, 2, 3], conflict: { seq: 2, manifestSha256: sha('f') } });
  });
});

describe('keys', () => {
  const doc = { keys: [{ kid: 'k1', departmentId: 'd-1', x: 'AAAA', validFrom: null, validUntil: null, revoked: '2024-01-02T00:00:00Z' }, { kid: 'bad' }] };
  const manifest = (publishedAt: string) => ({ departmentId: 'd-1', publishedAt, signature: { keyId: 'k1' } }) as unknown as Manifest;

  it('reads the JWK Set of /v1/keys, skipping entries that are not keys', () => {
    const keys = publishedKeys(doc);
    expect([...keys.keys()]).toEqual(['k1']);
    expect(keys.get('k1')).toEqual({ keyId: 'k1', departmentId: 'd-1', x: 'AAAA', validFrom: null, validUntil: null, revokedAt: '2024-01-02T00:00:00Z' });
  });

  it('a key revoked before the version was published does not vouch for it', async () => {
    expect(await versionSignatureProblem(manifest('2024-01-03T00:00:00Z'), new Uint8Array(), publishedKeys(doc))).toMatch(/revoked at .* before the version was published/);
  });

  it('an unknown key does not vouch for anything', async () => {
    expect(await versionSignatureProblem(manifest('2024-01-01T00:00:00Z'), new Uint8Array(), new Map())).toMatch(/not in the published key list/);
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

  it('keeps a file only whole: holds() checks size and sha256', async () => {
    await tree.prepare();
    const target = tree.versionFile(d, 1, 'a.csv')!;
    await tree.write(target, 'x,y\r\n');
    expect(await tree.holds(target, 5, 'a8f0e4ee8ba2bfb3c6ffb0d1a2fc5e80e4cde2b5a0f56c9f16b1f2a58b6b0a1a')).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(await tree.holds(target, 5, createHash('sha256').update('x,y\r\n').digest('hex'))).toBe(true);
    expect(await tree.holds(target, 6, createHash('sha256').update('x,y\r\n').digest('hex'))).toBe(false);
  });
});
