// The catalog at 100 and at 10,000 datasets: p50 of a first page and of a filtered query.
import { join } from 'node:path';
import { startServer } from '../test/node/support/server.ts';
import { load, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? '5');
const FIRST = '/v1/datasets?limit=100';
// limit=10: both sizes return a full page, so the comparison is of the query, not of the page's size.
const FILTERED = `/v1/datasets?year=2023&region=1406&q=${encodeURIComponent('行政审批')}&limit=10`;

const server = await startServer({ config: join(ROOT, 'bench/harness/catalog.toml') });
try {
  const out: Record<string, unknown> = { connections: 10, seconds };
  let loaded = 0;
  for (const size of [100, 10_000]) {
    const r = (await (await fetch(`${server.url}/__bench/fill?n=${size}`)).json()) as { count: number };
    loaded = r.count;
    out[`first page @${loaded}`] = await load(server.url + FIRST, { connections: 10, seconds });
    out[`filtered @${loaded}`] = await load(server.url + FILTERED, { connections: 10, seconds });
  }
  const p50 = (k: string) => (out[k] as { p50: number }).p50;
  out.firstPageRatio = +(p50(`first page @${loaded}`) / Math.max(p50('first page @100'), 0.5)).toFixed(2);
  out.filteredRatio = +(p50(`filtered @${loaded}`) / Math.max(p50('filtered @100'), 0.5)).toFixed(2);
  report('catalog: 100 vs 10,000 datasets', out);
} finally {
  await server.stop();
}
