// Mirror sync cost: a full mirror of N generated filings, then 10 changes (corrections and
// withdrawals) and an incremental sync — wall time, requests and bytes of each, and the ratio of
// incremental to full bytes (goal: at most 2%). One `BENCH {json}` line at the end (scripts/bench.mjs).
// Run: npx tsx bench/mirror.bench.ts            (N = 1000)
//      MIRROR_BENCH_N=100 npx tsx bench/mirror.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { mirror, type MirrorReport } from '../src/cli/mirror/index.ts';
import { formatBytes } from '../src/cli/mirror/progress.ts';
import { correct, publishMany, withdraw } from '../test/node/mirror/support.ts';
import { startServer } from '../test/node/support/server.ts';
import { report } from './support.ts';

const N = Number(process.env.MIRROR_BENCH_N ?? 1000);
const PARALLEL = Number(process.env.MIRROR_BENCH_PARALLEL ?? 8);
const CHANGES = 10;
const GOAL = 0.02;
const log = (line: string) => process.stderr.write(line + '\n');
const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

const server = await startServer();
const dir = mkdtempSync(join(tmpdir(), 'gongkai-mirror-bench-'));
try {
  let t = performance.now();
  const pubs = await publishMany(server, 'bench', N, PARALLEL);
  const publishMs = Math.round(performance.now() - t);
  log(`published ${N} filings in ${(publishMs / 1000).toFixed(1)} s`);

  const full = await mirror({ source: server.url, dir, out: quiet, tty: false });
  if (full.refused.length || full.errors.length || full.versionsAdded !== N) throw new Error(`the full mirror is incomplete: ${JSON.stringify(full).slice(0, 500)}`);
  log(summary('full', full));

  // 10 changes: half corrections, half withdrawals, spread over the catalog.
  t = performance.now();
  const step = Math.max(1, Math.floor(N / CHANGES));
  for (let i = 0; i < CHANGES; i++) {
    const p = pubs[(i * step) % N]!;
    if (i % 2 === 0) await correct(server, p, `更正 ${i}`);
    else await withdraw(server, p.departmentId, p.year, 1, `基准测试撤回 ${i}`);
  }
  log(`made ${CHANGES} changes in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const incremental = await mirror({ source: server.url, dir, out: quiet, tty: false });
  if (incremental.refused.length || incremental.errors.length || incremental.versionsAdded + incremental.versionsWithdrawn !== CHANGES) {
    throw new Error(`the incremental sync did not apply the ${CHANGES} changes: ${JSON.stringify(incremental).slice(0, 500)}`);
  }
  log(summary('incremental', incremental));
  const ratio = incremental.bytes / full.bytes;
  log(`incremental / full bytes: ${(ratio * 100).toFixed(3)}% (goal ≤ ${GOAL * 100}%) ${ratio <= GOAL ? 'OK' : 'OVER'}`);
  const harvest = await harvestCatalogs(server.url);
  log(`harvest: /data.json ${formatBytes(harvest.dataJson.bytes)} in ${harvest.dataJson.ms} ms; /v1/catalog.jsonld ${harvest.dcat.pages} page(s), ${formatBytes(harvest.dcat.bytes)} in ${harvest.dcat.ms} ms`);
  report('mirror', {
    filings: N, changes: CHANGES, publishMs,
    full: pick(full), incremental: pick(incremental),
    bytesRatio: Number(ratio.toFixed(5)), goal: GOAL, ok: ratio <= GOAL, harvest,
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** What a harvester pays for the catalogs: /data.json once, and every page of the DCAT catalog. */
async function harvestCatalogs(url: string) {
  let t = performance.now();
  const dataJson = Buffer.from(await (await fetch(`${url}/data.json`)).arrayBuffer()).byteLength;
  const dataJsonMs = Math.round(performance.now() - t);
  t = performance.now();
  let next: string | undefined = `${url}/v1/catalog.jsonld`;
  let pages = 0;
  let bytes = 0;
  while (next) {
    const text = await (await fetch(next)).text();
    bytes += Buffer.byteLength(text);
    pages++;
    const paging = (JSON.parse(text)['@graph'] as Record<string, unknown>[]).find((n) => n['@type'] === 'hydra:PagedCollection');
    next = paging?.['hydra:next'] as string | undefined;
  }
  return { dataJson: { bytes: dataJson, ms: dataJsonMs }, dcat: { pages, bytes, ms: Math.round(performance.now() - t) } };
}

function pick(r: MirrorReport) {
  return { ms: r.ms, requests: r.requests, bytes: r.bytes, filesFetched: r.filesFetched, filesReused: r.filesReused, versionsAdded: r.versionsAdded, versionsWithdrawn: r.versionsWithdrawn };
}

function summary(name: string, r: MirrorReport): string {
  return `${name}: ${(r.ms / 1000).toFixed(1)} s, ${r.requests} requests, ${formatBytes(r.bytes)} (${r.bytes} bytes); ${r.filesFetched} files fetched, ${r.filesReused} reused; +${r.versionsAdded} -${r.versionsWithdrawn} versions`;
}
