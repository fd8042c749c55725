// Reads: versions, datasets, the catalog and the change log, each row read back through its schema.
import type { ChangeRecord, DatasetRecord, VersionRecord } from '../../../core/ledger/records.ts';
import type { CatalogSort, SEVERITIES } from '../../../core/contract/catalog-page.ts';
import { MANIFEST_PATH } from '../../../core/contract/files.ts';
import { utf8 } from '../../../core/bytes.ts';
import { parseManifest } from '../../../core/contract/manifest.ts';
import type { PackEntry } from '../../../core/pack.ts';
import type { WriteQueue } from './queue.ts';
import { changeRecord, datasetRecord, VERSION_COLUMNS, versionRecord } from './rows.ts';

export interface CatalogQuery {
  year?: number;
  region?: string;
  department?: string;
  q?: string;
  modifiedSince?: string;
  after?: { departmentId: string; year: number };
  /** Numbered pages (DCAT/Hydra); the API's own catalog pages by key with `after`. */
  offset?: number;
  withTotal?: boolean;
  limit: number;
  template?: string;
  /** The latest version's worst finding. */
  findings?: Severity;
  /** The order (default `department`: department id, then year). */
  sort?: CatalogSort;
  /** Keyset paging in any order: the values of the last item seen in the order's columns. */
  afterKey?: (string | number)[];
  /** Counts by region (one level below the `region` filter), year, template and worst finding, of every dataset matching. */
  withFacets?: boolean;
}

export type Severity = (typeof SEVERITIES)[number];

export interface CatalogFacets {
  region: { value: string; count: number }[];
  year: { value: number; count: number }[];
  template: { value: string; count: number }[];
  findings: Record<Severity, number>;
}

/** Each order's columns, the last ones making it unique (the primary key). */
const ORDERS: Record<CatalogSort, readonly (readonly [column: string, desc: boolean])[]> = {
  department: [['department_id', false], ['year', false]],
  name: [['department_name', false], ['department_id', false], ['year', false]],
  year: [['year', false], ['department_id', false]],
  '-year': [['year', true], ['department_id', false]],
  modified: [['modified', false], ['department_id', false], ['year', false]],
  '-modified': [['modified', true], ['department_id', false], ['year', false]],
};
const SEVERITY = "CASE WHEN json_extract(findings, '$.error') > 0 THEN 'error' WHEN json_extract(findings, '$.warning') > 0 THEN 'warning' WHEN json_extract(findings, '$.info') > 0 THEN 'info' ELSE 'none' END";

/** What a reader gets from the sequencer for a version whose pack it could not find in KV. */
export interface HeldFile {
  status: VersionRecord['status'];
  withdrawnReason: string | null;
  /** Whether the version has a file at that path (its manifest, kept for good, says). */
  known: boolean;
  file: PackEntry | null;
}

export class Reads {
  constructor(private readonly sql: SqlStorage, private readonly queue: WriteQueue) {}

  version(departmentId: string, year: number, n: number): VersionRecord | null {
    const row = this.sql.exec(`SELECT ${VERSION_COLUMNS} FROM versions WHERE department_id = ? AND year = ? AND n = ?`, departmentId, year, n).toArray()[0];
    return row ? versionRecord(row) : null;
  }

  manifest(departmentId: string, year: number, n: number): string | null {
    const row = this.sql.exec('SELECT manifest FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    return row ? String(row.manifest) : null;
  }

  /** The manifests of the given versions, in one call (a harvester's page lists every dataset's files). */
  manifests(keys: { departmentId: string; year: number; version: number }[]): (string | null)[] {
    return keys.map((k) => this.manifest(k.departmentId, k.year, k.version));
  }

  dataset(departmentId: string, year: number): { dataset: DatasetRecord; versions: VersionRecord[] } | null {
    const row = this.sql.exec('SELECT * FROM datasets WHERE department_id = ? AND year = ?', departmentId, year).toArray()[0];
    if (!row) return null;
    const versions = this.sql.exec(`SELECT ${VERSION_COLUMNS} FROM versions WHERE department_id = ? AND year = ? ORDER BY n`, departmentId, year).toArray().map(versionRecord);
    return { dataset: datasetRecord(row), versions };
  }

  catalog(q: CatalogQuery): { items: DatasetRecord[]; more: boolean; total?: number; facets?: CatalogFacets } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.year !== undefined) { where.push('year = ?'); args.push(q.year); }
    // A prefix as a range, so that the region index serves it ('1406' → ['1406', '1407')).
    if (q.region) { where.push('region_code >= ? AND region_code < ?'); args.push(q.region, q.region.slice(0, -1) + String.fromCharCode(q.region.charCodeAt(q.region.length - 1) + 1)); }
    if (q.department) { where.push('department_id = ?'); args.push(q.department); }
    if (q.q) { where.push("department_name LIKE ? ESCAPE '\\'"); args.push(`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`); }
    if (q.modifiedSince) { where.push('modified >= ?'); args.push(q.modifiedSince); }
    if (q.template) { where.push('template = ?'); args.push(q.template); }
    if (q.findings) { where.push(`${SEVERITY} = ?`); args.push(q.findings); }
    const filter = where.length ? 'WHERE ' + where.join(' AND ') : '';
    const order = ORDERS[q.sort ?? 'department'];
    // After the last item seen: a row-value comparison, which the indexes serve; an order whose first column
    // descends (the rest ascend) is (a < x) OR (a = x AND (b, c) > (y, z)).
    const afterKey = q.afterKey ?? (q.after ? [q.after.departmentId, q.after.year] : undefined);
    let keyed = filter;
    let keyArgs: (string | number)[] = [];
    if (afterKey) {
      const cols = order.map(([c]) => c);
      const tuple = (cs: string[]) => (cs.length === 1 ? cs[0]! : `(${cs.join(', ')})`);
      const marks = (n: number) => (n === 1 ? '?' : `(${Array(n).fill('?').join(', ')})`);
      const term = order[0]![1]
        ? `(${cols[0]} < ? OR (${cols[0]} = ? AND ${tuple(cols.slice(1))} > ${marks(cols.length - 1)}))`
        : `${tuple(cols)} > ${marks(cols.length)}`;
      keyArgs = order[0]![1] ? [afterKey[0]!, ...afterKey] : afterKey;
      keyed = `${filter ? filter + ' AND' : 'WHERE'} ${term}`;
    }
    const orderBy = order.map(([column, desc]) => `${column}${desc ? ' DESC' : ''}`).join(', ');
    const rows = this.sql.exec(`SELECT * FROM datasets ${keyed} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, ...args, ...keyArgs, q.limit + 1, q.offset ?? 0).toArray();
    const result: { items: DatasetRecord[]; more: boolean; total?: number; facets?: CatalogFacets } = { items: rows.slice(0, q.limit).map(datasetRecord), more: rows.length > q.limit };
    if (q.withFacets) Object.assign(result, this.facets(filter, args, q.region ? (q.region.length < 4 ? 4 : 6) : 2));
    else if (q.withTotal) result.total = Number(this.sql.exec(`SELECT COUNT(*) AS c FROM datasets ${filter}`, ...args).one().c);
    return result;
  }

  /** The facets and the total of the datasets a filter matches, in one pass over them. */
  private facets(filter: string, args: (string | number)[], regionDigits: number): { total: number; facets: CatalogFacets } {
    const rows = this.sql.exec(
      `SELECT substr(region_code, 1, ?) AS region, year, template, ${SEVERITY} AS severity, COUNT(*) AS n FROM datasets ${filter} GROUP BY 1, 2, 3, 4`,
      regionDigits, ...args,
    ).toArray();
    const region = new Map<string, number>();
    const year = new Map<number, number>();
    const template = new Map<string, number>();
    const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0, none: 0 };
    let total = 0;
    const add = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      const n = Number(r.n);
      total += n;
      add(region, String(r.region), n);
      add(year, Number(r.year), n);
      add(template, String(r.template), n);
      findings[String(r.severity) as Severity] += n;
    }
    const list = <K extends string | number>(m: Map<K, number>, byValue: (a: K, b: K) => number) =>
      [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || byValue(a.value, b.value));
    return {
      total,
      facets: {
        region: [...region].map(([value, count]) => ({ value, count })).sort((a, b) => (a.value < b.value ? -1 : 1)),
        year: [...year].map(([value, count]) => ({ value, count })).sort((a, b) => b.value - a.value),
        template: list(template, (a, b) => (a < b ? -1 : 1)),
        findings,
      },
    };
  }

  count(): number {
    return Number(this.sql.exec('SELECT COUNT(*) AS c FROM datasets').one().c);
  }

  /** The change log after `since`, never past an entry that is not yet committed (commits are transactional). */
  changes(since: number, limit: number): { changes: ChangeRecord[]; last: number } {
    const rows = this.sql.exec('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?', since, limit).toArray();
    const last = Number(this.sql.exec('SELECT COALESCE(MAX(seq), 0) AS s FROM changes').one().s);
    return { changes: rows.map(changeRecord), last };
  }

  /** A version's pack as stored (compressed), while the sequencer holds it (queued for KV); null otherwise. */
  heldPack(departmentId: string, year: number, n: number): Uint8Array<ArrayBuffer> | null {
    const pack = this.queue.pack(departmentId, year, n);
    if (pack) this.queue.request(departmentId, year, n);
    return pack;
  }

  /**
   * A file of a version whose pack a reader could not find in KV: from the pack still held here, or the
   * manifest, which is kept for good. If the pack is not written yet, its write is queued.
   */
  async heldFile(departmentId: string, year: number, n: number, path: string): Promise<HeldFile | null> {
    const row = this.sql.exec('SELECT status, withdrawn_reason, manifest_sha, manifest FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    if (!row) return null;
    const status = String(row.status) as VersionRecord['status'];
    const withdrawnReason = row.withdrawn_reason === null ? null : String(row.withdrawn_reason);
    const manifest = parseManifest(String(row.manifest));
    const known = path === MANIFEST_PATH || (manifest?.files.some((f) => f.path === path) ?? false);
    if (status === 'withdrawn' || !known) return { status, withdrawnReason, known, file: null };
    this.queue.request(departmentId, year, n);
    const pack = await this.queue.opened(departmentId, year, n);
    const entry = pack?.get(path);
    // A copy: a view would carry the whole pack's buffer across the call.
    let file: PackEntry | null = entry ? { meta: entry.meta, body: entry.body.slice() } : null;
    if (!file && path === MANIFEST_PATH) {
      const body = utf8.encode(String(row.manifest)) as Uint8Array<ArrayBuffer>;
      file = { meta: { path, mediaType: 'application/json', sha256: String(row.manifest_sha), bytes: body.byteLength }, body };
    }
    return { status, withdrawnReason, known, file };
  }
}
