// A server cannot hold a version back for ever behind a 410: when the pack of a version its log publishes
// answers 410 and the log, read to its head (again, after the 410), withdraws it nowhere, the run fails
// (exit 3, naming the version) and the next run asks for it again. A version genuinely withdrawn while a
// run reads is still no failure: the log read again says so, and the next run applies the withdrawal.
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mirror } from '../../../src/cli/mirror/index.ts';
import { freePort } from '../support/server.ts';
import { compareWithApi, publishedServer, runMirror, trusting, versionOf, withdraw, type Published } from './support.ts';

const suite = publishedServer('heldback', 3);
const packOf = (p: Published) => `/v1/packs/${p.departmentId}/${p.year}/1`;
const quiet = new Writable({ write: (_c, _e, done) => done() });

/** A front for the server that answers 410 for `path` while `withhold` is set, and forwards everything else; counts each path asked. */
async function withholding(target: string, path: string): Promise<{ url: string; withhold: boolean; asked: string[]; stop(): Promise<void> }> {
  const front = { url: '', withhold: true, asked: [] as string[], stop: async (): Promise<void> => undefined };
  const server: Server = createServer(async (req, res) => {
    front.asked.push(req.url!);
    if (front.withhold && req.url === path) {
      res.writeHead(410, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'withdrawn', title: 'Version withdrawn', status: 410, reason: '假称撤回' }));
      return;
    }
    const up = await fetch(target + req.url, { headers: { accept: String(req.headers.accept ?? '*/*') } });
    const body = Buffer.from(await up.arrayBuffer());
    const headers: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
    });
    res.writeHead(up.status, { ...headers, 'content-length': String(body.byteLength) });
    res.end(body);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  front.url = `http://127.0.0.1:${port}`;
  front.stop = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return front;
}

describe('a 410 for a version the log publishes', () => {
  it('fails the run (exit 3, naming the version) on every run while the log withdraws it nowhere; the version is asked for again', async () => {
    const victim = suite.pubs[0]!;
    const front = await withholding(suite.server.url, packOf(victim));
    const dir = suite.tmp();
    try {
      const expected = new RegExp(`${victim.departmentId}/2023 v1: ${front.url}${packOf(victim)} answered 410 \\(withdrawn\\), but the log, read to its head \\(entry \\d+\\), publishes this version and withdraws it nowhere; the version is not kept, and the next run asks for it again`);
      for (const first of [true, false]) {
        front.asked.length = 0;
        const run = await runMirror(front.url, dir, first ? trusting(suite.server) : []).done;
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(expected);
        expect(run.stdout).not.toContain('withdrawn since the log was read');
        expect(run.stdout).not.toContain('were withdrawn while this run read the log');
        expect(front.asked.filter((p) => p === packOf(victim))).toHaveLength(1);
        // The log was read again after the 410, to its head.
        expect(front.asked.filter((p) => p.startsWith('/v1/log?')).length).toBeGreaterThanOrEqual(2);
        expect(existsSync(join(dir, versionOf(victim, 1)))).toBe(false);
        for (const p of suite.pubs.filter((x) => x !== victim)) expect(existsSync(join(dir, versionOf(p, 1), 'manifest.json'))).toBe(true);
      }

      // Given at last, it is kept.
      front.withhold = false;
      const given = await runMirror(front.url, dir).done;
      expect(given.stderr).toBe('');
      expect(given.code).toBe(0);
      expect(existsSync(join(dir, versionOf(victim, 1), 'manifest.json'))).toBe(true);
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await front.stop();
    }
  }, 180_000);

  it('of a version withdrawn after the log was read is no failure: the log read again withdraws it, and the next run applies it', async () => {
    const victim = suite.pubs[1]!;
    const dir = suite.tmp();
    let withdrawn = false;
    const fetchImpl = async (url: string, init?: RequestInit) => {
      if (url.endsWith(packOf(victim)) && !withdrawn) {
        await withdraw(suite.server, victim.departmentId, 2023, 1, '读取日志后撤回');
        withdrawn = true;
      }
      return fetch(url, init);
    };
    const r = await mirror({ source: suite.server.url, dir, trust: suite.server.platform.file, fetch: fetchImpl, out: quiet, tty: false });
    expect(withdrawn).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.refused).toEqual([]);
    expect(r.versionsGone).toBe(1);
    expect(existsSync(join(dir, versionOf(victim, 1), 'manifest.json'))).toBe(false);

    const next = await runMirror(suite.server.url, dir).done;
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`- ${victim.departmentId}/2023 v1 withdrawn before this mirror held it: 读取日志后撤回`);
    expect(readdirSync(join(dir, versionOf(victim, 1))).sort()).toEqual(['WITHDRAWN.json', 'index.json']);
    expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
  }, 180_000);
});
