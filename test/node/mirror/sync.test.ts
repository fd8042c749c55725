// `gongkai mirror` end to end against a real server (wrangler dev) behind a counting proxy: a fresh
// mirror pinned to the platform key verifies the whole log and every version with one request per
// version; one correction and one withdrawal cost the next run one log page and one pack; every file
// equals what the API serves; `gongkai verify` finds it clean; the tree is served by nginx.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPage } from '../../../src/core/contract/log.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { asMirrored, compareWithApi, correct, NGINX, publishMany, runMirror, runVerify, startNginx, startProxy, trusting, withdraw, type Proxy, type Published, versionOf } from './support.ts';

const N = 5;
let server: TestServer;
let proxy: Proxy;
let pubs: Published[];
let dir: string;

const version = versionOf;
const pack = (p: Published, n: number) => `/v1/packs/${p.departmentId}/${p.year}/${n}`;
const manifestOf = async (p: Published, n: number) => (await (await fetch(`${server.url}${version(p, n)}/manifest.json`)).json()) as { files: { path: string; sha256: string }[] };
const serverLog = async () => (await (await fetch(`${server.url}/v1/log?since=0&limit=1000`)).json()) as LogPage;
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
  it('verifies the whole log and every version from a fresh mirror pinned to the platform key, one request per version', async () => {
    const run = await runMirror(proxy.url, dir, trusting(server)).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${N} version(s) added`);
    const log = await serverLog();
    expect(log.head.size).toBe(1 + 2 * N); // the platform key, then a key and a version per filing
    expect(run.stdout).toContain(`Log: ${log.head.size} entries verified (${log.head.size} new), signed by platform key ${server.platform.fingerprint}; head ${log.head.hash}.`);
    // Plain lines when stdout is not a terminal: one per version.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('+ mirror-'))).toHaveLength(N);
    // One log page, then one pack per version: nothing else (no /v1/keys, no feed, no documents).
    expect(proxy.log.map((e) => e.path).sort()).toEqual(['/v1/log?since=0&limit=1000', ...pubs.map((p) => pack(p, 1))].sort());
    const traffic = reportedTraffic(run.stdout)!;
    expect(traffic.requests).toBe(proxy.log.length);
    expect(traffic.bytes).toBe(proxy.log.reduce((s, e) => s + e.bytes, 0));

    for (const p of pubs) {
      const m = await manifestOf(p, 1);
      for (const f of m.files) expect(existsSync(join(dir, version(p, 1), f.path)), f.path).toBe(true);
      expect(readFileSync(join(dir, version(p, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(p, 1), 'manifest.json')));
    }
    // Every file, the documents rendered locally included, is what the API serves.
    const cmp = await compareWithApi(dir, server.url);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(N * 2 * 28);
    const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8'));
    expect(state.head).toEqual(log.head);
    expect(state.platform).toEqual({ fingerprint: server.platform.fingerprint, x: server.platform.x });
    expect(readFileSync(join(dir, '.gongkai-mirror/log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual(log.entries);

    const verified = await runVerify(dir).done;
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Log: ${log.head.size} entries checked against platform key ${server.platform.fingerprint}; head ${log.head.size}:${log.head.hash}.`);
    expect(verified.stdout).toContain(`Versions: ${N} verified (${N * 28} files`);
  }, 120_000);

  it('after one correction and one withdrawal, the next run fetches one log page and one pack', async () => {
    const corrected = pubs[0]!;
    const withdrawn = pubs[1]!;
    expect(await correct(server, corrected, '更正：第三行名称')).toBe(2);
    await withdraw(server, withdrawn.departmentId, 2023, 1, '误传了他单位的报表');
    proxy.log.length = 0;

    const run = await runMirror(proxy.url, dir).done; // pinned: --trust is needed only the first time
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 version(s) added, 1 withdrawn');
    expect(run.stdout).toContain('- mirror-0001/2023 v1 withdrawn: 误传了他单位的报表');
    expect(run.stdout).toContain('Local edits: none');
    // The withdrawal is a signed log entry: it costs no request of its own.
    expect(proxy.log.map((e) => e.path)).toEqual([`/v1/log?since=${1 + 2 * N}&limit=1000`, pack(corrected, 2)]);
    expect(reportedTraffic(run.stdout)).toEqual({ requests: proxy.log.length, bytes: proxy.log.reduce((s, e) => s + e.bytes, 0) });

    // The withdrawn version keeps its document and a tombstone with the log's reason; its files are gone.
    expect(readdirSync(join(dir, version(withdrawn, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    const log = await serverLog();
    const entry = log.entries.find((e) => e.kind === 'version-withdrawn')!;
    expect(JSON.parse(readFileSync(join(dir, version(withdrawn, 1), 'WITHDRAWN.json'), 'utf8'))).toMatchObject({ status: 'withdrawn', reason: '误传了他单位的报表', version: 1, log: { seq: entry.seq, hash: entry.hash } });
    expect(existsSync(join(dir, version(withdrawn, 'latest')))).toBe(false);
    expect(readFileSync(join(dir, version(corrected, 'latest'), 'manifest.json'))).toEqual(readFileSync(join(dir, version(corrected, 2), 'manifest.json')));
    const v2 = await manifestOf(corrected, 2);
    for (const f of v2.files) expect(existsSync(join(dir, version(corrected, 2), f.path)), f.path).toBe(true);

    const cmp = await compareWithApi(dir, server.url);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.tombstones).toBe(1);
    expect((await runVerify(dir).done).code).toBe(0);

    // Nothing changed since: a run costs one log page.
    proxy.log.length = 0;
    const idle = await runMirror(proxy.url, dir).done;
    expect(idle.code).toBe(0);
    expect(proxy.log.map((e) => `${e.path} ${e.status}`)).toEqual([`/v1/log?since=${log.head.size}&limit=1000 200`]);
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

      for (const path of ['/v1/datasets', `/v1/datasets/${p.departmentId}/2023`, version(p, 1), `${version(pubs[0]!, 'latest')}/tables/income.csv`, '/v1/keys', '/v1/log', '/v1/log/1', '/v1/log/key']) {
        const [a, b] = await Promise.all([fetch(nginx.url + path), fetch(server.url + path)]);
        expect(a.status, path).toBe(200);
        expect(Buffer.from(await a.arrayBuffer()).equals(asMirrored(path, Buffer.from(await b.arrayBuffer()))), path).toBe(true);
      }
      expect((await fetch(`${nginx.url}${version(p, 1)}/csv-metadata.json`)).headers.get('content-type')).toBe('application/csvm+json; charset=utf-8');
      expect((await fetch(`${nginx.url}${version(pubs[1]!, 1)}/tables/income.csv`)).status).toBe(410);
      expect((await fetch(`${nginx.url}${version(pubs[1]!, 1)}/WITHDRAWN.json`)).status).toBe(200);
      expect((await fetch(`${nginx.url}/.gongkai-mirror/state.json`)).status).toBe(404);
      expect((await fetch(`${nginx.url}/.gongkai-mirror/log.ndjson`)).status).toBe(404);
    } finally {
      await nginx.stop();
    }
  }, 60_000);
});
