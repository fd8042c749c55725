// Signed seed submissions under wrangler dev (as npm start runs it): verify + validate + check + store.
// Side by side in one run: the same signed requests as dry runs (verify + validate + check, nothing
// stored), so that the cost of storing is told apart from the rest. On Linux it also reads the CPU time
// the workerd processes spent per request (/proc): wall-clock rates move with the machine's load, CPU
// per request much less.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitSigned } from '../src/cli/client.ts';
import type { KeyFile } from '../src/cli/files.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
import { median, percentile, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const total = Number(process.env.BENCH_SUBMISSIONS ?? '200');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '8');

/** CPU time (ms) so far of the workerd processes under `root` (this server's wrangler), not other servers'; null where /proc is not there. */
function workerdCpuMs(root: number): number | null {
  try {
    const procs = new Map<number, { ppid: number; comm: string; ticks: number }>();
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        procs.set(Number(pid), { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) }); // utime + stime, clock ticks (USER_HZ, 100)
      } catch { /* the process ended */ }
    }
    const under = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 32; hops++) {
        if (p === root) return true;
        p = procs.get(p)?.ppid ?? 0;
      }
      return false;
    };
    let ticks = 0;
    for (const [pid, p] of procs) if (p.comm === 'workerd' && under(pid)) ticks += p.ticks;
    return ticks * 10;
  } catch {
    return null;
  }
}

async function run(url: string, pid: number, body: Uint8Array<ArrayBuffer>, key: KeyFile, dryRun: boolean) {
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = workerdCpuMs(pid);
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
  const cpu1 = workerdCpuMs(pid);
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

/** Bytes rendered per version: the sum of the files its manifest lists, plus the manifest. */
async function bytesPerVersion(url: string, d: string): Promise<number> {
  const m = (await (await fetch(`${url}/v1/datasets/${d}/2023/versions/latest/manifest.json`)).text());
  return (JSON.parse(m) as { files: { bytes: number }[] }).files.reduce((n, f) => n + f.bytes, 0) + new TextEncoder().encode(m).byteLength;
}

async function measure(root?: string) {
  const server = await startServer(root ? { root } : {});
  try {
    const d = '140602-xzspfwglj';
    const key = await registerTestKey(server, d);
    const body = new Uint8Array(readFileSync(join(ROOT, 'data/filings/140602-xzspfwglj/2023.json'))) as Uint8Array<ArrayBuffer>;
    for (let i = 0; i < 10; i++) await submitSigned(server.url, body, key, { dryRun: true }); // warm the isolate
    const dry = await run(server.url, server.pid, body, key, true);
    const published = await run(server.url, server.pid, body, key, false);
    const ds = (await (await fetch(`${server.url}/v1/datasets/${d}/2023`)).json()) as { versions: unknown[] };
    return {
      ...published, versionsStored: ds.versions.length, bytesPerVersion: await bytesPerVersion(server.url, d), dryRun: dry,
      publicationOverDryRunCpu: published.workerdCpuMsPerRequest && dry.workerdCpuMsPerRequest ? +(published.workerdCpuMsPerRequest / dry.workerdCpuMsPerRequest).toFixed(2) : undefined,
    };
  } finally {
    await server.stop();
  }
}

/**
 * BENCH_BASELINE=<git ref> also measures that commit, checked out beside this one, in the same run:
 * base, this, base, this (BENCH_ROUNDS rounds), so that the machine's load falls on both alike.
 * Checkouts are kept in the temporary directory by commit and reuse this one's node_modules.
 */
async function checkout(ref: string): Promise<string> {
  const commit = execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `gongkai-bench-${commit.slice(0, 12)}`);
  if (!existsSync(dir)) {
    execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: ROOT, stdio: 'ignore' });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build-portal.mjs'], { cwd: dir, stdio: 'ignore' });
  }
  return dir;
}

const baseline = process.env.BENCH_BASELINE;
const rounds = Number(process.env.BENCH_ROUNDS ?? (baseline ? '2' : '1'));
const base = baseline ? await checkout(baseline) : undefined;
// BENCH_REF=<git ref> measures that commit instead of the working tree (which wrangler dev reloads on every edit).
const current = process.env.BENCH_REF ? await checkout(process.env.BENCH_REF) : undefined;
const runs: { base?: Awaited<ReturnType<typeof measure>>; now: Awaited<ReturnType<typeof measure>> }[] = [];
for (let r = 0; r < rounds; r++) runs.push({ ...(base ? { base: await measure(base) } : {}), now: await measure(current) });
const mid = (xs: (number | undefined)[]) => median(xs.filter((x): x is number => x !== undefined));
const summary = (pick: (r: (typeof runs)[number]) => Awaited<ReturnType<typeof measure>> | undefined) => {
  const xs = runs.map(pick).filter((x) => x !== undefined);
  return {
    perSecond: mid(xs.map((x) => x.perSecond)), medianMs: mid(xs.map((x) => x.medianMs)), sequentialMedianMs: mid(xs.map((x) => x.sequentialMedianMs)),
    workerdCpuMsPerPublication: mid(xs.map((x) => x.workerdCpuMsPerRequest)), workerdCpuMsPerDryRun: mid(xs.map((x) => x.dryRun.workerdCpuMsPerRequest)),
    dryRunPerSecond: mid(xs.map((x) => x.dryRun.perSecond)), publicationOverDryRunCpu: mid(xs.map((x) => x.publicationOverDryRunCpu)),
    bytesPerVersion: mid(xs.map((x) => x.bytesPerVersion)),
  };
};
report('submissions: signed seed under wrangler dev', {
  submissions: total, concurrency, rounds, ...(baseline ? { baseline, base: summary((r) => r.base) } : {}), now: summary((r) => r.now),
  runs,
});
