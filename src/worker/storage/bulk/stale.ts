// Marking bulk partitions stale, in the same D1 batch (one transaction) as the facts index's change
// (facts/writer.ts syncDataset): the year, and the region prefixes of the dataset's region before the change
// (a department that moved leaves its old region stale too) and after it. Nothing else runs here: the
// files are made later, by the exporter (exporter.ts), never on a submission's path.
import { regionPartitions } from '../../../core/contract/bulk.ts';
import { BULK_SCHEMA } from './schema.ts';

const MARK = `INSERT INTO bulk_stale (year, region, mark, first_at, marked_at)
  SELECT ?1, p.region, (SELECT COALESCE(MAX(mark), 0) + 1 FROM bulk_stale), ?3, ?3 FROM (%s) AS p WHERE true
  ON CONFLICT (year, region) DO UPDATE SET mark = excluded.mark, marked_at = excluded.marked_at`;

/** The statements to put before the index's own in its batch (they read the department's region as it stands). */
export function bulkStaleStatements(db: D1Database, departmentId: string, year: number, regionCode: string, now = Date.now()): D1PreparedStatement[] {
  const regions = ['', ...regionPartitions(regionCode)];
  const values = regions.map((_, i) => `SELECT ?${i + 4} AS region`).join(' UNION ');
  return [
    ...BULK_SCHEMA.slice(0, 1).map((s) => db.prepare(s)),
    db.prepare(MARK.replace('%s', values)).bind(year, departmentId, now, ...regions),
    // The region it had: its prefixes, each at most 6 digits.
    db.prepare(MARK.replace('%s', `SELECT substr(region_code, 1, n) AS region FROM departments, (SELECT 2 AS n UNION SELECT 4 UNION SELECT 6)
      WHERE department_id = ?2 AND year = ?1 AND length(region_code) >= n AND region_code NOT GLOB '*[^0-9]*'`)).bind(year, departmentId, now),
  ];
}
