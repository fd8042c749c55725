// The bulk files read by an outside client, DuckDB (@duckdb/node-api): the year's Parquet has codes as
// VARCHAR and yuan as DECIMAL(18,2), and DuckDB's sums equal the exact sums computed with the project's own
// Exact arithmetic, in total and by table; the gzip CSV and NDJSON, read with the types the listing declares,
// give the same rows and the same sums. 200 generated filings (factors up to 60×, two templates).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_COLUMNS } from '../../src/core/contract/bulk.ts';
import { csvEncoder, ndjsonEncoder, parquetEncoder, yuanOf, type BulkEncoder, type BulkRow } from '../../src/core/bulk/encode.ts';
import { bulkRows } from '../../src/core/bulk/rows.ts';
import { Exact } from '../../src/core/exact.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { generatedFiling } from '../generate/filings.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bulk-'));
let db: DuckDBConnection;
const rows: BulkRow[] = [];

function encode(e: BulkEncoder, batch = 977): Buffer {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += batch) parts.push(...e.write(rows.slice(i, i + batch)));
  parts.push(...e.finish());
  return Buffer.concat(parts);
}

async function all(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** The exact sum of yuan, as DuckDB prints a DECIMAL: "123.45". */
const exactSum = (of: BulkRow[]) => of.reduce((s, r) => (r.fen === null ? s : s.plus(Exact.fromUnits(r.fen, 2))), Exact.ZERO).toFixed(2);

beforeAll(async () => {
  for (let i = 0; i < 200; i++) {
    const g = generatedFiling(i, { departments: 200, prefix: 'dk' });
    const parsed = parseFiling(g.filing);
    if (!parsed.ok) throw new Error(`filing ${i} does not parse`);
    rows.push(...bulkRows(parsed.filing, 1 + (i % 3)));
  }
  // A small row group, so that the file has many and DuckDB reads them all.
  writeFileSync(join(dir, 'year.parquet'), encode(parquetEncoder({ rowGroupSize: 10_000 })));
  writeFileSync(join(dir, 'year.csv.gz'), gzipSync(encode(csvEncoder())));
  writeFileSync(join(dir, 'year.ndjson.gz'), gzipSync(encode(ndjsonEncoder())));
  db = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);

afterAll(() => {
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDB reads the bulk files', () => {
  it('Parquet: codes VARCHAR, yuan DECIMAL(18,2), every column as the listing declares; sums equal the exact sums', async () => {
    expect(rows.length).toBeGreaterThan(30_000);
    const described = await all(`DESCRIBE SELECT * FROM '${join(dir, 'year.parquet')}'`);
    expect(described.map((c) => `${c.column_name} ${c.column_type}`)).toEqual(BULK_COLUMNS.map(([name, type]) => `${name} ${type === 'INT32' ? 'INTEGER' : type}`));
    const [t] = await all(`SELECT COUNT(*)::VARCHAR AS n, SUM(yuan)::VARCHAR AS total, COUNT(yuan)::VARCHAR AS money FROM '${join(dir, 'year.parquet')}'`);
    expect(t).toEqual({ n: String(rows.length), total: exactSum(rows), money: String(rows.filter((r) => r.fen !== null).length) });
    // By table and by region, exactly.
    const byTable = await all(`SELECT table_id, SUM(yuan)::VARCHAR AS total FROM '${join(dir, 'year.parquet')}' WHERE yuan IS NOT NULL GROUP BY table_id ORDER BY table_id`);
    const tables = [...new Set(rows.filter((r) => r.fen !== null).map((r) => r.tableId))].sort();
    expect(byTable).toEqual(tables.map((id) => ({ table_id: id, total: exactSum(rows.filter((r) => r.tableId === id)) })));
    const byRegion = await all(`SELECT region_code, SUM(yuan)::VARCHAR AS total FROM '${join(dir, 'year.parquet')}' GROUP BY ALL ORDER BY 1`);
    expect(byRegion).toEqual([...new Set(rows.map((r) => r.regionCode))].sort().map((code) => ({ region_code: code, total: exactSum(rows.filter((r) => r.regionCode === code)) })));
    // Codes keep their text: a code with a leading zero would survive; the classification codes are strings.
    const [code] = await all(`SELECT row_code, typeof(row_code) AS t FROM '${join(dir, 'year.parquet')}' WHERE row_code = '2010301' LIMIT 1`);
    expect(code).toEqual({ row_code: '2010301', t: 'VARCHAR' });
    // The printed values come back byte for byte.
    const values = await all(`SELECT value FROM '${join(dir, 'year.parquet')}'`);
    expect(values.map((v) => v.value)).toEqual(rows.map((r) => r.value));
  }, 60_000);

  it('CSV and NDJSON (gzip), read with the declared types, hold the same rows and sums', async () => {
    const types = `{${BULK_COLUMNS.map(([n, t]) => `'${n}': '${t === 'INT32' ? 'INTEGER' : t}'`).join(', ')}}`;
    const csv = `read_csv('${join(dir, 'year.csv.gz')}', header = true, allow_quoted_nulls = false, columns = ${types})`;
    const ndjson = `read_json('${join(dir, 'year.ndjson.gz')}', format = 'newline_delimited', columns = ${types})`;
    for (const source of [csv, ndjson]) {
      const [t] = await all(`SELECT COUNT(*)::VARCHAR AS n, SUM(yuan)::VARCHAR AS total FROM ${source}`);
      expect(t, source).toEqual({ n: String(rows.length), total: exactSum(rows) });
      const diff = await all(`SELECT COUNT(*)::VARCHAR AS n FROM (SELECT * FROM ${source} EXCEPT ALL SELECT * FROM '${join(dir, 'year.parquet')}')`);
      expect(diff[0], source).toEqual({ n: '0' });
    }
    // A blank yuan is null, not zero, and yuan is the printed value in 元 exactly.
    const sample = rows.find((r) => r.unit === '万元' && r.fen !== null)!;
    expect(Exact.parse(yuanOf(sample.fen)!).eq(Exact.parse(sample.value).times(10_000))).toBe(true);
  }, 60_000);
});
