// The root of trust is the platform key the operator names, not the server: a fresh mirror without
// --trust is refused (exit 2) and told where a fingerprint comes from; the key may be named by its
// fingerprint, the key itself or a JWK file; it is pinned, and a later --trust naming another is refused
// (exit 2); a key the log is not signed with is refused (exit 4) and nothing is kept.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { fingerprint } from '../../../src/core/log/chain.ts';
import { publishedServer, runMirror, runVerify, trusting } from './support.ts';

const suite = publishedServer('trust', 2);
const tmp = () => suite.tmp();

describe('--trust', () => {
  it('is required for a new mirror: exit 2, where to get the fingerprint, nothing made', async () => {
    const dir = join(tmp(), 'new');
    const run = await runMirror(suite.server.url, dir).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a new mirror needs to know which platform key signs the log');
    expect(run.stderr).toContain('npm start` prints it');
    expect(run.stderr).toContain(`${suite.server.url}/v1/log/key shows the key the server claims, which proves nothing by itself`);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it('names the key by its fingerprint, by the key itself or by a JWK file; it is pinned and another is refused', async () => {
    for (const trust of [suite.server.platform.fingerprint, suite.server.platform.x, suite.server.platform.file]) {
      const dir = tmp();
      const run = await runMirror(suite.server.url, dir, ['--trust', trust]).done;
      expect(run.stderr, trust).toBe('');
      expect(run.code, trust).toBe(0);
      expect(run.stdout).toContain('2 version(s) added');
      expect(JSON.parse(readFileSync(join(dir, '.gongkai-mirror/state.json'), 'utf8')).platform).toEqual({ fingerprint: suite.server.platform.fingerprint, x: suite.server.platform.x });
    }
    const dir = tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    // The same key again is fine; another is refused, whatever the server says.
    expect((await runMirror(suite.server.url, dir, ['--trust', suite.server.platform.fingerprint]).done).code).toBe(0);
    const other = await fingerprint((await generateKeyPair('other')).publicJwk.x);
    const refused = await runMirror(suite.server.url, dir, ['--trust', other]).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`this mirror is pinned to platform key ${suite.server.platform.fingerprint}, but --trust names ${other}`);
    expect((await runVerify(dir).done).code).toBe(0);
    // verify against another key says that the log is not signed by it.
    const against = await runVerify(dir, ['--trust', other]).done;
    expect(against.code).toBe(4);
    expect(against.stderr).toContain(`log entry 1: the log is not signed by the trusted platform key ${other}`);
  }, 120_000);

  it('refuses a log signed by another key than the one trusted (exit 4), keeping nothing', async () => {
    const dir = tmp();
    const { publicJwk } = await generateKeyPair('not-the-platform');
    for (const trust of [publicJwk.x, await fingerprint(publicJwk.x)]) {
      const run = await runMirror(suite.server.url, dir, ['--trust', trust]).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/log entry 1: .*the log is signed by platform key sha256:[0-9a-f]{64}, not the trusted sha256:/);
      expect(existsSync(join(dir, '.gongkai-mirror/state.json'))).toBe(false);
      expect(readdirSync(dir).filter((f) => f !== '.gongkai-mirror')).toEqual([]);
    }
  }, 60_000);

  it('refuses --trust that names no key, in plain words (exit 2)', async () => {
    for (const [trust, words] of [['sha256:abc', 'neither a fingerprint'], ['/nonexistent/key.json', 'no such file'], [suite.server.platform.file + '.missing', 'no such file']] as const) {
      const run = await runMirror(suite.server.url, tmp(), ['--trust', trust]).done;
      expect(run.code, trust).toBe(2);
      expect(run.stderr, trust).toContain(words);
    }
  }, 60_000);

  it('upgrades a mirror made before the log: --trust is needed, and every held version is verified again from disk, nothing fetched', async () => {
    const dir = tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    // What the mirror before the log left: its state (a feed cursor, versions trusted from the server) and the tree.
    writeFileSync(join(dir, '.gongkai-mirror/state.json'), JSON.stringify({ format: 'gongkai.mirror-state/1', source: suite.server.url, cursor: 2, keysEtag: null, versions: {}, datasets: {}, updatedAt: null }));
    for (const f of ['log.ndjson', 'manifests']) rmSync(join(dir, '.gongkai-mirror', f), { recursive: true, force: true });
    const untrusted = await runMirror(suite.server.url, dir).done;
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toContain('a new mirror needs to know which platform key signs the log');
    const run = await runMirror(suite.server.url, dir, trusting(suite.server)).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('This directory holds a mirror made before the transparency log');
    expect(run.stdout).toContain('Packs: 0 fetched (0 B), 2 version(s) verified from disk.');
    expect(run.stdout).toContain('Traffic: 1 request(s)');
    expect((await runVerify(dir).done).code).toBe(0);
  }, 120_000);
});
