// What a mirror refuses, and how it resumes: a source that alters one CSV, a source that rewrites a
// filing consistently (feed, manifest and file) but cannot forge the department's signature, and a
// run killed half-way that the next run completes without fetching again what it had verified.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { apiPathOf, compareWithApi, runMirror, startProxy, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('integrity', 4);
const version = versionOf;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const tmp = () => suite.tmp();
const manifestOf = async (p: Published, n: number) => (await (await fetch(`${suite.server.url}${version(p, n)}/manifest.json`)).json()) as { files: { path: string; sha256: string; bytes: number }[] };


describe('verification', () => {
  it('refuses a CSV the source altered: reported, not kept, exit 4, the rest intact; the next run completes', async () => {
    const dir = tmp();
    const target = `${version(suite.pubs[1]!, 1)}/tables/income.csv`;
    const proxy = await startProxy(suite.server.url, { alter: (path, body) => (path === target ? Buffer.from(body.toString('utf8').replace('1322.38', '9322.38')) : undefined) });
    try {
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${target}: sha256`);
      expect(run.stderr).toContain('differs from the manifest');
      expect(existsSync(join(dir, target))).toBe(false);
      // Everything else is there and equal to the API.
      const cmp = await compareWithApi(dir, suite.server.url);
      expect(cmp.mismatches).toEqual([]);
      for (const p of suite.pubs) {
        for (const f of (await manifestOf(p, 1)).files) {
          const path = `${version(p, 1)}/${f.path}`;
          if (path !== target) expect(existsSync(join(dir, path)), path).toBe(true);
        }
      }
      // latest never points at a version the mirror could not verify whole.
      expect(existsSync(join(dir, version(suite.pubs[1]!, 'latest')))).toBe(false);
      expect(existsSync(join(dir, version(suite.pubs[0]!, 'latest')))).toBe(true);

      proxy.options.alter = undefined;
      proxy.log.length = 0;
      const again = await runMirror(proxy.url, dir).done;
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(proxy.log.map((e) => e.path).filter((p) => p.includes('/versions/1/'))).toEqual([target]);
      expect(readFileSync(join(dir, target), 'utf8')).toContain('1322.38');
      expect(readFileSync(join(dir, version(suite.pubs[1]!, 'latest'), 'tables/income.csv'))).toEqual(readFileSync(join(dir, target)));
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses a version a source rewrote consistently, because the department\'s signature does not verify', async () => {
    const dir = tmp();
    const victim = suite.pubs[2]!;
    const base = `${suite.server.url}${version(victim, 1)}`;
    const manifestText = await (await fetch(`${base}/manifest.json`)).text();
    const submission = await (await fetch(`${base}/submission.json`)).text();
    // The forgery: other figures in submission.json, and a manifest and a feed that agree with it.
    const forged = Buffer.from(submission.replace('1322.38', '1.00'));
    const manifest = JSON.parse(manifestText);
    const entry = manifest.files.find((f: { path: string }) => f.path === 'submission.json');
    entry.sha256 = sha256(forged);
    entry.bytes = forged.byteLength;
    const forgedManifest = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const [realSha, forgedSha] = [sha256(manifestText), sha256(forgedManifest)];
    const proxy = await startProxy(suite.server.url, {
      alter: (path, body) => {
        if (path === `${version(victim, 1)}/manifest.json`) return forgedManifest;
        if (path === `${version(victim, 1)}/submission.json`) return forged;
        const text = body.toString('utf8');
        return text.includes(realSha) ? Buffer.from(text.replaceAll(realSha, forgedSha)) : undefined;
      },
    });
    try {
      const run = await runMirror(proxy.url, dir).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${version(victim, 1)}: the department's signature does not verify: submission.json does not match the signed Content-Digest`);
      expect(existsSync(join(dir, version(victim, 1)))).toBe(false);
      expect(proxy.log.filter((e) => e.path.startsWith(`${version(victim, 1)}/tables/`))).toEqual([]); // refused before fetching the rest
      for (const p of suite.pubs.filter((x) => x !== victim)) expect(existsSync(join(dir, version(p, 1), 'submission.json'))).toBe(true);
      // Only the dataset document differs (it carries the forged sha256, and nothing signs it); no file of the version is kept.
      expect((await compareWithApi(dir, suite.server.url)).mismatches.map((m) => m.split(':')[0])).toEqual([`v1/datasets/${victim.departmentId}/2023/index.json`]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});

describe('resumability', () => {
  it('killed half-way, the next run completes without fetching again what it verified', async () => {
    const dir = tmp();
    let files = 0;
    const run = { kill: () => undefined as unknown };
    const proxy = await startProxy(suite.server.url, {
      onResponse: (e) => {
        if (e.status === 200 && /\/versions\/\d+\/./.test(e.path) && ++files === 40) run.kill();
      },
    });
    try {
      const first = runMirror(proxy.url, dir);
      run.kill = () => first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const kept = (await new Tree(dir).files()).filter((f) => /\/versions\/\d+\//.test(f));
      expect(kept.length).toBeGreaterThan(10);
      expect(kept.length).toBeLessThan(4 * 28);
      // Nothing half-written is in the tree.
      const cmp = await compareWithApi(dir, suite.server.url);
      expect(cmp.mismatches).toEqual([]);

      proxy.options.onResponse = undefined;
      proxy.log.length = 0;
      const second = await runMirror(proxy.url, dir).done;
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const refetched = proxy.log.map((e) => e.path).filter((p) => kept.map(apiPathOf).includes(p));
      expect(refetched).toEqual([]);
      const done = await compareWithApi(dir, suite.server.url);
      expect(done.mismatches).toEqual([]);
      for (const p of suite.pubs) for (const f of (await manifestOf(p, 1)).files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
