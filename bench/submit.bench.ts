// Signed seed submissions under wrangler dev (as npm start runs it): verify + validate + check + store.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { submitSigned } from '../src/cli/client.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
import { median, percentile, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const total = Number(process.env.BENCH_SUBMISSIONS ?? '200');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '8');

const server = await startServer();
try {
  const key = await registerTestKey(server, '140602-xzspfwglj');
  const body = new Uint8Array(readFileSync(join(ROOT, 'data/filings/140602-xzspfwglj/2023.json'))) as Uint8Array<ArrayBuffer>;
  for (let i = 0; i < 5; i++) await submitSigned(server.url, body, key, { dryRun: true }); // warm the isolate
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      const t = performance.now();
      const a = await submitSigned(server.url, body, key);
      latencies.push(performance.now() - t);
      if (a.status !== 201) throw new Error(`${a.status} ${a.text}`);
    }
  }));
  const wall = (performance.now() - started) / 1000;
  const sequential: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await submitSigned(server.url, body, key);
    sequential.push(performance.now() - t);
  }
  const ds = (await (await fetch(`${server.url}/v1/datasets/140602-xzspfwglj/2023`)).json()) as { versions: unknown[] };
  report('submissions: signed seed under wrangler dev', {
    submissions: total, concurrency, perSecond: +(total / wall).toFixed(1), medianMs: +median(latencies).toFixed(1), p99Ms: +percentile(latencies, 99).toFixed(1),
    sequentialMedianMs: +median(sequential).toFixed(1), versionsStored: ds.versions.length,
  });
} finally {
  await server.stop();
}
