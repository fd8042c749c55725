// Reading the bulk files for the routes: the listing from D1 (every current file with its sha256, bytes, rows
// and time, and whether its partition is stale), a file's record by name, and its bytes (or a range) from R2.
import {
  BULK_COLUMNS, BULK_FORMATS, BULK_MEDIA_TYPES, REGION_LEVELS, bulkFilePath, bulkYearPath,
  type BulkFile, type BulkFormat, type BulkIndex, type BulkPartitionListing, type BulkYear,
} from '../../../core/contract/bulk.ts';
import { ensureBulkSchema, objectKey } from './export.ts';

interface FileRow {
  name: string;
  year: number;
  region: string;
  format: string;
  generation: number;
  sha256: string;
  bytes: number;
  rows: number;
  generated_at: string;
}

export interface StoredBulkFile {
  name: string;
  year: number;
  mediaType: string;
  bytes: number;
  sha256: string;
}

const fileOf = (r: FileRow): BulkFile => ({
  format: r.format as BulkFormat, name: r.name, url: bulkFilePath(r.year, r.name), mediaType: BULK_MEDIA_TYPES[r.format as BulkFormat],
  bytes: r.bytes, sha256: r.sha256, rows: r.rows, generatedAt: r.generated_at,
});

const order = (a: FileRow, b: FileRow) => BULK_FORMATS.indexOf(a.format as BulkFormat) - BULK_FORMATS.indexOf(b.format as BulkFormat);

export class BulkFiles {
  constructor(private readonly db: D1Database, private readonly bucket: R2Bucket) {}

  async index(): Promise<BulkIndex> {
    await ensureBulkSchema(this.db);
    const [files, counts, stale] = await this.db.batch([
      this.db.prepare("SELECT * FROM bulk_files WHERE current = 1 AND region = '' ORDER BY year"),
      this.db.prepare('SELECT year, COUNT(DISTINCT region) AS n FROM bulk_files WHERE current = 1 GROUP BY year'),
      this.db.prepare('SELECT DISTINCT year FROM bulk_stale'),
    ]);
    const rows = (files!.results as unknown as FileRow[]);
    const n = new Map((counts!.results as { year: number; n: number }[]).map((c) => [c.year, c.n]));
    const staleYears = new Set((stale!.results as { year: number }[]).map((s) => s.year));
    const years = [...new Set(rows.map((r) => r.year))];
    return {
      columns: BULK_COLUMNS.map(([name, type, description]) => ({ name, type, description })),
      years: years.map((year) => ({
        year, url: bulkYearPath(year), partitions: n.get(year) ?? 0,
        files: rows.filter((r) => r.year === year).sort(order).map(fileOf), stale: staleYears.has(year),
      })),
    };
  }

  /** The year's partitions (itself first, then its regions in code order), or null when it has none. */
  async year(year: number): Promise<BulkYear | null> {
    await ensureBulkSchema(this.db);
    const [files, stale] = await this.db.batch([
      this.db.prepare('SELECT * FROM bulk_files WHERE current = 1 AND year = ? ORDER BY region').bind(year),
      this.db.prepare('SELECT region FROM bulk_stale WHERE year = ?').bind(year),
    ]);
    const rows = files!.results as unknown as FileRow[];
    if (rows.length === 0) return null;
    const staleRegions = new Set((stale!.results as { region: string }[]).map((s) => s.region));
    const partitions: BulkPartitionListing[] = [];
    for (const region of [...new Set(rows.map((r) => r.region))]) {
      const mine = rows.filter((r) => r.region === region).sort(order);
      partitions.push({
        year, region: region || null, level: region ? REGION_LEVELS[region.length] ?? 'county' : 'year', generation: mine[0]!.generation,
        generatedAt: mine[0]!.generated_at, rows: mine[0]!.rows, stale: staleRegions.has(region), files: mine.map(fileOf),
      });
    }
    return { year, partitions };
  }

  /** A stored file by name (the current generation or one superseded within the hour), or null. */
  async file(year: number, name: string): Promise<StoredBulkFile | null> {
    await ensureBulkSchema(this.db);
    const r = await this.db.prepare('SELECT * FROM bulk_files WHERE name = ? AND year = ?').bind(name, year).first<FileRow>();
    return r ? { name: r.name, year: r.year, mediaType: BULK_MEDIA_TYPES[r.format as BulkFormat], bytes: r.bytes, sha256: r.sha256 } : null;
  }

  /** Its bytes, whole or the inclusive range; null if the object is gone. */
  async body(f: StoredBulkFile, range?: { start: number; end: number }): Promise<ReadableStream | null> {
    const o = await this.bucket.get(objectKey(f.year, f.name), range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : {});
    return o ? o.body : null;
  }
}
