// Shared by the benchmarks: load generation (autocannon), medians, and one JSON line per result.
import autocannon from 'autocannon';

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, o: { connections?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<Load> {
  const run = (seconds: number) =>
    autocannon({ url, connections: o.connections ?? 50, duration: seconds, headers: o.headers ?? {} }) as unknown as Promise<{
      requests: { average: number; mean: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number;
    }>;
  await run(2); // warm-up
  const r = await run(o.seconds ?? 10);
  return { requestsPerSecond: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** One result line, collected by scripts/bench.mjs. */
export function report(name: string, result: Record<string, unknown>): void {
  console.log(`BENCH ${JSON.stringify({ name, ...result })}`);
}
