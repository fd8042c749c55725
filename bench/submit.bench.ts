// Signed seed submissions under wrangler dev (as npm start runs it): verify + validate + check + store.
// Side by side in one run: the same signed requests as dry runs (verify + validate + check, nothing
// stored), so that the cost of storing is told apart from the rest. On Linux it also reads the CPU time
// the workerd processes spent per request (/proc): wall-clock rates move with the machine's load, CPU
// per request much less.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { submitSigned } from '../src/cli/client.ts';
import type { KeyFile } from '../src/cli/files.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
import { median, percentile, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const total = Number(process.env.BENCH_SUBMISSIONS ?? '200');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '8');

/** CPU time (ms) of every workerd process so far; null where /proc is not there. */
function workerdCpuMs(): number | null {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'workerd') continue;
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (USER_HZ, 100 on Linux)
      } catch { /* the process ended */ }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

async function run(url: string, body: Uint8Array<ArrayBuffer>, key: KeyFile, dryRun: boolean) {
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = workerdCpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      const t = performance.now();
      const a = await submitSigned(url, body, key, { dryRun });
      latencies.push(performance.now() - t);
      if (a.status !== (dryRun ? 200 : 201)) throw new Error(`${a.status} ${a.text}`);
    }
  }));
  const wall = (performance.now() - started) / 1000;
  if (!dryRun) await new Promise((r) => setTimeout(r, 2000)); // the alarms that write the versions' packs
  const cpu1 = workerdCpuMs();
  const sequential: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await submitSigned(url, body, key, { dryRun });
    sequential.push(performance.now() - t);
  }
  return {
    perSecond: +(total / wall).toFixed(1), medianMs: +median(latencies).toFixed(1), p99Ms: +percentile(latencies, 99).toFixed(1),
    sequentialMedianMs: +median(sequential).toFixed(1),
    ...(cpu0 !== null && cpu1 !== null ? { workerdCpuMsPerRequest: +((cpu1 - cpu0) / total).toFixed(1) } : {}),
  };
}

const server = await startServer();
try {
  const key = await registerTestKey(server, '140602-xzspfwglj');
  const body = new Uint8Array(readFileSync(join(ROOT, 'data/filings/140602-xzspfwglj/2023.json'))) as Uint8Array<ArrayBuffer>;
  for (let i = 0; i < 10; i++) await submitSigned(server.url, body, key, { dryRun: true }); // warm the isolate
  const dry = await run(server.url, body, key, true);
  const published = await run(server.url, body, key, false);
  const ds = (await (await fetch(`${server.url}/v1/datasets/140602-xzspfwglj/2023`)).json()) as { versions: unknown[] };
  report('submissions: signed seed under wrangler dev', {
    submissions: total, concurrency, ...published, versionsStored: ds.versions.length,
    dryRun: dry, storingShareOfCpu: published.workerdCpuMsPerRequest && dry.workerdCpuMsPerRequest ? +(1 - dry.workerdCpuMsPerRequest / published.workerdCpuMsPerRequest).toFixed(2) : undefined,
  });
} finally {
  await server.stop();
}
