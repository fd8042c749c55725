// Nothing in a mirror's tree but what its log names: `gongkai verify` walks the whole served tree (links
// never followed) and names every symbolic link and every file that is not a document, a version's or
// `latest`'s (exit 4); a mirror run reports them as local edits, removes them (a link itself, never what it
// names) and restores a version that lost a file so; and the mirror never writes, moves or removes below a
// link in its tree (exit 4), so that a planted link cannot take its writes or removals elsewhere.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliError } from '../../../src/cli/exit.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { compareWithApi, NGINX, runMirror, runVerify, startNginx, trusting, versionOf as version, publishedServer, tempDirs, type Published } from './support.ts';

const suite = publishedServer('strays', 2);
const links = (dir: string): string[] => (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isSymbolicLink(): boolean }[]).filter((e) => e.isSymbolicLink()).map((e) => join(e.parentPath, e.name));

describe('what the log does not name', () => {
  it('verify names every link and stray file (exit 4, with or without --trust); a run removes them, restores what it owns, and verify is clean', async () => {
    const dir = suite.tmp();
    const outside = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const [a, b] = suite.pubs as [Published, Published];
    const at = (p: string) => join(dir, p);
    writeFileSync(join(outside, 'evil.csv'), 'forged,1\n');
    mkdirSync(join(outside, 'evildir'));
    writeFileSync(join(outside, 'evildir/income.csv'), 'forged\n');
    cpSync(at(`${version(b, 1)}/tables/income.csv`), join(outside, 'income.csv')); // the same bytes, behind a link
    symlinkSync(join(outside, 'evil.csv'), at(`${version(a, 1)}/tables/evil.csv`));
    symlinkSync(join(outside, 'evil.csv'), at(`${version(a, 'latest')}/tables/evil.csv`));
    symlinkSync(join(outside, 'evildir'), at(`${version(b, 1)}/forged`));
    symlinkSync(at(version(a, 1)), at(version(a, 7)));
    rmSync(at(`${version(b, 1)}/tables/income.csv`));
    symlinkSync(join(outside, 'income.csv'), at(`${version(b, 1)}/tables/income.csv`));
    const strays = ['v1/datasets/fakedept/2023/index.json', 'v1/log/99/index.json', `v1/datasets/${a.departmentId}/2023/versions/v3/manifest.json`, `v1/datasets/${a.departmentId}/2023/versions/index.json`, 'v1/keys.json', 'index.html'];
    for (const s of [...strays, `${version(a, 9)}/manifest.json`.slice(1)]) {
      mkdirSync(join(dir, s, '..'), { recursive: true });
      writeFileSync(join(dir, s), '{"forged":true}\n');
    }
    const planted = [`${version(a, 1)}/tables/evil.csv`, `${version(a, 'latest')}/tables/evil.csv`, `${version(b, 1)}/forged`, version(a, 7), `${version(b, 1)}/tables/income.csv`];

    for (const trust of [[], trusting(suite.server)]) {
      const verify = await runVerify(dir, trust).done;
      expect(verify.code).toBe(4);
      expect(verify.stderr).toContain(`${version(a, 1)}/tables/evil.csv: a symbolic link (to ${join(outside, 'evil.csv')}), which a mirror never makes`);
      for (const p of planted) expect(verify.stderr).toContain(`${p}: a symbolic link (to `);
      for (const s of strays) expect(verify.stderr).toContain(`/${s}: in the tree, but the log names nothing there`);
      expect(verify.stderr).toContain(`${version(a, 9)}: in the tree (1 file(s)), but the log names no such version`);
    }

    const run = await runMirror(suite.server.url, dir).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 version(s) restored from their packs');
    for (const p of planted) expect(run.stdout).toMatch(new RegExp(`  ${p}: a symbolic link \\(to [^)]+\\), which this mirror never makes; removed`));
    for (const s of [...strays, `${version(a, 9)}/manifest.json`.slice(1)]) expect(run.stdout).toContain(`  /${s}: not the mirror's (the log names nothing there); removed`);
    expect(run.stdout).toContain(`  ${version(b, 1)}/tables/income.csv: missing`);
    expect(links(dir)).toEqual([]);
    for (const s of strays) expect(existsSync(join(dir, s)), s).toBe(false);
    expect(existsSync(at(`v1/datasets/fakedept`))).toBe(false); // emptied directories go too
    // What the links named is untouched; the version is whole again.
    expect(readdirSync(outside).sort()).toEqual(['evil.csv', 'evildir', 'income.csv']);
    expect(readFileSync(join(outside, 'evildir/income.csv'), 'utf8')).toBe('forged\n');
    expect(lstatSync(at(`${version(b, 1)}/tables/income.csv`)).isFile()).toBe(true);
    const clean = await runVerify(dir).done;
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    if (existsSync(NGINX)) {
      const nginx = await startNginx(dir);
      try {
        for (const p of [...planted.slice(0, -1), '/v1/datasets/fakedept/2023', '/v1/log/99', `/v1/datasets/${a.departmentId}/2023/versions/v3/manifest.json`, '/v1/keys.json']) expect((await fetch(nginx.url + p)).status, p).toBe(404);
        expect((await fetch(nginx.url + version(b, 1) + '/tables/income.csv')).status).toBe(200); // restored
      } finally {
        await nginx.stop();
      }
    } else console.warn(`skipped serving the mirror: ${NGINX} is not installed`);
  }, 180_000);

  it('a link in place of a directory the mirror writes (v1/log) is removed, and nothing is written where it pointed', async () => {
    const dir = suite.tmp();
    const outside = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    renameSync(join(dir, 'v1/log'), join(outside, 'old-log'));
    mkdirSync(join(outside, 'target'));
    symlinkSync(join(outside, 'target'), join(dir, 'v1/log'));
    const verify = await runVerify(dir).done;
    expect(verify.code).toBe(4);
    expect(verify.stderr).toContain(`/v1/log: a symbolic link (to ${join(outside, 'target')}), which a mirror never makes`);
    const run = await runMirror(suite.server.url, dir).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  /v1/log: a symbolic link (to ${join(outside, 'target')}), which this mirror never makes; removed`);
    expect(readdirSync(join(outside, 'target'))).toEqual([]);
    expect(lstatSync(join(dir, 'v1/log')).isDirectory()).toBe(true);
    expect((await runVerify(dir).done).code).toBe(0);
  }, 120_000);
});

describe('the tree never writes below a link', () => {
  const temp = tempDirs();
  it('refuses to write, swap in, copy or remove through a linked directory (exit 4), and removes a link without following it', async () => {
    try {
      const root = temp.make();
      const outside = temp.make();
      writeFileSync(join(outside, 'keep-me.txt'), 'important\n');
      mkdirSync(join(outside, '2023/versions/1'), { recursive: true });
      writeFileSync(join(outside, '2023/versions/1/also-keep.txt'), 'important\n');
      const tree = new Tree(root);
      await tree.prepare();
      mkdirSync(join(root, 'v1/datasets'), { recursive: true });
      symlinkSync(outside, join(root, 'v1/datasets/d'));
      const d = { departmentId: 'd', year: 2023 };
      const code = async (p: Promise<unknown>) => ((await p.then(() => null, (e: unknown) => e)) as CliError | null)?.code;
      expect(await code(tree.write(tree.docFile('/v1/datasets/d/2023'), '{}'))).toBe(4);
      expect(await code(tree.writeVersion(d, 1, new Map([['a.csv', new Uint8Array([1])]]), '{}'))).toBe(4);
      expect(await code(tree.remove(tree.versionDir(d, 1)))).toBe(4);
      expect(await code(tree.setLatest(d, null))).toBe(4);
      expect(await code(tree.moveAside(d, 1))).toBe(4);
      expect(() => tree.inside(join(root, '..', 'elsewhere'))).toThrow(/not inside the mirror/);
      await expect(tree.write(tree.docFile('/v1/datasets/d/2023'), '{}')).rejects.toThrow(`refusing to write v1/datasets/d/2023/index.json: v1/datasets/d is a symbolic link (to ${outside})`);
      expect(tree.walk()).toEqual({ files: [], odd: [{ path: 'v1/datasets/d', what: `a symbolic link (to ${outside})` }] });
      await tree.removeStray('v1/datasets/d');
      expect(existsSync(join(root, 'v1'))).toBe(false);
      expect(readFileSync(join(outside, '2023/versions/1/also-keep.txt'), 'utf8')).toBe('important\n');
      expect(readdirSync(outside).sort()).toEqual(['2023', 'keep-me.txt']);
      // With the link gone, the same write is an ordinary one.
      await tree.write(tree.docFile('/v1/datasets/d/2023'), '{}');
      expect(tree.walk().files).toEqual(['v1/datasets/d/2023/index.json']);
    } finally {
      temp.removeAll();
    }
  });
});
