// Start the real Worker under wrangler dev (workerd, local KV and Durable Object) on a free port with
// a fresh storage directory, for tests that need a server over HTTP (mirror, portal, command line).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminPost } from '../../../src/cli/client.ts';
import type { KeyFile } from '../../../src/cli/files.ts';
import { platformKeygen } from '../../../src/cli/commands/platform-key.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';

const ROOT = join(import.meta.dirname, '../../..');

export interface TestServer {
  url: string;
  adminToken: string;
  /** The platform key that signs this server's log: its public half as a mirror pins it (x, fingerprint, a JWK file). */
  platform: PlatformKeyInfo;
  persistDir: string;
  /** The wrangler process (its workerd runs under it). */
  pid: number;
  stop(): Promise<void>;
}

export interface PlatformKeyInfo {
  x: string;
  fingerprint: string;
  /** A public JWK file (as `npm start` writes .gongkai/platform-key.json), for --trust. */
  file: string;
}

/** A platform signing key for one server, made as an operator makes one (gongkai platform-keygen): the private JWK (the Worker's PLATFORM_SIGNING_KEY) and the public half. */
export async function makePlatformKey(dir: string): Promise<{ secret: string; info: PlatformKeyInfo }> {
  const made = await platformKeygen({ out: join(dir, 'platform.secret.json'), publicOut: join(dir, 'platform-key.json'), keyId: `platform-test-${crypto.randomUUID().slice(0, 8)}` });
  const secret = readFileSync(made.secretPath, 'utf8').trim();
  return { secret, info: { x: (JSON.parse(secret) as { x: string }).x, fingerprint: made.fingerprint, file: made.publicPath } };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerOptions {
  /** Another wrangler configuration (benchmarks run harness Workers beside the real one). */
  config?: string;
  /** Another checkout to run (the submission benchmark runs the base commit beside this one). */
  root?: string;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const port = await freePort();
  const persistDir = mkdtempSync(join(tmpdir(), 'gongkai-state-'));
  const adminToken = `test-${crypto.randomUUID()}`;
  const platform = await makePlatformKey(mkdtempSync(join(tmpdir(), 'gongkai-platform-')));
  const child: ChildProcess = spawn(
    join(options.root ?? ROOT, 'node_modules/.bin/wrangler'),
    ['dev', ...(options.config ? ['--config', options.config] : []), '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistDir, '--var', `ADMIN_TOKEN:${adminToken}`, '--var', `PLATFORM_SIGNING_KEY:${platform.secret}`, '--var', 'RATE_LIMIT_PER_MINUTE:100000', '--var', `PUBLIC_ORIGIN:http://127.0.0.1:${port}`, '--show-interactive-dev-session=false', '--inspector-port', process.env.GK_INSPECTOR_PORT ?? String(await freePort())],
    { cwd: options.root ?? ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_LOG: process.env.GONGKAI_SERVER_LOG ? 'log' : 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (b) => (output += b));
  child.stderr?.on('data', (b) => (output += b));
  if (process.env.GONGKAI_SERVER_LOG) child.stdout?.pipe(process.stderr);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited: ${output}`);
    try {
      if ((await fetch(`${url}/v1/keys`)).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wrangler dev did not answer within 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    adminToken,
    platform: platform.info,
    persistDir,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

/** Make and register a key for a department; returns the key file's content (as `gongkai keygen` writes it). */
export async function registerTestKey(server: TestServer, departmentId: string): Promise<KeyFile> {
  const kid = `${departmentId}-${crypto.randomUUID().slice(0, 8)}`;
  const { privateJwk } = await generateKeyPair(kid);
  const a = await adminPost(server.url, '/v1/admin/keys', server.adminToken, { keyId: kid, departmentId, publicKey: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x } });
  if (a.status !== 201) throw new Error(`key registration: ${a.status} ${a.text}`);
  return { ...privateJwk, kid, departmentId };
}
