// One partition's bulk files, made from the facts index (D1) into R2: the partition's departments a page at a
// time (their latest versions' figures, by the index's primary key), each page through the three encoders
// (core/bulk/encode.ts) and on to R2 as it comes; then, in one D1 batch, the new generation listed, the one
// before it superseded, and the stale mark that was exported cleared (a mark made meanwhile stays).
import { BULK_FORMATS, BULK_MEDIA_TYPES, bulkFileName, type BulkFormat, type BulkPartition } from '../../../core/contract/bulk.ts';
import { bulkEncoder, type BulkRow } from '../../../core/bulk/encode.ts';
import { gzipSink, r2Sink, type Sink } from './sink.ts';
import { BULK_SCHEMA } from './schema.ts';

/** Departments a D1 query reads the figures of (some 200 figures each). */
const PAGE = 100;

export interface ExportedFile {
  format: BulkFormat;
  name: string;
  bytes: number;
  sha256: string;
  rows: number;
}

export interface Exported {
  partition: BulkPartition;
  generation: number | null;
  rows: number;
  files: ExportedFile[];
  /** Wall time (ms): reading, encoding and storing. */
  ms: number;
}

let ready: Promise<void> | null = null;

export function ensureBulkSchema(db: D1Database): Promise<void> {
  ready ??= db.batch(BULK_SCHEMA.map((s) => db.prepare(s))).then(() => undefined, (e) => {
    ready = null;
    throw e;
  });
  return ready;
}

export const objectKey = (year: number, name: string): string => `${year}/${name}`;

/** Region '' is the whole year; else the codes under the prefix: [prefix, prefix with its last digit + 1). */
function regionRange(region: string): [string, string] {
  return region === '' ? ['', '\uffff'] : [region, region.slice(0, -1) + String.fromCharCode(region.charCodeAt(region.length - 1) + 1)];
}

async function* partitionRows(db: D1Database, p: BulkPartition): AsyncGenerator<BulkRow[]> {
  const [from, to] = regionRange(p.region ?? '');
  let after = '';
  for (;;) {
    const depts = (await db.prepare(
      'SELECT department_id, name, region_code, template FROM departments WHERE year = ? AND region_code >= ? AND region_code < ? AND department_id > ? ORDER BY department_id LIMIT ?',
    ).bind(p.year, from, to, after, PAGE).raw<[string, string, string, string]>());
    if (depts.length === 0) return;
    after = depts.at(-1)![0];
    const byId = new Map(depts.map((d) => [d[0], d]));
    const facts = await db.prepare(
      `SELECT department_id, version, table_id, section, row_id, row, row_code, level, row_name, column_key, value, unit, fen FROM facts
       WHERE department_id IN (SELECT value FROM json_each(?1)) AND year = ?2 AND latest = 1 ORDER BY department_id, table_id, row_id, column_key`,
    ).bind(JSON.stringify(depts.map((d) => d[0])), p.year).raw<[string, number, string, string, string, string, string | null, number | null, string, string, string, string, number | null]>();
    yield facts.map((f) => {
      const d = byId.get(f[0])!;
      return {
        year: p.year, regionCode: d[2], departmentId: f[0], departmentName: d[1], template: d[3], version: f[1], tableId: f[2], section: f[3], rowId: f[4], rowKey: f[5],
        rowCode: f[6], level: f[7], rowName: f[8], columnKey: f[9], value: f[10], unit: f[11], fen: f[12] === null ? null : BigInt(f[12]),
      };
    });
    if (depts.length < PAGE) return;
  }
}

async function hasDepartments(db: D1Database, p: BulkPartition): Promise<boolean> {
  const [from, to] = regionRange(p.region ?? '');
  return (await db.prepare('SELECT 1 FROM departments WHERE year = ? AND region_code >= ? AND region_code < ? LIMIT 1').bind(p.year, from, to).first()) !== null;
}

/** Make the partition's next generation of files, list it and clear `mark` (the stale mark read before). */
export async function exportPartition(db: D1Database, bucket: R2Bucket, p: BulkPartition, mark: number | null, now = () => Date.now()): Promise<Exported> {
  const started = now();
  await ensureBulkSchema(db);
  const region = p.region ?? '';
  const clear = mark === null ? [] : [db.prepare('DELETE FROM bulk_stale WHERE year = ? AND region = ? AND mark = ?').bind(p.year, region, mark)];
  const supersede = (at: string) => db.prepare('UPDATE bulk_files SET current = 0, superseded_at = ? WHERE year = ? AND region = ? AND current = 1').bind(at, p.year, region);
  if (!(await hasDepartments(db, p))) {
    // Nothing published here (any more): the partition is no longer listed.
    await db.batch([supersede(new Date(now()).toISOString()), ...clear]);
    return { partition: p, generation: null, rows: 0, files: [], ms: now() - started };
  }
  const generation = (await db.prepare(
    'INSERT INTO bulk_generations (year, region, last) VALUES (?, ?, 1) ON CONFLICT (year, region) DO UPDATE SET last = last + 1 RETURNING last',
  ).bind(p.year, region).first<{ last: number }>())!.last;
  const targets = BULK_FORMATS.map((format) => {
    const name = bulkFileName(p, generation, format);
    const disposition = `attachment; filename="${name}"`;
    const raw = r2Sink(bucket, objectKey(p.year, name), { contentType: BULK_MEDIA_TYPES[format], contentDisposition: disposition, cacheControl: 'public, max-age=31536000, immutable' });
    const sink: Sink = format === 'parquet' ? raw : gzipSink(raw);
    return { format, name, sink, encoder: bulkEncoder(format) };
  });
  try {
    for await (const rows of partitionRows(db, p)) {
      for (const t of targets) for (const chunk of t.encoder.write(rows)) await t.sink.write(chunk);
    }
    const files: ExportedFile[] = [];
    for (const t of targets) {
      for (const chunk of t.encoder.finish()) await t.sink.write(chunk);
      const w = await t.sink.close();
      files.push({ format: t.format, name: t.name, bytes: w.bytes, sha256: w.sha256, rows: t.encoder.rows });
    }
    const at = new Date(now()).toISOString();
    await db.batch([
      supersede(at),
      ...files.map((f) => db.prepare(
        'INSERT OR REPLACE INTO bulk_files (name, year, region, format, generation, current, sha256, bytes, rows, generated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)',
      ).bind(f.name, p.year, region, f.format, generation, f.sha256, f.bytes, f.rows, at)),
      ...clear,
    ]);
    return { partition: p, generation, rows: files[0]!.rows, files, ms: now() - started };
  } catch (e) {
    await Promise.all(targets.map((t) => t.sink.abort()));
    throw e;
  }
}

/** Files superseded more than `graceMs` ago: their objects and rows go (a bounded number a call). */
export async function collectSuperseded(db: D1Database, bucket: R2Bucket, graceMs: number, now = Date.now()): Promise<number> {
  await ensureBulkSchema(db);
  const old = await db.prepare('SELECT name, year FROM bulk_files WHERE current = 0 AND superseded_at < ? LIMIT 100').bind(new Date(now - graceMs).toISOString()).all<{ name: string; year: number }>();
  if (old.results.length === 0) return 0;
  await bucket.delete(old.results.map((f) => objectKey(f.year, f.name)));
  await db.batch(old.results.map((f) => db.prepare('DELETE FROM bulk_files WHERE name = ?').bind(f.name)));
  return old.results.length;
}
