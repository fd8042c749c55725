// Bulk export of 10,000 generated filings (2,500 departments × 4 years, some 183 figures each).
//
// 1. The encoders alone (src/core/bulk, in Node): each year's file in each format, gzip for CSV and NDJSON
//    (the runtime's CompressionStream, as the Worker does) and SHA-256 as the exporter does; the time per
//    format for all four years and the bytes, median of BULK_BENCH_RUNS runs (3).
// 2. End to end under wrangler dev (BULK_BENCH_E2E=0 skips it): the 10,000 filings indexed into D1 with the
//    index's own writer (which marks the partitions stale), then the exporter Durable Object remakes the 4
//    years' partitions from D1 into R2 (local), BULK_BENCH_E2E_RUNS times (median), and then once every
//    region's (provinces, cities, counties: BULK_BENCH_REGIONS=0 skips them).
import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { join } from 'node:path';
import { bulkEncoder, type BulkRow } from '../src/core/bulk/encode.ts';
import { bulkRows } from '../src/core/bulk/rows.ts';
import { BULK_FORMATS, type BulkFormat } from '../src/core/contract/bulk.ts';
import { parseFiling } from '../src/core/model/parse.ts';
import { generatedFiling } from '../test/generate/filings.ts';
import { startServer } from '../test/node/support/server.ts';
import { median, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const FILINGS = Number(process.env.BULK_BENCH_FILINGS ?? 10_000);
const DEPARTMENTS = FILINGS / 4;
const RUNS = Number(process.env.BULK_BENCH_RUNS ?? 3);
const E2E_RUNS = Number(process.env.BULK_BENCH_E2E_RUNS ?? RUNS);
const log = (line: string) => process.stderr.write(line + '\n');

async function exportYear(format: BulkFormat, rows: readonly BulkRow[]): Promise<{ bytes: number; raw: number }> {
  const encoder = bulkEncoder(format);
  const hash = createHash('sha256');
  let bytes = 0;
  let raw = 0;
  const gzip = format === 'parquet' ? null : new CompressionStream('gzip');
  const writer = gzip?.writable.getWriter();
  const pump = gzip ? (async () => {
    for await (const c of gzip.readable as unknown as AsyncIterable<Uint8Array>) {
      hash.update(c);
      bytes += c.byteLength;
    }
  })() : null;
  const put = async (chunks: Uint8Array[]) => {
    for (const c of chunks) {
      raw += c.byteLength;
      if (writer) await writer.write(c);
      else {
        hash.update(c);
        bytes += c.byteLength;
      }
    }
  };
  for (let i = 0; i < rows.length; i += 20_000) await put(encoder.write(rows.slice(i, i + 20_000)));
  await put(encoder.finish());
  if (writer) {
    await writer.close();
    await pump;
  }
  hash.digest('hex');
  return { bytes, raw };
}

/** A GET that may take many minutes (fetch gives up on headers after 5): an export of a year at 10,000 filings. */
function longGet(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { timeout: 0 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(new Error(`${url}: ${res.statusCode} ${body.slice(0, 300)} (${(e as Error).message})`));
        }
      });
    }).on('error', reject);
  });
}

// 1. The encoders.
const t0 = performance.now();
const years = new Map<number, BulkRow[]>();
for (let i = 0; i < (process.env.BULK_BENCH_ENCODERS === '0' ? 0 : FILINGS); i++) {
  const g = generatedFiling(i, { departments: DEPARTMENTS, prefix: 'bench' });
  const parsed = parseFiling(g.filing);
  if (!parsed.ok) throw new Error(`filing ${i} does not parse`);
  const list = years.get(g.year) ?? [];
  for (const r of bulkRows(parsed.filing, 1)) list.push(r);
  years.set(g.year, list);
}
const rowCount = [...years.values()].reduce((n, r) => n + r.length, 0);
log(`${FILINGS} filings, ${rowCount} rows in ${years.size} years, made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const encoders: Record<string, unknown> = {};
for (const format of process.env.BULK_BENCH_ENCODERS === '0' ? [] : BULK_FORMATS) {
  const ms: number[] = [];
  let bytes = 0;
  let raw = 0;
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now();
    bytes = 0;
    raw = 0;
    for (const rows of years.values()) {
      const r = await exportYear(format, rows);
      bytes += r.bytes;
      raw += r.raw;
    }
    ms.push(performance.now() - t);
  }
  encoders[format] = { ms: Math.round(median(ms)), bytes, bytesPerRow: +(bytes / rowCount).toFixed(1), ...(format === 'parquet' ? {} : { uncompressedBytes: raw }) };
  log(`${format}: ${JSON.stringify(encoders[format])}`);
}
years.clear();

// 2. End to end: D1 → encoders → R2 in the exporter Durable Object, under wrangler dev.
let endToEnd: Record<string, unknown> | null = null;
if (process.env.BULK_BENCH_E2E !== '0') {
  const server = await startServer({ config: join(ROOT, 'bench/harness/bulk.toml') });
  try {
    const t = performance.now();
    for (let from = 0; from < FILINGS; from += 50) {
      const r = (await longGet(`${server.url}/__bench/index?from=${from}&to=${Math.min(FILINGS, from + 50)}&departments=${DEPARTMENTS}`)) as { error?: string };
      if (r.error) throw new Error(r.error);
      if ((from / 50) % 20 === 19) log(`indexed ${from + 50} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    log(`indexed ${FILINGS} filings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    type Part = { year: number; region: string | null; rows: number; ms: number; files: { format: string; bytes: number }[] };
    const exportNow = async (query: string): Promise<{ ms: number; parts: Part[] }> => {
      const started = performance.now();
      const r = (await longGet(`${server.url}/__bench/bulk?${query}`)) as { error?: string; exported: Part[] };
      if (r.error) throw new Error(r.error);
      const ms = performance.now() - started;
      log(`export ${query}: ${r.exported.length} partitions, ${r.exported.reduce((n, p) => n + p.rows, 0)} rows in ${(ms / 1000).toFixed(1)} s`);
      return { ms, parts: r.exported };
    };
    const sum = (ps: Part[], f: BulkFormat) => ps.reduce((n, p) => n + (p.files.find((x) => x.format === f)?.bytes ?? 0), 0);
    // The whole years, E2E_RUNS times (each run remakes them all); then, once, every region's partitions.
    const yearRuns: { ms: number; parts: Part[] }[] = [];
    for (let run = 0; run < E2E_RUNS; run++) yearRuns.push(await exportNow(run === 0 ? 'regions=0' : 'stale=all&regions=0'));
    const years = yearRuns.at(-1)!.parts;
    endToEnd = {
      yearPartitions: years.length,
      yearRows: years.reduce((n, p) => n + p.rows, 0),
      yearsMs: Math.round(median(yearRuns.map((r) => r.ms))),
      yearsMsEach: yearRuns.map((r) => Math.round(r.ms)),
      yearBytes: Object.fromEntries(BULK_FORMATS.map((f) => [f, sum(years, f)])),
    };
    if (process.env.BULK_BENCH_REGIONS !== '0') {
      const regions = await exportNow('regions=1');
      endToEnd.regionPartitions = regions.parts.length;
      endToEnd.regionRows = regions.parts.reduce((n, p) => n + p.rows, 0);
      endToEnd.regionsMs = Math.round(regions.ms);
      endToEnd.regionBytes = Object.fromEntries(BULK_FORMATS.map((f) => [f, sum(regions.parts, f)]));
    }
    log(`end to end: ${JSON.stringify(endToEnd)}`);
  } finally {
    await server.stop();
  }
}

report('bulk', { filings: FILINGS, rows: rowCount, runs: RUNS, encoders, endToEnd });
