#!/usr/bin/env node
// npm run bench: every benchmark in bench/, one after another (never in parallel: the machine is shared),
// each printing its result as a `BENCH {json}` line; a summary at the end. Not part of npm test.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
const results = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], {
    cwd: root, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    results.push({ name: file, failed: `exit ${r.status}` });
    continue;
  }
  for (const line of r.stdout.split('\n')) if (line.startsWith('BENCH ')) results.push(JSON.parse(line.slice(6)));
}
console.log('\n== summary');
for (const r of results) console.log(JSON.stringify(r, null, 2));
process.exitCode = results.some((r) => r.failed) ? 1 : 0;
