// The catalog at 100 and at 10,000 datasets: p50 of a first page and of a filtered query; then, at
// 10,000, the sizes of the harvest catalogs: the DCAT-AP 3 pages, /data.json's index pages and a
// department's own data.json and DCAT catalog, raw and gzipped.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  report(`harvest catalogs' sizes @${loaded}`, await harvestSizes(server.url, loaded));
} finally {
  await server.stop();
}

interface Sizes { pages: number; totalBytes: number; maxPageBytes: number; firstPageBytes: number; firstPageGzip: number }

/** Follow a document's next links from `path`, adding up the bytes. */
async function walk(base: string, path: string, next: (doc: any) => string | null): Promise<Sizes & { docs: any[] }> {
  const out = { pages: 0, totalBytes: 0, maxPageBytes: 0, firstPageBytes: 0, firstPageGzip: 0, docs: [] as any[] };
  for (let url: string | null = base + path; url; ) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    const bytes = Buffer.from(await r.arrayBuffer());
    if (!out.pages) [out.firstPageBytes, out.firstPageGzip] = [bytes.byteLength, gzipSync(bytes).byteLength];
    out.pages++;
    out.totalBytes += bytes.byteLength;
    out.maxPageBytes = Math.max(out.maxPageBytes, bytes.byteLength);
    const doc = JSON.parse(bytes.toString('utf8'));
    if (out.docs.length < 1) out.docs.push(doc);
    url = next(doc);
  }
  return out;
}

async function harvestSizes(base: string, datasets: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const dcat = await walk(base, '/v1/catalog.jsonld', (doc) => doc['@graph'][1]['hydra:next'] ?? null);
  const dcatMs = performance.now() - t0;
  const t1 = performance.now();
  const index = await walk(base, '/data.json', (doc) => doc.next);
  const indexMs = performance.now() - t1;
  const first = index.docs[0].catalogs[0];
  const size = async (url: string) => {
    const b = Buffer.from(await (await fetch(url)).arrayBuffer());
    return { bytes: b.byteLength, gzip: gzipSync(b).byteLength };
  };
  const departmentDataJson = await size(first.dataJson.replace(/^https?:\/\/[^/]+/, base));
  const departmentDcat = await size(first.dcat.replace(/^https?:\/\/[^/]+/, base));
  const strip = ({ docs: _docs, ...rest }: Sizes & { docs: unknown[] }) => rest;
  return {
    datasets,
    dcat: { ...strip(dcat), perDataset: Math.round(dcat.totalBytes / datasets), ms: Math.round(dcatMs) },
    dataJsonIndex: { ...strip(index), perDepartment: Math.round(index.totalBytes / datasets), ms: Math.round(indexMs) },
    departmentDataJson,
    departmentDcat,
    // What /data.json as one document (contract 1) would have been: every department's entries in one.
    wholeDataJsonEstimate: departmentDataJson.bytes * datasets,
  };
}
