// `gongkai mirror` end to end against a real server (wrangler dev) behind a counting proxy: a full
// mirror, then one correction and one withdrawal and a second run that fetches only what changed;
// every file equal to what the API serves; the tree served by nginx.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { compareWithApi, correct, NGINX, publishMany, runMirror, startNginx, startProxy, withdraw, type Proxy, type Published, versionOf } from './support.ts';

const N = 5;
let server: TestServer;
let proxy: Proxy;
let pubs: Published[];
let dir: string;

const version = versionOf;
const manifestOf = async (p: Published, n: number) => (await (await fetch(`${server.url}${version(p, n)}/manifest.json`)).json()) as { files: { path: string; sha256: string }[] };
const reportedTraffic = (stdout: string) => {
  const m = /Traffic: (\d+) request\(s\), .* \((\d+) bytes\)/.exec(stdout);
  return m ? { requests: Number(m[1]), bytes: Number(m[2]) } : null;
};

beforeAll(async () => {
  server = await startServer();
  pubs = await publishMany(server, 'mirror', N);
  proxy = await startProxy(server.url);
  dir = mkdtempSync(join(tmpdir(), 'gongkai-mirror-'));
}, 300_000);
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gongkai mirror', () => {
  it('mirrors every version, verified, at the API\'s paths, and counts what it fetched', async () => {
    const run = await runMirror(proxy.url, dir).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${N} version(s) added`);
    // Plain lines when stdout is not a terminal: one per version.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('+ mirror-'))).toHaveLength(N);
    const traffic = reportedTraffic(run.stdout)!;
    expect(traffic.requests).toBe(proxy.log.length);
    expect(traffic.bytes).toBe(proxy.log.reduce((s, e) => s + e.bytes, 0));

    for (const p of pubs) {
      const m = await manifestOf(p, 1);
      for (const f of m.files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
      expect(readFileSync(join(dir, version(p, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(p, 1), 'manifest.json')));
    }
    const cmp = await compareWithApi(dir, server.url);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(N * 2 * 28);
    const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8'));
    expect(state.cursor).toBe(N);
  }, 120_000);

  it('after one correction and one withdrawal, the next run fetches only the changed objects', async () => {
    const corrected = pubs[0]!;
    const withdrawn = pubs[1]!;
    expect(await correct(server, corrected, '更正：第三行名称')).toBe(2);
    await withdraw(server, withdrawn.departmentId, 2023, 1, '误传了他单位的报表');
    proxy.log.length = 0;

    const run = await runMirror(proxy.url, dir).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 version(s) added, 1 withdrawn');
    expect(run.stdout).toContain('- mirror-0001/2023 v1 withdrawn: 误传了他单位的报表');

    const requested = proxy.log.map((e) => e.path);
    const v1 = await manifestOf(corrected, 1);
    const v2 = await manifestOf(corrected, 2);
    const unchanged = new Set(v2.files.filter((f) => v1.files.some((g) => g.path === f.path && g.sha256 === f.sha256)).map((f) => f.path));
    const changed = v2.files.filter((f) => !unchanged.has(f.path)).map((f) => `${version(corrected, 2)}/${f.path}`);
    expect(unchanged.size).toBeGreaterThan(10); // a correction of one row leaves most tables as they were
    expect(requested.sort()).toEqual([
      '/v1/changes?since=5&limit=1000',
      `/v1/datasets/${corrected.departmentId}/2023`,
      version(corrected, 2),
      `${version(corrected, 2)}/manifest.json`,
      ...changed,
      `/v1/datasets/${withdrawn.departmentId}/2023`,
      version(withdrawn, 1),
      '/v1/keys',
    ].sort());
    expect(proxy.log.find((e) => e.path === '/v1/keys')!.status).toBe(304); // no new key: nothing to download
    expect(reportedTraffic(run.stdout)).toEqual({ requests: proxy.log.length, bytes: proxy.log.reduce((s, e) => s + e.bytes, 0) });

    // The withdrawn version keeps its document and a tombstone; its files are gone.
    expect(readdirSync(join(dir, version(withdrawn, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect(JSON.parse(readFileSync(join(dir, version(withdrawn, 1), 'WITHDRAWN.json'), 'utf8'))).toMatchObject({ status: 'withdrawn', reason: '误传了他单位的报表', version: 1 });
    expect(existsSync(join(dir, version(withdrawn, 'latest')))).toBe(false);
    expect(readFileSync(join(dir, version(corrected, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(corrected, 2), 'manifest.json')));

    const cmp = await compareWithApi(dir, server.url);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.tombstones).toBe(1);

    // Nothing changed since: a run costs the feed and a conditional key-list request.
    proxy.log.length = 0;
    const idle = await runMirror(proxy.url, dir).done;
    expect(idle.code).toBe(0);
    expect(proxy.log.map((e) => `${e.path} ${e.status}`).sort()).toEqual(['/v1/changes?since=7&limit=1000 200', '/v1/keys 304']);
  }, 120_000);

  it.skipIf(!existsSync(NGINX))(`nginx serves the mirror with the API's paths (skipped when ${NGINX} is absent: apt-get install -y nginx)`, async () => {
    const nginx = await startNginx(dir);
    try {
      const p = pubs[2]!;
      const table = await fetch(`${nginx.url}${version(p, 1)}/tables/income.csv`);
      expect(table.status).toBe(200);
      expect(table.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const api = await fetch(`${server.url}${version(p, 1)}/tables/income.csv`);
      const body = Buffer.from(await table.arrayBuffer());
      expect(body.equals(Buffer.from(await api.arrayBuffer()))).toBe(true);
      expect(body.toString('utf8')).toContain('1322.38');

      for (const path of ['/v1/datasets', `/v1/datasets/${p.departmentId}/2023`, version(p, 1), `${version(pubs[0]!, 'latest')}/tables/income.csv`, '/v1/keys']) {
        const [a, b] = await Promise.all([fetch(nginx.url + path), fetch(server.url + path)]);
        expect(a.status, path).toBe(200);
        expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer())), path).toBe(true);
      }
      expect((await fetch(`${nginx.url}${version(p, 1)}/csv-metadata.json`)).headers.get('content-type')).toBe('application/csvm+json; charset=utf-8');
      expect((await fetch(`${nginx.url}${version(pubs[1]!, 1)}/tables/income.csv`)).status).toBe(410);
      expect((await fetch(`${nginx.url}${version(pubs[1]!, 1)}/WITHDRAWN.json`)).status).toBe(200);
      expect((await fetch(`${nginx.url}/.gongkai-mirror/state.json`)).status).toBe(404);
    } finally {
      await nginx.stop();
    }
  }, 60_000);
});
