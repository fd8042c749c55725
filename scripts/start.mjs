#!/usr/bin/env node
// npm start: the platform at http://127.0.0.1:8787 with local, persistent storage (.wrangler/state/v2),
// and data/ published through the signed upload path on first start. No account, no network.
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8787';
const server = `http://127.0.0.1:${port}`;

// Local secrets, made once and kept in .dev.vars (git-ignored), which wrangler dev reads: the administrator's
// credential, and the platform key that signs the transparency log.
const devVars = join(root, '.dev.vars');
const readVar = (name) => (existsSync(devVars) ? new RegExp(`^${name}=(.+)$`, 'm').exec(readFileSync(devVars, 'utf8'))?.[1]?.trim() : undefined);
const addVar = (name, value) => writeFileSync(devVars, `${existsSync(devVars) ? readFileSync(devVars, 'utf8') : ''}${name}=${value}\n`, { mode: 0o600 });
let token = readVar('ADMIN_TOKEN');
if (!token) {
  token = randomBytes(24).toString('base64url');
  addVar('ADMIN_TOKEN', token);
  console.log('Made a local administrator credential in .dev.vars');
}
let platform = readVar('PLATFORM_SIGNING_KEY');
if (!platform) {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  platform = JSON.stringify({ ...jwk, kid: `platform-local-${new Date().toISOString().slice(0, 10)}` });
  addVar('PLATFORM_SIGNING_KEY', platform);
  console.log('Made a local platform signing key in .dev.vars');
}
// Its public half, for mirrors to pin (gongkai mirror --trust .gongkai/platform-key.json).
const { kid, x } = JSON.parse(platform);
const fingerprint = `sha256:${createHash('sha256').update(Buffer.from(x, 'base64url')).digest('hex')}`;
mkdirSync(join(root, '.gongkai'), { recursive: true });
writeFileSync(join(root, '.gongkai/platform-key.json'), JSON.stringify({ kid, kty: 'OKP', crv: 'Ed25519', x, alg: 'Ed25519', use: 'sig', fingerprint }, null, 2) + '\n');

// The storage layout's version: a store written by an older layout (v1: one KV value per file) is left
// aside rather than read wrongly; the seed is published again into the new one.
const state = join(root, '.wrangler/state/v2');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn' };
// Started from node_modules/.bin so that stopping this process stops workerd too. PUBLIC_ORIGIN follows the
// port: signed submissions must name the server's own origin (http://localhost:PORT is accepted as well).
const wrangler = spawn(join(root, 'node_modules/.bin/wrangler'), ['dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', state, '--var', `PUBLIC_ORIGIN:${process.env.PUBLIC_ORIGIN ?? server}`, '--show-interactive-dev-session=false'], { cwd: root, env, stdio: 'inherit' });
const stop = (code = 0) => {
  if (wrangler.exitCode === null) wrangler.kill('SIGTERM');
  setTimeout(() => process.exit(code), 200).unref();
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
wrangler.on('exit', (code) => process.exit(code ?? 0));

const started = Date.now();
for (;;) {
  try {
    const r = await fetch(`${server}/v1/keys`);
    if (r.ok) break;
  } catch { /* not yet */ }
  if (Date.now() - started > 60_000) {
    console.error(`the local server did not answer at ${server} within 60 s`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

const seeder = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'seed', '--server', server, '--data', join(root, 'data'), '--keys', join(root, '.gongkai/keys'), '--admin-token', token], { cwd: root, stdio: 'inherit' });
seeder.on('exit', (code) => {
  if (code !== 0) {
    console.error('publishing data/ failed; the server keeps running');
    return;
  }
  console.log(`\nGongkai is running at ${server} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n  catalog: ${server}/v1/datasets\n  portal:  ${server}/\n  API:     ${server}/docs\n  platform key: ${fingerprint} (.gongkai/platform-key.json; mirrors pin it with --trust)`);
});
