// Versions immutable in a mirror (issue 15, F3): nothing can make a mirror change a version it verified.
// The unsigned channels (the change feed, the version document, the pack at the version's URL) are not
// listened to; a log rewritten to name version 1 with the correction's manifest does not verify without
// the platform key; and even a platform that signs such a lie is refused, because a version number is
// never given twice. The real correction, a new version, is then taken as usual.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/core/contract/log.ts';
import { canonicalText } from '../../../src/core/log/chain.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { editPage, isLogPage, lyingLog, sha256 } from './forge.ts';
import { compareWithApi, correct, runMirror, runVerify, startProxy, trusting, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('immutable', 2);
const version = versionOf;
const tmp = () => suite.tmp();
type ManifestDoc = { version: number; files: { path: string; sha256: string; bytes: number }[] };
const manifestText = async (p: Published, n: number) => (await fetch(`${suite.server.url}${version(p, n)}/manifest.json`)).text();
/** Every file of a version in the mirror (manifest and the manifest's files), by path. */
const filesOf = (root: string, m: ManifestDoc) => Object.fromEntries(['manifest.json', ...m.files.map((f) => f.path)].map((f) => [f, readFileSync(join(root, f))]));
const packOf = (p: Published, n: number) => `/v1/packs/${p.departmentId}/${p.year}/${n}`;
const isCorrection = (p: Published) => (e: LogEntry) => e.kind === 'version-published' && e.departmentId === p.departmentId && e.version === 2;

describe('a verified version never changes', () => {
  it('whatever the feed, the documents, the packs or a rewritten log say; the real correction is a new version', async () => {
    const dir = tmp();
    const victim = suite.pubs[0]!;
    const proxy = await startProxy(suite.server.url); // honest for the first run (a mirror keeps to one source URL)
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      const v1Text = await manifestText(victim, 1);
      const v1 = JSON.parse(v1Text) as ManifestDoc;
      const before = filesOf(join(dir, version(victim, 1)), v1);

      // The department's genuine correction (v2, validly signed), passed off as version 1.
      expect(await correct(suite.server, victim, '更正：第三行名称')).toBe(2);
      const v2Sha = sha256(await manifestText(victim, 2));

      // 1. In the log, without the platform key: the entry renumbered, its hash recomputed.
      proxy.options.alter = (path, body) => {
        if (!isLogPage(path)) return undefined;
        return editPage(body, (page) => {
          for (const e of page.entries.filter(isCorrection(victim))) {
            Object.assign(e, { version: 1 });
            e.hash = sha256(canonicalText(e));
          }
        });
      };
      proxy.log.length = 0;
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/\/v1\/log: log entry (\d+): entry \1's platform signature does not verify/);
      expect(proxy.log.filter((e) => e.path.startsWith('/v1/packs/'))).toEqual([]);
      expect(filesOf(join(dir, version(victim, 1)), v1)).toEqual(before);
      expect(readFileSync(join(dir, version(victim, 'latest'), 'manifest.json'), 'utf8')).toBe(v1Text);
      const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8'));
      expect(state.versions[`${victim.departmentId}/2023/1`].record).toMatchObject({ manifestSha256: sha256(v1Text), status: 'published' });
      // The same attack again is refused again.
      expect((await runMirror(proxy.url, dir).done).code).toBe(4);

      // 2. The unsigned channels: v2's pack at v1's URL, a "corrected" feed entry and a version document
      // naming v1 with v2's manifest. None is listened to: the log says v2 is version 2.
      const v2Pack = Buffer.from(await (await fetch(`${suite.server.url}${packOf(victim, 2)}`)).arrayBuffer());
      proxy.options.alter = (path, body) => {
        if (path === packOf(victim, 1)) return v2Pack;
        if (path.startsWith('/v1/changes') || path === version(victim, 1)) return Buffer.from(body.toString('utf8').replaceAll(sha256(v1Text), v2Sha));
        return undefined;
      };
      proxy.log.length = 0;
      const honest = await runMirror(proxy.url, dir).done;
      expect(honest.stderr).toBe('');
      expect(honest.code).toBe(0);
      expect(honest.stdout).toContain('1 version(s) added');
      expect(proxy.log.map((e) => e.path).filter((p) => !isLogPage(p))).toEqual([packOf(victim, 2)]);
      expect(filesOf(join(dir, version(victim, 1)), v1)).toEqual(before);
      expect(readFileSync(join(dir, version(victim, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(victim, 2), 'manifest.json')));
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
      expect((await runVerify(dir).done).code).toBe(0);
    } finally {
      await proxy.stop();
    }
  }, 180_000);

  it('refuses even a platform that signs the lie: a version number is never given twice', async () => {
    const dir = tmp();
    const victim = suite.pubs[1]!;
    // The mirror is pinned to a key the "platform" holds and uses to sign whatever it likes.
    const { privateJwk } = await generateKeyPair('lying-platform');
    const proxy = await startProxy(suite.server.url, { alter: lyingLog(suite.server.url, privateJwk) });
    try {
      const first = await runMirror(proxy.url, dir, ['--trust', privateJwk.x]).done;
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const v1 = JSON.parse(await manifestText(victim, 1)) as ManifestDoc;
      const before = filesOf(join(dir, version(victim, 1)), v1);

      expect(await correct(suite.server, victim, '更正')).toBe(2);
      proxy.options.alter = lyingLog(suite.server.url, privateJwk, (entries) => entries.map((e) => (isCorrection(victim)(e) ? { ...e, version: 1 } : e)));
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(new RegExp(`log entry (\\d+): entry \\1 publishes ${victim.departmentId}/2023 version 1; the next number is 2`));
      expect(filesOf(join(dir, version(victim, 1)), v1)).toEqual(before);
      expect((await runVerify(dir).done).code).toBe(0);
    } finally {
      await proxy.stop();
    }
  }, 180_000);
});
