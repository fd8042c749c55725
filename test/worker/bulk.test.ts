// Bulk files: a publication, a correction and a withdrawal each remake the year's and the region's files by
// themselves (the Registry's alarm indexes, marks them stale in the same batch, wakes the exporter), under a
// new name each time; the listing's sha256, bytes and rows are the files'; the rows are the facts of the
// latest versions; the files answer ETag, 304, Range and HEAD; bad names and years are problems.
import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BulkIndexSchema, BulkYearSchema, type BulkFile, type BulkIndex, type BulkYear } from '../../src/core/contract/bulk.ts';
import { filingFacts } from '../../src/core/facts/facts.ts';
import { toHex } from '../../src/core/bytes.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import type { Env } from '../../src/worker/env.ts';
import { generatedFiling } from '../generate/filings.ts';
import { ADMIN, call, expectProblem, registerKey, submit, type TestKey } from './support.ts';

const keys = new Map<string, TestKey>();
async function publish(filing: Record<string, any>): Promise<void> {
  const d = filing.department.id as string;
  if (!keys.has(d)) keys.set(d, await registerKey(d));
  const r = await submit(filing, keys.get(d)!);
  expect(r.status, `${d}/${filing.year}`).toBe(201);
}
const withdraw = (d: string, y: number, n: number) => call(`/v1/admin/datasets/${d}/${y}/versions/${n}/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '测试撤回' }) });

/** The year's listing once `ok` holds of it (the exporter runs on its own after the index). */
async function listingWhen(year: number, ok: (y: BulkYear) => boolean, timeoutMs = 60_000): Promise<BulkYear> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    // Settled: no partition of the year is stale (one never made yet is not in its listing, but in the index's).
    // Every answer is the documented document (contract/bulk.ts).
    const index = v.parse(BulkIndexSchema, await (await call('/v1/bulk')).json());
    const r = await call(`/v1/bulk/${year}`);
    if (r.status === 200) {
      const y = v.parse(BulkYearSchema, await r.json());
      last = y;
      if (ok(y) && index.years.find((x) => x.year === year)?.stale === false) return y;
    } else last = r.status;
    if (Date.now() > deadline) throw new Error(`the bulk files of ${year} did not come: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

async function bytesOf(f: BulkFile): Promise<Uint8Array> {
  const r = await call(f.url);
  expect(r.status, f.url).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
}
const gunzip = async (b: Uint8Array) => new TextDecoder().decode(await new Response(new Response(b as Uint8Array<ArrayBuffer>).body!.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
const sha = async (b: Uint8Array) => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource)));

/** What the files should hold of a filing: one line per printed figure. */
function expected(filing: unknown, version: number): string[] {
  const parsed = parseFiling(filing);
  if (!parsed.ok) throw new Error('not a filing');
  return filingFacts(parsed.filing).map((f) => `${parsed.filing.department.id}|${version}|${f.table}|${f.rowId}|${f.column}|${f.value}|${f.unit}`);
}
async function ndjsonRows(f: BulkFile): Promise<Record<string, unknown>[]> {
  return (await gunzip(await bytesOf(f))).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
const line = (r: Record<string, unknown>) => `${r.department_id}|${r.version}|${r.table_id}|${r.row_id}|${r.column_key}|${r.value}|${r.unit}`;
const part = (y: BulkYear, region: string | null) => y.partitions.find((p) => p.region === region);

describe('bulk files', () => {
  const a = generatedFiling(1, { departments: 10, prefix: 'bk' }); // 140603
  const b = generatedFiling(4, { departments: 10, prefix: 'bk' }); // 310101
  const year = a.year;

  it('appear after publication, for the year and each region level, listed with their sha256, bytes and rows; the rows are the facts', async () => {
    expect(b.year).toBe(year);
    await publish(a.filing);
    await publish(b.filing);
    const want = [...expected(a.filing, 1), ...expected(b.filing, 1)].sort();
    const listing = await listingWhen(year, (y) => part(y, null)?.rows === want.length && !part(y, null)!.stale);
    expect(listing.partitions.map((p) => `${p.level}:${p.region}`)).toEqual(['year:null', 'province:14', 'city:1406', 'county:140603', 'province:31', 'city:3101', 'county:310101']);
    const whole = part(listing, null)!;
    expect(whole.files.map((f) => f.format)).toEqual(['csv', 'ndjson', 'parquet']);
    for (const f of whole.files) {
      const body = await bytesOf(f);
      expect(body.byteLength, f.name).toBe(f.bytes);
      expect(await sha(body), f.name).toBe(f.sha256);
      expect(f.rows).toBe(want.length);
      expect(f.name).toMatch(new RegExp(`^gongkai-facts-${year}-g\\d+\\.`));
    }
    expect((await ndjsonRows(whole.files[1]!)).map(line).sort()).toEqual(want);
    // CSV: the header, then one record per figure; codes as text, names neutralised as the table CSVs' are.
    const csv = (await gunzip(await bytesOf(whole.files[0]!))).split('\r\n').filter(Boolean);
    expect(csv[0]).toBe('year,region_code,department_id,department_name,template,version,table_id,section,row_id,row_key,row_code,level,row_name,column_key,value,unit,yuan');
    expect(csv.length - 1).toBe(want.length);
    expect(csv.some((l) => l.includes(',2010301,'))).toBe(true);
    const parquet = await bytesOf(whole.files[2]!);
    expect(new TextDecoder().decode(parquet.subarray(0, 4)) + new TextDecoder().decode(parquet.subarray(-4))).toBe('PAR1PAR1');
    // A region's files hold its departments' figures only.
    expect((await ndjsonRows(part(listing, '31')!.files[1]!)).map(line).sort()).toEqual(expected(b.filing, 1).sort());
    expect((await ndjsonRows(part(listing, '140603')!.files[1]!)).map(line).sort()).toEqual(expected(a.filing, 1).sort());
    // The index lists the year with its whole files.
    const index = (await (await call('/v1/bulk')).json()) as BulkIndex;
    const listed = index.years.find((x) => x.year === year)!;
    expect(listed.partitions).toBe(7);
    expect(listed.files.map((f) => f.name)).toEqual(whole.files.map((f) => f.name));
    expect(index.columns.find((c) => c.name === 'yuan')!.type).toBe('DECIMAL(18,2)');
  }, 120_000);

  it('a correction makes a new generation under a new name (the old one still served), a withdrawal takes the figures out', async () => {
    const before = await listingWhen(year, (y) => !!part(y, null) && !part(y, null)!.stale);
    const old = part(before, '14')!;
    const corrected = structuredClone(a.filing);
    corrected.tables[0].sections[0].rows[0].values = Object.fromEntries(Object.keys(corrected.tables[0].sections[0].rows[0].values).map((k) => [k, '0.00']));
    await publish(corrected);
    const want2 = expected(corrected, 2).sort();
    const after = await listingWhen(year, (y) => (part(y, '14')?.generation ?? 0) > old.generation && !part(y, '14')!.stale);
    const now = part(after, '14')!;
    expect(now.files.map((f) => f.name)).not.toEqual(old.files.map((f) => f.name));
    expect((await ndjsonRows(now.files[1]!)).map(line).sort()).toEqual(want2);
    // The generation before is still there for a download begun earlier, byte for byte.
    const kept = await bytesOf(old.files[1]!);
    expect(await sha(kept)).toBe(old.files[1]!.sha256);
    // The other region's partition did not change.
    expect(part(after, '31')!.generation).toBe(part(before, '31')!.generation);

    // Withdrawn, the correction's figures go and the first version's are back.
    expect((await withdraw(a.departmentId, year, 2)).status).toBe(200);
    const back = await listingWhen(year, (y) => (part(y, '14')?.generation ?? 0) > now.generation && !part(y, '14')!.stale);
    expect((await ndjsonRows(part(back, '14')!.files[1]!)).map(line).sort()).toEqual(expected(a.filing, 1).sort());
    // Every version withdrawn: the department's regions are no longer listed; the year keeps the other.
    expect((await withdraw(a.departmentId, year, 1)).status).toBe(200);
    const gone = await listingWhen(year, (y) => !part(y, '14') && !part(y, null)!.stale && part(y, null)!.generation > part(back, null)!.generation);
    expect(gone.partitions.map((p) => p.region)).toEqual([null, '31', '3101', '310101']);
    expect((await ndjsonRows(part(gone, null)!.files[1]!)).map(line).sort()).toEqual(expected(b.filing, 1).sort());
  }, 120_000);

  it('serves a file with its sha256 as a strong ETag, 304, one range, HEAD with its length; bad names and years are problems', async () => {
    const listing = await listingWhen(year, (y) => !!part(y, null));
    const f = part(listing, null)!.files[2]!;
    const whole = await bytesOf(f);
    const r = await call(f.url);
    expect(r.headers.get('etag')).toBe(`"${f.sha256}"`);
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect(r.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    await r.arrayBuffer();
    expect((await call(f.url, { headers: { 'if-none-match': `"${f.sha256}"` } })).status).toBe(304);
    const ranged = await call(f.url, { headers: { range: 'bytes=4-99' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 4-99/${f.bytes}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(whole.subarray(4, 100));
    const tail = await call(f.url, { headers: { range: 'bytes=-4' } });
    expect(new TextDecoder().decode(await tail.arrayBuffer())).toBe('PAR1');
    // If-Range on another tag: the whole file.
    expect((await call(f.url, { headers: { range: 'bytes=0-3', 'if-range': '"other"' } })).status).toBe(200);
    await expectProblem(await call(f.url, { headers: { range: `bytes=${f.bytes}-` } }), 416, 'range-not-satisfiable');
    const head = await call(f.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(f.bytes));
    await expectProblem(await call(`/v1/bulk/${year}/nothing.csv`), 404, 'not-found');
    await expectProblem(await call(`/v1/bulk/${year}/gongkai-facts-${year}-g99999.parquet`), 404, 'not-found');
    await expectProblem(await call(`/v1/bulk/${year + 1}/${f.name}`), 404, 'not-found');
    await expectProblem(await call('/v1/bulk/1999'), 404, 'not-found');
    await expectProblem(await call('/v1/bulk/99'), 404, 'not-found');
    await expectProblem(await call('/v1/bulk', {}, { BULK: undefined } as Partial<Env>), 503, 'no-bulk');
    // The listings are documented, with their schemas.
    const spec = (await (await call('/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/bulk', '/v1/bulk/{year}', '/v1/bulk/{year}/{file}']));
    expect(spec.components.schemas).toHaveProperty('BulkIndex');
    expect(spec.components.schemas).toHaveProperty('BulkYear');
    expect((env as Env).BULK).toBeDefined();
  }, 60_000);
});
