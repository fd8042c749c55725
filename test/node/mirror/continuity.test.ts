// A mirror refuses a log that does not extend the one it verified, says which way it does not, and
// touches nothing (issue 15, Deliver 2): a server whose store was reset (another server behind the same
// URL, with a shorter log), the same server reporting another head at the same length (a rewrite), and a
// log whose next entry does not link to the held head (a fork; also what a reset store refilled past the
// held length looks like).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { editPage, isLogPage } from './forge.ts';
import { generatedFiling, publish, publishMany, registerKey, runMirror, runVerify, startProxy, trusting, publishedServer } from './support.ts';

const suite = publishedServer('continuity', 3);
let other: TestServer | undefined;
afterAll(async () => {
  await other?.stop();
});

/** Every file under the mirror (its control directory included, but the lock and temporary files) with its sha256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = relative(dir, join(e.parentPath, e.name));
    if (path.startsWith('.gongkai-mirror/tmp') || path === '.gongkai-mirror/lock') continue;
    out[path] = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
  }
  return out;
}

async function refused(proxyUrl: string, dir: string, words: string) {
  const before = snapshot(dir);
  const run = await runMirror(proxyUrl, dir).done;
  expect(run.code).toBe(4);
  expect(run.stderr).toContain(words);
  expect(run.stderr).toContain('refusing to go on');
  expect(snapshot(dir)).toEqual(before);
  expect((await runVerify(dir).done).code).toBe(0);
  return run;
}

describe('a log that does not extend the held one', () => {
  it('a reset store (another server at the same URL, a shorter log) is refused as a reset; refilled past the held length, as a fork', async () => {
    const dir = suite.tmp();
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      other = await startServer();
      await publishMany(other, 'continuity', 1);
      proxy.options.target = other.url;
      const run = await refused(proxy.url, dir, `the server's log has 3 entries, but this copy verified 7: the server's store was reset or its log rewritten`);
      expect(run.stderr).toContain('This mirror keeps what it verified, up to entry 7');
      await publishMany(other, 'continuity-more', 3);
      const refilled = await refused(proxy.url, dir, 'does not extend entry 7 that this copy verified');
      expect(refilled.stderr).toContain('the log forked');
    } finally {
      await proxy.stop();
    }
  }, 300_000);

  it('the same length with another head is refused as a rewrite', async () => {
    const dir = suite.tmp();
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      proxy.options.alter = (path, body) => (isLogPage(path) ? editPage(body, (page) => { page.head.hash = 'f'.repeat(64); }) : undefined);
      await refused(proxy.url, dir, 'the log was rewritten');
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('a next entry that does not link to the held head is refused as a fork', async () => {
    const dir = suite.tmp();
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      const d = 'continuity-fork';
      await publish(suite.server, generatedFiling(d), await registerKey(suite.server, d));
      proxy.options.alter = (path, body) => (isLogPage(path) ? editPage(body, (page) => { if (page.entries[0]) page.entries[0].prev = 'e'.repeat(64); }) : undefined);
      await refused(proxy.url, dir, 'the log forked');
      proxy.options.alter = undefined;
      const honest = await runMirror(proxy.url, dir).done;
      expect(honest.stderr).toBe('');
      expect(honest.code).toBe(0);
      expect(honest.stdout).toContain('1 version(s) added');
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
