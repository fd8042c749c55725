#!/usr/bin/env node
// npm start: the platform at http://127.0.0.1:8787 with local, persistent storage (.wrangler/state/v2),
// and data/ published through the signed upload path on first start. No account, no network.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8787';
const server = `http://127.0.0.1:${port}`;

// The administrator's credential for local runs: made once, kept in .dev.vars (git-ignored).
const devVars = join(root, '.dev.vars');
let token = existsSync(devVars) ? /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(devVars, 'utf8'))?.[1]?.trim() : undefined;
if (!token) {
  token = randomBytes(24).toString('base64url');
  writeFileSync(devVars, `${existsSync(devVars) ? readFileSync(devVars, 'utf8') : ''}ADMIN_TOKEN=${token}\n`, { mode: 0o600 });
  console.log('Made a local administrator credential in .dev.vars');
}

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
  console.log(`\nGongkai is running at ${server} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n  catalog: ${server}/v1/datasets\n  portal:  ${server}/\n  API:     ${server}/docs`);
});
