// Submissions that land while a mirror syncs: the run never claims a version it has not verified whole,
// and the next run brings the mirror to every version the server holds.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiVersions, compareWithApi, correct, generatedFiling, publish, registerKey, runMirror, runVerify, startProxy, trusting, publishedServer } from './support.ts';

const suite = publishedServer('race', 4);


/** Is version d/y/n in the mirror: every file of its manifest, or its tombstone? */
function held(dir: string, key: string): boolean {
  const [d, y, n] = key.split('/');
  const base = join(dir, 'v1/datasets', d!, y!, 'versions', n!);
  if (existsSync(join(base, 'WITHDRAWN.json'))) return true;
  if (!existsSync(join(base, 'manifest.json'))) return false;
  const m = JSON.parse(readFileSync(join(base, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  return m.files.every((f) => existsSync(join(base, f.path)));
}

describe('gongkai mirror while submissions land', () => {
  it('holds every version after the next sync, and never advances past what it applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-mirror-'));
    let landing: Promise<unknown> | null = null;
    const startLanding = () =>
      Promise.all([
        ...[0, 1, 2, 3].map(async (i) => {
          const d = `race-late-${i}`;
          await publish(suite.server, generatedFiling(d), await registerKey(suite.server, d));
        }),
        correct(suite.server, suite.pubs[0]!, '更正一'),
        correct(suite.server, suite.pubs[3]!, '更正二'),
      ]);
    // Slow answers widen the window; the submissions start once the run has read the log.
    const proxy = await startProxy(suite.server.url, {
      delayMs: 40,
      onResponse: (e) => {
        if (e.path.startsWith('/v1/log') && !landing) landing = startLanding();
      },
    });
    try {
      const first = await runMirror(proxy.url, dir, trusting(suite.server)).done;
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      await landing;

      // What the first run claims (its state) it holds, whole.
      const state = JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8')) as { head: { size: number }; versions: Record<string, unknown> };
      expect(state.head.size).toBeGreaterThanOrEqual(1 + 2 * 4);
      expect(Object.keys(state.versions).length).toBeGreaterThanOrEqual(4);
      for (const key of Object.keys(state.versions)) expect(held(dir, key), key).toBe(true);
      // Every version the log it verified names, landed while it ran or not, it holds.
      const entries = readFileSync(join(dir, '.gongkai-mirror/log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; departmentId: string; year: number; version: number });
      expect(entries).toHaveLength(state.head.size);
      for (const e of entries.filter((x) => x.kind === 'version-published')) expect(held(dir, `${e.departmentId}/${e.year}/${e.version}`), e.departmentId).toBe(true);
      expect((await runVerify(dir).done).code).toBe(0);

      proxy.options.delayMs = 0;
      const second = await runMirror(proxy.url, dir).done;
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const versions = await apiVersions(suite.server.url);
      expect(versions.size).toBe(4 + 4 + 2);
      for (const key of versions.keys()) expect(held(dir, key), key).toBe(true);
      const cmp = await compareWithApi(dir, suite.server.url);
      expect(cmp.mismatches).toEqual([]);
      expect((await runVerify(dir).done).code).toBe(0);
      expect(readFileSync(join(dir, 'v1/datasets/race-0000/2023/versions/latest/manifest.json'))).toEqual(readFileSync(join(dir, 'v1/datasets/race-0000/2023/versions/2/manifest.json')));
    } finally {
      await proxy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
