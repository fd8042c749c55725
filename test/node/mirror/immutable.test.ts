// Versions immutable in a mirror (issue 15, F3 and F4): a feed entry that names a verified version
// with another manifest is refused with exit 4 and nothing of the version is fetched or rewritten
// (the real correction, a new version, is then taken as usual); a withdrawal moves the version's
// files aside under .gongkai-mirror/withdrawn/ and serves the tombstone, and only --purge-withdrawn
// deletes them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mirror } from '../../../src/cli/mirror/index.ts';
import { compareWithApi, correct, runMirror, startProxy, withdraw, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('immutable', 2);
const version = versionOf;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const tmp = () => suite.tmp();
type ManifestDoc = { version: number; files: { path: string; sha256: string; bytes: number }[] };
const manifestText = async (p: Published, n: number) => (await fetch(`${suite.server.url}${version(p, n)}/manifest.json`)).text();
/** Every file of a version in the mirror (manifest and the manifest's files), by path. */
const filesOf = (root: string, m: ManifestDoc) => Object.fromEntries(['manifest.json', ...m.files.map((f) => f.path)].map((f) => [f, readFileSync(join(root, f))]));


describe('a verified version never changes', () => {
  it('refuses a feed entry that names a verified version with another manifest: exit 4, both digests, nothing fetched or rewritten', async () => {
    const dir = tmp();
    const victim = suite.pubs[0]!;
    const proxy = await startProxy(suite.server.url); // honest for the first run (a mirror keeps to one source URL)
    try {
      expect((await runMirror(proxy.url, dir).done).code).toBe(0);
      const v1Text = await manifestText(victim, 1);
      const v1 = JSON.parse(v1Text) as ManifestDoc;
      const before = filesOf(join(dir, version(victim, 1)), v1);

      // The attack: the department's genuine correction (v2, validly signed) passed off as version 1,
      // consistently: feed entry, manifest (renumbered), version document and every changed file.
      expect(await correct(suite.server, victim, '更正：第三行名称')).toBe(2);
      const v2 = JSON.parse(await manifestText(victim, 2)) as ManifestDoc;
      const forgedManifest = Buffer.from(JSON.stringify({ ...v2, version: 1 }, null, 2) + '\n');
      const [realSha, forgedSha] = [sha256(v1Text), sha256(forgedManifest)];
      const served = new Map<string, Buffer>([[`${version(victim, 1)}/manifest.json`, forgedManifest]]);
      for (const f of v2.files) served.set(`${version(victim, 1)}/${f.path}`, Buffer.from(await (await fetch(`${suite.server.url}${version(victim, 2)}/${f.path}`)).arrayBuffer()));
      proxy.options.alter = (path, body) => {
        if (served.has(path)) return served.get(path);
        if (path.startsWith('/v1/changes')) {
          const page = JSON.parse(body.toString('utf8')) as { results: { departmentId: string; version: number; manifestSha256: string; links: Record<string, string> }[] };
          for (const c of page.results.filter((x) => x.departmentId === victim.departmentId && x.version === 2)) {
            Object.assign(c, { version: 1, manifestSha256: forgedSha, links: { version: version(victim, 1), manifest: `${version(victim, 1)}/manifest.json` } });
          }
          return Buffer.from(JSON.stringify(page));
        }
        if (path === version(victim, 1)) return Buffer.from(body.toString('utf8').replaceAll(realSha, forgedSha));
        return undefined;
      };
      proxy.log.length = 0;
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${version(victim, 1)}: the change feed names ${victim.departmentId}/2023 version 1 with manifest sha256 ${forgedSha}, but it was verified with manifest sha256 ${realSha}`);
      expect(proxy.log.filter((e) => e.path.startsWith(`${version(victim, 1)}/`))).toEqual([]);
      expect(filesOf(join(dir, version(victim, 1)), v1)).toEqual(before);
      expect(readFileSync(join(dir, version(victim, 'latest'), 'manifest.json'), 'utf8')).toBe(v1Text);
      const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8'));
      expect(state.versions[`${victim.departmentId}/2023/1`]).toEqual({ manifestSha256: realSha, status: 'published' });

      // The same attack again is refused again (the cursor stays before it).
      expect((await runMirror(proxy.url, dir).done).code).toBe(4);

      // The correction as the suite.server publishes it, a new version, is taken as today.
      proxy.options.alter = undefined;
      const honest = await runMirror(proxy.url, dir).done;
      expect(honest.stderr).toBe('');
      expect(honest.code).toBe(0);
      expect(honest.stdout).toContain('1 version(s) added');
      expect(filesOf(join(dir, version(victim, 1)), v1)).toEqual(before);
      expect(readFileSync(join(dir, version(victim, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(victim, 2), 'manifest.json')));
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 180_000);
});

describe('a withdrawal', () => {
  it('moves the files aside and serves the tombstone; --purge-withdrawn deletes them', async () => {
    const dir = tmp();
    const p = suite.pubs[1]!;
    expect((await runMirror(suite.server.url, dir).done).code).toBe(0);
    const m = JSON.parse(await manifestText(p, 1)) as ManifestDoc;
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

    // A later run without the option keeps them; with it, they are deleted and the tombstone stays.
    expect((await runMirror(suite.server.url, dir).done).code).toBe(0);
    expect(existsSync(join(aside, 'submission.json'))).toBe(true);
    const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
    const purged = await mirror({ source: suite.server.url, dir, purgeWithdrawn: true, out: quiet, tty: false });
    expect(purged.withdrawnPurged).toBe(1);
    expect(purged.refused).toEqual([]);
    expect(existsSync(join(dir, '.gongkai-mirror/withdrawn'))).toBe(false);
    expect(readdirSync(join(dir, version(p, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
  }, 180_000);
});
