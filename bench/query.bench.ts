// Queries across filings (issue 16): p50 and p99 of a facts query by row and year, an aggregate by region ×
// year and a department series, at 1,000 and then 10,000 generated filings in the facts index (D1 under
// wrangler dev); the ratio between the two sizes; the index's size per filing; and the time from a signed
// publication to its facts being queryable (the alarm's indexing), over real publications.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiling } from '../test/generate/filings.ts';
import { publish, registerKey } from '../test/node/mirror/support.ts';
import { startServer } from '../test/node/support/server.ts';
import { median, percentile, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const SIZES = (process.env.QUERY_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.env.QUERY_BENCH_RUNS ?? 200);
const DEPARTMENTS = 2500; // 10,000 filings: 2,500 departments × 4 years
const log = (line: string) => process.stderr.write(line + '\n');

async function timed(url: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS + 20; i++) {
    const t = performance.now();
    const r = await fetch(url);
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    if (i >= 20) ms.push(performance.now() - t); // after 20 warm-up requests
  }
  return ms;
}

const stats = (ms: number[]) => ({ p50: +median(ms).toFixed(1), p99: +percentile(ms, 99).toFixed(1) });

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

const server = await startServer({ config: join(ROOT, 'bench/harness/query.toml') });
try {
  const out: Record<string, unknown> = { runs: RUNS };
  const dept = generatedFiling(4, { departments: DEPARTMENTS, prefix: 'bench' }).departmentId;
  const queries = {
    'facts by row and year': '/v1/facts?table=expenditure&row=2010301&column=total&year=2023&limit=100',
    'aggregate region × year': '/v1/aggregate?table=three-public&row=amounts&column=final_total&drilldown=region|year',
    'department series': `/v1/departments/${dept}/series?table=expenditure&row=2010301&column=total`,
  };
  let indexed = 0;
  for (const size of SIZES) {
    const t = performance.now();
    for (let from = indexed; from < size; from += 50) {
      const r = await (await fetch(`${server.url}/__bench/index?from=${from}&to=${Math.min(size, from + 50)}&departments=${DEPARTMENTS}`)).json() as { cells: number; error?: string };
      if (r.error) throw new Error(r.error);
    }
    log(`indexed ${size} filings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    indexed = size;
    const d1 = join(server.persistDir, 'v3/d1');
    const bytes = dirBytes(d1);
    const at: Record<string, unknown> = { indexBytes: bytes, indexBytesPerFiling: Math.round(bytes / size) };
    for (const [name, path] of Object.entries(queries)) {
      at[name] = stats(await timed(server.url + path));
      log(`@${size} ${name}: ${JSON.stringify(at[name])}`);
    }
    out[`@${size}`] = at;
  }
  if (SIZES.length === 2) {
    const [a, b] = SIZES.map((s) => out[`@${s}`] as Record<string, { p50: number }>);
    out.ratios = Object.fromEntries(Object.keys(queries).map((q) => [q, +(b![q]!.p50 / a![q]!.p50).toFixed(2)]));
  }
  // From a signed publication's answer to its facts being queryable: the alarm's indexing, measured end to end.
  const lags: number[] = [];
  for (let i = 0; i < 20; i++) {
    const g = generatedFiling(900_000 + i, { prefix: 'lag' });
    const key = await registerKey(server, g.departmentId);
    await publish(server, g.filing, key);
    const t = performance.now();
    for (;;) {
      const r = (await (await fetch(`${server.url}/v1/facts?department=${g.departmentId}&year=${g.year}&limit=1`)).json()) as { items: unknown[] };
      if (r.items.length) break;
      if (performance.now() - t > 30_000) throw new Error('not indexed within 30 s');
      await new Promise((res) => setTimeout(res, 5));
    }
    lags.push(performance.now() - t);
  }
  out['publication → queryable'] = stats(lags);
  log(`publication → queryable: ${JSON.stringify(out['publication → queryable'])}`);
  report('query', out);
} finally {
  await server.stop();
}
