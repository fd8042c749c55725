// The pinned key is the pinned fingerprint's: a state file whose platform key was swapped for another
// (the fingerprint kept) and a log re-sealed with that key are refused by a mirror run, with or without
// --trust, before anything is fetched, and by `gongkai verify` (exit 4); the key --trust names is used
// over the stored one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/exit.ts';
import { loadState } from '../../../src/cli/mirror/state.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { choosePin } from '../../../src/cli/mirror/trust.ts';
import type { LogEntry } from '../../../src/core/contract/log.ts';
import { fingerprint, jwkSigner, sealEntry } from '../../../src/core/log/chain.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { bodyOf, lyingLog } from './forge.ts';
import { publishedServer, runMirror, runVerify, startProxy, trusting } from './support.ts';

const suite = publishedServer('pin', 1);
const control = (dir: string) => join(dir, '.gongkai-mirror');
const readState = (dir: string) => JSON.parse(readFileSync(join(control(dir), 'state.json'), 'utf8'));

/** The mirror's log sealed again, entry by entry, with another key (the first entry naming it). */
async function reseal(dir: string, key: { x: string; d: string }): Promise<LogEntry[]> {
  const signer = await jwkSigner(key);
  const held = readFileSync(join(control(dir), 'log.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogEntry);
  const out: LogEntry[] = [];
  let head = { size: 0, hash: null as string | null };
  for (const e of held) {
    const body = e.kind === 'platform-key' ? { ...bodyOf(e), x: key.x } : bodyOf(e);
    const s = await sealEntry(head, e.at, body as ReturnType<typeof bodyOf>, signer);
    out.push(s);
    head = { size: s.seq, hash: s.hash };
  }
  writeFileSync(join(control(dir), 'log.ndjson'), out.map((e) => JSON.stringify(e) + '\n').join(''));
  return out;
}

describe('the pinned key', () => {
  it('is the stored fingerprint\'s: choosePin and loadState refuse another beside it (exit 4); --trust\'s key is used', async () => {
    const real = (await generateKeyPair('real')).publicJwk.x;
    const evil = (await generateKeyPair('evil')).publicJwk.x;
    const fp = await fingerprint(real);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as CliError).code;
      }
      return 0;
    };
    expect(code(() => choosePin({ fingerprint: fp, x: evil }, null, 'http://s'))).toBe(4);
    expect(code(() => choosePin({ fingerprint: fp, x: evil }, { fingerprint: fp, x: null }, 'http://s'))).toBe(4);
    expect(() => choosePin({ fingerprint: fp, x: evil }, null, 'http://s')).toThrow(/the key it holds beside it is sha256:[0-9a-f]{64}: the state file was altered/);
    expect(choosePin({ fingerprint: fp, x: null }, { fingerprint: fp, x: real }, 'http://s')).toEqual({ fingerprint: fp, x: real });
    expect(choosePin({ fingerprint: fp, x: real }, { fingerprint: fp, x: null }, 'http://s')).toEqual({ fingerprint: fp, x: real });

    const dir = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const state = readState(dir);
    await expect(loadState(new Tree(dir))).resolves.toMatchObject({ state: { platform: { fingerprint: suite.server.platform.fingerprint } } });
    writeFileSync(join(control(dir), 'state.json'), JSON.stringify({ ...state, platform: { ...state.platform, x: evil } }));
    const refused = await loadState(new Tree(dir)).catch((e: CliError) => e);
    expect((refused as CliError).code).toBe(4);
    expect((refused as CliError).message).toContain(`pins platform key ${suite.server.platform.fingerprint}, but the key it holds beside it is ${await fingerprint(evil)}`);
  }, 120_000);

  it('a state and a log re-sealed with another key (the fingerprint kept) are refused by a run, with or without --trust, and by verify', async () => {
    const dir = suite.tmp();
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      proxy.log.length = 0;
      const evil = (await generateKeyPair('evil-platform')).privateJwk;
      const sealed = await reseal(dir, evil);
      const state = readState(dir);
      // …and a hostile server serves the same log sealed with that key: before the pin was checked, a run took it.
      proxy.options.alter = lyingLog(suite.server.url, evil);
      const tampered = (x: string | null) => writeFileSync(join(control(dir), 'state.json'), JSON.stringify({ ...state, platform: { ...state.platform, x }, head: { size: sealed.length, hash: sealed.at(-1)!.hash } }));
      for (const x of [evil.x, null]) {
        tampered(x);
        const before = readFileSync(join(control(dir), 'state.json'), 'utf8');
        for (const trust of [[], ['--trust', suite.server.platform.fingerprint], trusting(suite.server)]) {
          const run = await runMirror(proxy.url, dir, trust).done;
          expect(run.code, `${x} ${trust.join(' ')}`).toBe(4);
          expect(run.stderr).toMatch(x === null ? /its first entry names platform key sha256:[0-9a-f]{64}, but this mirror is pinned to sha256:/ : /the key it holds beside it is sha256:[0-9a-f]{64}: the state file was altered/);
          expect(run.stdout).not.toContain('Log:');
        }
        expect(proxy.log.map((e) => e.path)).toEqual([]); // refused before anything was asked of the server
        expect(readFileSync(join(control(dir), 'state.json'), 'utf8')).toBe(before);
        for (const trust of [[], ['--trust', suite.server.platform.fingerprint], trusting(suite.server)]) {
          const verify = await runVerify(dir, trust).done;
          expect(verify.code, `verify ${x} ${trust.join(' ')}`).toBe(4);
          expect(verify.stderr).toMatch(x === null ? /log entry 1: the log is (not signed by the trusted|signed by) platform key/ : /the key it holds beside it is/);
        }
      }
    } finally {
      await proxy.stop();
    }
  }, 180_000);
});
