// The department command line end to end against a real local server: keygen, register (administrator),
// check, dry-run, submit, read back — and plain messages with meaningful exit codes when things go wrong.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.ts';

const ROOT = join(import.meta.dirname, '../..');
const SEED = join(ROOT, 'data/filings/140602-xzspfwglj/2023.json');
const run = promisify(execFile);

async function gongkai(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { cwd: dir, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
  server = await startServer();
}, 90_000);
afterAll(async () => server?.stop());

describe('gongkai command line', () => {
  it('keygen → register-key → check → submit --dry-run → submit → read back', async () => {
    const keygen = await gongkai(['keygen', '--department', '140602-xzspfwglj', '--key-id', 'cli-key-1', '--out', 'k.json']);
    expect(keygen.code).toBe(0);
    expect(keygen.stdout).toContain('"kty": "OKP"');
    expect(statSync(join(dir, 'k.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'k.json'), 'utf8')).toContain('"d"');

    const again = await gongkai(['keygen', '--department', '140602-xzspfwglj', '--out', 'k.json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');

    const reg = await gongkai(['register-key', '--server', server.url, '--key', 'k.json'], { GONGKAI_ADMIN_TOKEN: server.adminToken });
    expect(reg.stderr).toBe('');
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain('registered');

    const check = await gongkai(['check', SEED]);
    expect(check.code).toBe(1); // the seed has real errors (预算支出进度)
    expect(check.stdout).toContain('a valid filing of 朔州市朔城区行政审批服务管理局');
    expect(check.stdout).toMatch(/ERROR\s+attachment\./);

    const dry = await gongkai(['submit', SEED, '--server', server.url, '--key', 'k.json', '--dry-run']);
    expect(dry.stdout).toContain('nothing stored');
    expect(((await (await fetch(`${server.url}/v1/datasets`)).json()) as any).items).toHaveLength(0);

    const submit = await gongkai(['submit', SEED, '--server', server.url, '--key', 'k.json']);
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    expect(submit.stdout).toContain('Published 140602-xzspfwglj/2023 version 1');

    const retry = await gongkai(['submit', SEED, '--server', server.url, '--key', 'k.json']);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('already submitted');

    const back = (await (await fetch(`${server.url}/v1/datasets/140602-xzspfwglj/2023/versions/1/filing.json`)).json()) as any;
    expect(back.tables[0].sections[0].rows[0].values.amount).toBe('1322.38');
    const ds = (await (await fetch(`${server.url}/v1/datasets/140602-xzspfwglj/2023`)).json()) as any;
    expect(ds.versions).toHaveLength(1);
  }, 60_000);

  it('says what is wrong in plain words, with exit codes', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'gongkai.filing/1', year: 'x' }));
    const bad = await gongkai(['check', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a valid filing');
    expect(bad.stderr).toContain('/year');
    const missing = await gongkai(['check', 'nothing.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const unreachable = await gongkai(['submit', SEED, '--server', 'http://127.0.0.1:9', '--key', 'k.json']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('cannot reach');
    await gongkai(['keygen', '--department', 'other-dept', '--key-id', 'cli-other', '--out', 'other.json']);
    await gongkai(['register-key', '--server', server.url, '--key', 'other.json', '--admin-token', server.adminToken]);
    const wrong = await gongkai(['submit', SEED, '--server', server.url, '--key', 'other.json']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('403 Key not allowed');
    const noAdmin = await gongkai(['register-key', '--server', server.url, '--key', 'other.json', '--admin-token', 'wrong']);
    expect(noAdmin.code).toBe(2);
    expect(noAdmin.stderr).toContain('401');
  }, 60_000);
});
