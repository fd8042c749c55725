// The Worker bundles for deployment, offline, and stays small: no second schema library slips in.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

it('wrangler deploy --dry-run bundles the Worker under 1 MiB (gzip under 256 KiB) without zod', async () => {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-dist-'));
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
    cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  const file = join(out, 'index.js');
  const raw = statSync(file).size;
  const code = readFileSync(file);
  const gz = gzipSync(code).byteLength;
  console.log(`worker bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
  expect(raw).toBeLessThan(1024 * 1024);
  expect(gz).toBeLessThan(256 * 1024);
  expect(code.toString()).not.toMatch(/ZodError|ZodObject/);
}, 120_000);
