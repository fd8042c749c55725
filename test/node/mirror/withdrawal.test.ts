// Withdrawals only from the signed log (issue 15, F4): a withdrawal in the change feed, or a log entry
// without the platform's signature, does nothing to a verified version (the latter is refused, exit 4);
// a signed withdrawal leaves the tombstone with the log's reason and moves the files aside, and only
// --purge-withdrawn deletes them; a version withdrawn before the mirror saw it is kept as a tombstone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mirror } from '../../../src/cli/mirror/index.ts';
import type { LogEntry } from '../../../src/core/contract/log.ts';
import { canonicalText } from '../../../src/core/log/chain.ts';
import { editPage, isLogPage, sha256 } from './forge.ts';
import { compareWithApi, generatedFiling, publish, registerKey, runMirror, runVerify, startProxy, trusting, withdraw, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('withdrawal', 3);
const version = versionOf;
const tmp = () => suite.tmp();
type ManifestDoc = { files: { path: string }[] };
const manifestOf = async (p: Published, n = 1) => (await (await fetch(`${suite.server.url}${version(p, n)}/manifest.json`)).json()) as ManifestDoc;
const filesOf = (root: string, m: ManifestDoc) => Object.fromEntries(['manifest.json', ...m.files.map((f) => f.path)].map((f) => [f, readFileSync(join(root, f))]));
const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

describe('an unsigned withdrawal', () => {
  it('in the change feed does nothing: the feed is not read', async () => {
    const dir = tmp();
    const p = suite.pubs[0]!;
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      const before = filesOf(join(dir, version(p, 1)), await manifestOf(p));
      proxy.options.alter = (path, body) => {
        if (!path.startsWith('/v1/changes')) return undefined;
        const page = JSON.parse(body.toString('utf8')) as { results: Record<string, unknown>[] };
        page.results.push({ ...page.results[0], seq: 999, kind: 'withdrawn', reason: '伪造的撤回' });
        return Buffer.from(JSON.stringify(page));
      };
      proxy.log.length = 0;
      const run = await runMirror(proxy.url, dir).done;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(proxy.log.filter((e) => e.path.startsWith('/v1/changes'))).toEqual([]);
      expect(filesOf(join(dir, version(p, 1)), await manifestOf(p))).toEqual(before);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('as a log entry without the platform\'s signature is refused (exit 4), the files intact, the head where it was', async () => {
    const dir = tmp();
    const p = suite.pubs[1]!;
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      const before = filesOf(join(dir, version(p, 1)), await manifestOf(p));
      const state = readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8');
      const head = JSON.parse(state).head as { size: number; hash: string };
      const manifestSha256 = sha256(await (await fetch(`${suite.server.url}${version(p, 1)}/manifest.json`)).text());
      // The forger's best: the right sequence, link and hash; only the signature cannot be made.
      proxy.options.alter = (path, body) => isLogPage(path) ? editPage(body, (page) => {
        const e = { format: 'gongkai.log/1', seq: head.size + 1, at: new Date().toISOString(), prev: head.hash, kind: 'version-withdrawn', departmentId: p.departmentId, year: 2023, version: 1, manifestSha256, reason: '伪造的撤回' } as unknown as LogEntry;
        Object.assign(e, { hash: sha256(canonicalText(e)), signature: 'A'.repeat(86) });
        page.entries = [e];
        page.head = { size: e.seq, hash: e.hash };
      }) : undefined;
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`/v1/log: log entry ${head.size + 1}: entry ${head.size + 1}'s platform signature does not verify`);
      expect(filesOf(join(dir, version(p, 1)), await manifestOf(p))).toEqual(before);
      expect(existsSync(join(dir, version(p, 1), 'WITHDRAWN.json'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8')).head).toEqual(head);
      expect((await runVerify(dir).done).code).toBe(0);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});

describe('a signed withdrawal', () => {
  it('moves the files aside and serves the tombstone; --purge-withdrawn deletes them', async () => {
    const dir = tmp();
    const p = suite.pubs[2]!;
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const m = await manifestOf(p);
    const before = filesOf(join(dir, version(p, 1)), m);
    expect(Object.keys(before).length).toBeGreaterThan(20);

    await withdraw(suite.server, p.departmentId, 2023, 1, '误传了他单位的报表');
    const run = await runMirror(suite.server.url, dir).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const aside = join(dir, '.gongkai-mirror/withdrawn', version(p, 1));
    expect(run.stdout).toContain(`- ${p.departmentId}/2023 v1 withdrawn: 误传了他单位的报表 (${Object.keys(before).length} file(s) moved aside to .gongkai-mirror/withdrawn${version(p, 1)})`);
    // Aside, byte for byte; gone from the served path, where the tombstone and the document remain.
    expect(filesOf(aside, m)).toEqual(before);
    expect(readdirSync(join(dir, version(p, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect(JSON.parse(readFileSync(join(dir, version(p, 1), 'WITHDRAWN.json'), 'utf8'))).toMatchObject({ status: 'withdrawn', reason: '误传了他单位的报表', version: 1 });
    const cmp = await compareWithApi(dir, suite.server.url);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.tombstones).toBe(1);
    expect((await runVerify(dir).done).code).toBe(0);

    // A later run without the option keeps them; with it, they are deleted and the tombstone stays.
    expect((await runMirror(suite.server.url, dir).done).code).toBe(0);
    expect(existsSync(join(aside, 'submission.json'))).toBe(true);
    const purged = await mirror({ source: suite.server.url, dir, purgeWithdrawn: true, out: quiet, tty: false });
    expect(purged.withdrawnPurged).toBe(1);
    expect(purged.refused).toEqual([]);
    expect(existsSync(join(dir, '.gongkai-mirror/withdrawn'))).toBe(false);
    expect(readdirSync(join(dir, version(p, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    expect((await runVerify(dir).done).code).toBe(0);
  }, 180_000);

  it('of a version published and withdrawn before the mirror saw it leaves its tombstone and the dataset listed', async () => {
    const d = 'withdrawal-late';
    await publish(suite.server, generatedFiling(d), await registerKey(suite.server, d));
    await withdraw(suite.server, d, 2023, 1, '发布后立即撤回');
    const dir = tmp();
    const run = await runMirror(suite.server.url, dir, trusting(suite.server)).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`- ${d}/2023 v1 withdrawn before this mirror held it: 发布后立即撤回`);
    const path = `v1/datasets/${d}/2023/versions/1`;
    expect(readdirSync(join(dir, path)).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect(JSON.parse(readFileSync(join(dir, 'v1/datasets', d, '2023/index.json'), 'utf8'))).toMatchObject({ status: 'withdrawn', latestVersion: 1 });
    expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    expect((await runVerify(dir).done).code).toBe(0);
  }, 120_000);
});
