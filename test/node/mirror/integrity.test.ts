// What a mirror refuses (issue 15, F1), and how it resumes: a pack with one CSV altered; a pack whose CSV
// total is forged with the manifest rewritten to agree; the same with the log's entry rewritten too
// (without the platform key it cannot be signed); the same signed by a lying platform, which only
// re-deriving the files from the department's submission (--reproduce) refuses; and a run killed half-way
// that the next run completes without fetching again what it verified.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import type { LogPage } from '../../../src/core/contract/log.ts';
import type { Manifest } from '../../../src/core/contract/manifest.ts';
import { canonicalText } from '../../../src/core/log/chain.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { editPack, editPage, isLogPage, lyingLog, manifestText, sha256 } from './forge.ts';
import { compareWithApi, runMirror, runVerify, startProxy, trusting, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('integrity', 4);
const version = versionOf;
const tmp = () => suite.tmp();
const packOf = (p: Published, n = 1) => `/v1/packs/${p.departmentId}/${p.year}/${n}`;
const manifestOf = async (p: Published, n: number) => (await (await fetch(`${suite.server.url}${version(p, n)}/manifest.json`)).json()) as Manifest;
const CSV = 'tables/income.csv';

/** The victim's pack with its income table's total forged, and (when `consistent`) its manifest rewritten to agree. */
const forgedTotal = (consistent: boolean) => (stored: Buffer) => editPack(stored, (files) => {
  const csv = new TextEncoder().encode(new TextDecoder().decode(files.get(CSV)!).replace('1322.38', '1922.38'));
  files.set(CSV, csv);
  if (!consistent) return;
  const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as Manifest;
  m.files = m.files.map((f) => (f.path === CSV ? { ...f, sha256: sha256(csv), bytes: csv.byteLength } : f));
  files.set('manifest.json', new TextEncoder().encode(manifestText(m)));
});

/** Every other version is held whole and the victim not at all. */
async function othersIntact(dir: string, victim: Published) {
  expect(existsSync(join(dir, version(victim, 1)))).toBe(false);
  expect(existsSync(join(dir, version(victim, 'latest')))).toBe(false);
  for (const p of suite.pubs.filter((x) => x !== victim)) {
    for (const f of (await manifestOf(p, 1)).files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
  }
  // The catalog lists what the mirror holds; everything else is what the API serves.
  const catalog = JSON.parse(readFileSync(join(dir, 'v1/datasets/index.json'), 'utf8')) as { items: { departmentId: string }[] };
  expect(catalog.items.map((i) => i.departmentId)).toEqual(suite.pubs.filter((x) => x !== victim).map((x) => x.departmentId));
  expect((await compareWithApi(dir, suite.server.url, ['v1/datasets/index.json'])).mismatches).toEqual([]);
}

describe('F1: forged tables', () => {
  it('refuses a pack with an altered CSV: exit 4 naming the file, the rest intact; the next run completes with one request for it', async () => {
    const dir = tmp();
    const victim = suite.pubs[1]!;
    const proxy = await startProxy(suite.server.url, { alter: (path, body) => (path === packOf(victim) ? forgedTotal(false)(body) : undefined) });
    try {
      const run = await runMirror(proxy.url, dir, trusting(suite.server)).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${packOf(victim)}: ${CSV}: sha256`);
      expect(run.stderr).toContain('differs from the manifest');
      await othersIntact(dir, victim);

      proxy.options.alter = undefined;
      proxy.log.length = 0;
      const again = await runMirror(proxy.url, dir).done;
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(proxy.log.map((e) => e.path).filter((p) => p.startsWith('/v1/packs/'))).toEqual([packOf(victim)]);
      expect(readFileSync(join(dir, version(victim, 1), CSV), 'utf8')).toContain('1322.38');
      expect(readFileSync(join(dir, version(victim, 'latest'), CSV))).toEqual(readFileSync(join(dir, version(victim, 1), CSV)));
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses a forged total with the manifest rewritten to agree: the log names the real manifest', async () => {
    const dir = tmp();
    const victim = suite.pubs[2]!;
    const real = sha256(await (await fetch(`${suite.server.url}${version(victim, 1)}/manifest.json`)).text());
    const proxy = await startProxy(suite.server.url, { alter: (path, body) => (path === packOf(victim) ? forgedTotal(true)(body) : undefined) });
    try {
      const run = await runMirror(proxy.url, dir, trusting(suite.server)).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(new RegExp(`${packOf(victim)}: manifest\\.json: sha256 [0-9a-f]{64} differs from the log's \\(entry \\d+\\) ${real}`));
      await othersIntact(dir, victim);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses it when the log entry is rewritten too (hashes recomputed): the platform signature does not verify', async () => {
    const dir = tmp();
    const victim = suite.pubs[3]!;
    const forged = { sha: '' };
    const proxy = await startProxy(suite.server.url, {
      alter: async (path, body) => {
        if (path === packOf(victim)) {
          const pack = await forgedTotal(true)(body);
          const { inflate } = await import('../../../src/core/pack.ts');
          forged.sha = sha256((await inflate(new Uint8Array(pack)))!.get('manifest.json')!.body);
          return pack;
        }
        if (!isLogPage(path)) return undefined;
        if (!forged.sha) {
          const stored = Buffer.from(await (await fetch(`${suite.server.url}${packOf(victim)}`)).arrayBuffer());
          const { inflate } = await import('../../../src/core/pack.ts');
          forged.sha = sha256((await inflate(new Uint8Array(await forgedTotal(true)(stored))))!.get('manifest.json')!.body);
        }
        // The attacker's best without the key: the entry says the forged manifest, and every hash and link after it is recomputed.
        return editPage(body, (page: LogPage) => {
          let prev: string | null = null;
          for (const e of page.entries) {
            if (prev !== null) e.prev = prev;
            if (e.kind === 'version-published' && e.departmentId === victim.departmentId) e.manifestSha256 = forged.sha;
            e.hash = sha256(canonicalText(e));
            prev = e.hash;
          }
          page.head = { size: page.entries.at(-1)!.seq, hash: prev };
        });
      },
    });
    try {
      const run = await runMirror(proxy.url, dir, trusting(suite.server)).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/\/v1\/log: log entry (\d+): entry \1's platform signature does not verify/);
      // Nothing of the victim is fetched; the log is kept up to the entry before the forged one.
      expect(proxy.log.filter((e) => e.path === packOf(victim))).toEqual([]);
      expect(existsSync(join(dir, version(victim, 1)))).toBe(false);
      const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8'));
      const log = (await (await fetch(`${suite.server.url}/v1/log`)).json()) as LogPage;
      const at = log.entries.find((e) => e.kind === 'version-published' && e.departmentId === victim.departmentId)!.seq;
      expect(state.head).toEqual({ size: at - 1, hash: log.entries[at - 2]!.hash });
      // The log, the keys and the catalog hold what the log held up to there; everything else is what the API serves.
      expect((await compareWithApi(dir, suite.server.url, ['v1/log/index.json', 'v1/keys/index.json', 'v1/datasets/index.json'])).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});

describe('reproduction (--reproduce)', () => {
  it('a platform that signs a forged total into its log passes the signatures alone; re-deriving from the signed submission refuses it', async () => {
    const victim = suite.pubs[0]!;
    const real = Buffer.from(await (await fetch(`${suite.server.url}${packOf(victim)}`)).arrayBuffer());
    const pack = await forgedTotal(true)(real);
    const { inflate } = await import('../../../src/core/pack.ts');
    const forgedSha = sha256((await inflate(new Uint8Array(pack)))!.get('manifest.json')!.body);
    const { privateJwk: platform } = await generateKeyPair('lying-platform');
    const log = lyingLog(suite.server.url, platform, (entries) => entries.map((e) => (e.kind === 'version-published' && e.departmentId === victim.departmentId ? { ...e, manifestSha256: forgedSha } : e)));
    // An honest server's versions reproduce.
    const honest = tmp();
    const honestDir = () => honest;
    expect((await runMirror(suite.server.url, honest, [...trusting(suite.server), '--reproduce']).done).code).toBe(0);
    expect((await runVerify(honest, ['--reproduce']).done).code).toBe(0);
    const proxy = await startProxy(suite.server.url, { alter: (path, body) => (path === packOf(victim) ? pack : log(path, body)) });
    try {
      // The department's signature covers submission.json, which is untouched: without reproduction the forgery is kept.
      const fooled = tmp();
      expect((await runMirror(proxy.url, fooled, ['--trust', platform.x]).done).code).toBe(0);
      expect(readFileSync(join(fooled, version(victim, 1), CSV), 'utf8')).toContain('1922.38');
      const audit = await runVerify(fooled, ['--reproduce']).done;
      expect(audit.code).toBe(4);
      expect(audit.stderr).toContain(`${version(victim, 1)}: re-derived from the department's submission.json, 1 file(s) differ: ${CSV}: the published file`);

      const dir = tmp();
      const run = await runMirror(proxy.url, dir, ['--trust', platform.x, '--reproduce']).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${packOf(victim)}: re-derived from the department's submission.json, 1 file(s) differ: ${CSV}: the published file (sha256`);
      // (The liar's log names other entries than the server's: only the files are compared.)
      expect(existsSync(join(dir, version(victim, 1)))).toBe(false);
      for (const p of suite.pubs.filter((x) => x !== victim)) {
        for (const f of (await manifestOf(p, 1)).files) expect(readFileSync(join(dir, version(p, 1), f.path)), f.path).toEqual(readFileSync(join(honestDir(), version(p, 1), f.path)));
      }
    } finally {
      await proxy.stop();
    }
  }, 180_000);
});

describe('resumability', () => {
  it('killed half-way, the next run completes without fetching again what it verified', async () => {
    const dir = tmp();
    let packs = 0;
    const run = { kill: () => undefined as unknown };
    const proxy = await startProxy(suite.server.url, {
      onResponse: (e) => {
        if (e.status === 200 && e.path.startsWith('/v1/packs/') && ++packs === 2) run.kill();
      },
    });
    try {
      const first = runMirror(proxy.url, dir, trusting(suite.server));
      run.kill = () => first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const kept = (await new Tree(dir).files()).filter((f) => /\/versions\/\d+\/manifest\.json$/.test(f)).map((f) => f.split('/')[2]!);
      expect(kept.length).toBeLessThan(4);
      // Nothing half-written is in the tree: a version is there whole or not at all.
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
      for (const d of kept) {
        const p = suite.pubs.find((x) => x.departmentId === d)!;
        for (const f of (await manifestOf(p, 1)).files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
      }

      proxy.options.onResponse = undefined;
      proxy.log.length = 0;
      const second = await runMirror(proxy.url, dir).done;
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const fetched = proxy.log.map((e) => e.path).filter((p) => p.startsWith('/v1/packs/'));
      expect(fetched.sort()).toEqual(suite.pubs.filter((p) => !kept.includes(p.departmentId)).map((p) => packOf(p)).sort());
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
      for (const p of suite.pubs) for (const f of (await manifestOf(p, 1)).files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
