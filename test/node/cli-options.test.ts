// The command line describes itself: --version, a description for every option of every command, and
// the operator's platform key made without a terminal session on the server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/log/chain.ts';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

async function gongkai(args: string[], cwd = ROOT) {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { cwd });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('gongkai describes itself', () => {
  it('prints its version', async () => {
    const r = await gongkai(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n` });
  });

  // A base64url key may begin with "-V": it is the value of --trust, not the program's --version.
  it('takes an option value that looks like a program option as the value', async () => {
    const r = await gongkai(['verify', mkdtempSync(join(tmpdir(), 'gongkai-v-')), '--trust', '-V' + 'A'.repeat(41)]);
    expect(r.stdout).not.toContain(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(r.code).not.toBe(0);
  });

  it('a file given where a mirror needs a directory is bad input (exit 2), said plainly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gongkai-f-')), 'a-file');
    writeFileSync(file, 'not a directory');
    const key = `sha256:${'a'.repeat(64)}`;
    for (const args of [['mirror', 'http://127.0.0.1:9', file, '--trust', key], ['verify', file]]) {
      const r = await gongkai(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toContain(`cannot use ${file}/.gongkai-mirror`);
      expect(r.stderr, args[0]).toContain('a file stands where a directory is needed');
    }
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  it('describes every option of every command', async () => {
    const top = await gongkai(['--help']);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]+)(?= )/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['keygen', 'submit', 'mirror', 'verify', 'import', 'platform-keygen']));
    for (const c of commands) {
      const help = (await gongkai([c, '--help'])).stdout;
      const options = help.slice(help.indexOf('Options:')).split('\n').slice(1).filter((l) => /^ {2}-/.test(l));
      expect(options.length, c).toBeGreaterThan(0);
      // An option's line has its flags, then two spaces or more, then words.
      for (const line of options) expect(line, `${c}: ${line}`).toMatch(/^ {2}-\S.*? {2,}\S/);
    }
  });

  it('makes a platform key: the private half mode 600, the public half with its fingerprint; never over an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-platform-'));
    const r = await gongkai(['platform-keygen', '--out', 'platform.secret.json'], dir);
    expect(r.code).toBe(0);
    const secret = JSON.parse(readFileSync(join(dir, 'platform.secret.json'), 'utf8')) as { x: string; d: string; kty: string };
    expect(secret).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(statSync(join(dir, 'platform.secret.json')).mode & 0o777).toBe(0o600);
    const pub = JSON.parse(readFileSync(join(dir, 'platform.public.json'), 'utf8')) as { x: string; d?: string; fingerprint: string };
    expect(pub.d).toBeUndefined();
    expect(pub.fingerprint).toBe(await fingerprint(secret.x));
    expect(r.stdout).toContain(pub.fingerprint);
    const again = await gongkai(['platform-keygen', '--out', 'platform.secret.json'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; refusing to overwrite/);
  });
});
