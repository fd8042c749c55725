// Department keys come only from the signed log (issue 15, F2). /v1/keys is never read: a key swapped
// there, with a submission forged under the swapped key, is refused (exit 4) and nothing of it is kept.
// And even a platform that signs a forged version into its log cannot pass it off as the department's:
// a forged signature under the department's key id does not verify with the key the log registered, and
// one under a key id the log never registered is refused by name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionSignatureProblem } from '../../../src/cli/mirror/verify.ts';
import type { LoggedKey } from '../../../src/core/log/replay.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { forgeVersion, lyingLog } from './forge.ts';
import { compareWithApi, runMirror, startProxy, trusting, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('keys', 3);
const version = versionOf;
const tmp = () => suite.tmp();
const packOf = (p: Published) => `/v1/packs/${p.departmentId}/${p.year}/1`;
const forgery = (text: string) => text.replace('1322.38', '1.00');

/** An attacker's key for the victim's department, and the victim's pack forged with it (under `keyId`). */
async function forged(victim: Published, keyId: string) {
  const { privateJwk } = await generateKeyPair(keyId);
  const attacker = { ...privateJwk, kid: keyId, departmentId: victim.departmentId };
  const real = Buffer.from(await (await fetch(`${suite.server.url}${packOf(victim)}`)).arrayBuffer());
  const f = await forgeVersion(real, attacker, keyId, forgery);
  // The forgery is a good signature under the attacker's key: only where the key comes from can refuse it.
  const asListed = new Map<string, LoggedKey>([[keyId, { keyId, departmentId: victim.departmentId, x: attacker.x, validFrom: null, validUntil: null, revokedAt: null, revokedReason: null, registeredAt: '2020-01-01T00:00:00.000Z', log: { registered: { seq: 1, hash: 'a'.repeat(64) }, revoked: null } }]]);
  const { inflate } = await import('../../../src/core/pack.ts');
  const submission = (await inflate(new Uint8Array(f.pack)))!.get('submission.json')!.body;
  expect(await versionSignatureProblem(f.manifest, submission, asListed)).toBeNull();
  return { ...f, attacker };
}

/** GET /v1/keys with the victim's key swapped for the attacker's. */
const swappedKeys = (victim: Published, x: string) => (path: string, body: Buffer) => {
  if (path !== '/v1/keys') return undefined;
  const doc = JSON.parse(body.toString('utf8')) as { keys: { kid: string; x: string }[] };
  for (const k of doc.keys) if (k.kid === victim.key.kid) k.x = x;
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n');
};

function victimAbsent(dir: string, victim: Published) {
  expect(existsSync(join(dir, version(victim, 1)))).toBe(false);
  for (const p of suite.pubs.filter((x) => x !== victim)) expect(existsSync(join(dir, version(p, 1), 'submission.json'))).toBe(true);
}

describe('keys pinned by the log', () => {
  it('never reads /v1/keys: a key swapped there with a forged submission is refused (exit 4)', async () => {
    const dir = tmp();
    const victim = suite.pubs[0]!;
    const f = await forged(victim, victim.key.kid);
    const keys = swappedKeys(victim, f.attacker.x);
    const proxy = await startProxy(suite.server.url, { alter: (path, body) => (path === packOf(victim) ? f.pack : keys(path, body)) });
    try {
      const run = await runMirror(proxy.url, dir, trusting(suite.server)).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(new RegExp(`${packOf(victim)}: manifest\\.json: sha256 ${f.manifestSha256} differs from the log's`));
      expect(proxy.log.filter((e) => e.path.startsWith('/v1/keys'))).toEqual([]);
      victimAbsent(dir, victim);
      // The mirror's own key list is the log's: the department's real key.
      const listed = JSON.parse(readFileSync(join(dir, 'v1/keys/index.json'), 'utf8')) as { keys: { kid: string; x: string }[] };
      expect(listed.keys.find((k) => k.kid === victim.key.kid)!.x).toBe(victim.key.x);
      expect((await compareWithApi(dir, suite.server.url, ['v1/datasets/index.json'])).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses a forged version even a platform signed into its log: under the department\'s key id it does not verify', async () => {
    const dir = tmp();
    const victim = suite.pubs[1]!;
    const f = await forged(victim, victim.key.kid);
    const { privateJwk: platform } = await generateKeyPair('lying-platform');
    const log = lyingLog(suite.server.url, platform, (entries) => entries.map((e) => (e.kind === 'version-published' && e.departmentId === victim.departmentId ? { ...e, manifestSha256: f.manifestSha256 } : e)));
    const keys = swappedKeys(victim, f.attacker.x);
    const proxy = await startProxy(suite.server.url, { alter: async (path, body) => (path === packOf(victim) ? f.pack : (await log(path, body)) ?? keys(path, body)) });
    try {
      const run = await runMirror(proxy.url, dir, ['--trust', platform.x]).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${packOf(victim)}: the department's signature does not verify: `);
      expect(run.stderr).toContain(`(key ${victim.key.kid})`);
      victimAbsent(dir, victim);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses one under a key id the log never registered, naming it', async () => {
    const dir = tmp();
    const victim = suite.pubs[2]!;
    const f = await forged(victim, `${victim.departmentId}-attacker`);
    const { privateJwk: platform } = await generateKeyPair('lying-platform');
    const log = lyingLog(suite.server.url, platform, (entries) => entries.map((e) => (e.kind === 'version-published' && e.departmentId === victim.departmentId ? { ...e, manifestSha256: f.manifestSha256 } : e)));
    const proxy = await startProxy(suite.server.url, { alter: async (path, body) => (path === packOf(victim) ? f.pack : log(path, body)) });
    try {
      const run = await runMirror(proxy.url, dir, ['--trust', platform.x]).done;
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`${packOf(victim)}: the department's signature is by key ${victim.departmentId}-attacker, which the transparency log never registered`);
      victimAbsent(dir, victim);
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
