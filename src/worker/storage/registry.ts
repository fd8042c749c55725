// The sequencer: one Durable Object with SQLite storage, strongly consistent and single-threaded.
// It hands out version numbers under a per-dataset lease (so numbers are consecutive and never given
// twice), appends the change log in the same transaction as the version, and keeps the keys, the
// nonces seen and the idempotency records. KV holds the bytes; this holds the order.
import { DurableObject } from 'cloudflare:workers';

export interface KeyRecord {
  keyId: string;
  departmentId: string;
  /** Ed25519 public key, base64url (JWK "x"). */
  x: string;
  createdAt: string;
  validFrom: string | null;
  validUntil: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface DatasetInfo {
  departmentId: string;
  departmentName: string;
  regionCode: string;
  year: number;
  template: string;
}

export interface VersionRecord {
  departmentId: string;
  year: number;
  version: number;
  publishedAt: string;
  status: 'published' | 'withdrawn';
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  filingSha256: string;
  manifestSha256: string;
  keyId: string;
  findings: FindingsSummary;
}

export interface FindingsSummary {
  error: number;
  warning: number;
  info: number;
  skipped: number;
  passed: number;
}

export interface DatasetRecord extends DatasetInfo {
  latestVersion: number;
  firstPublishedAt: string;
  modifiedAt: string;
  status: 'published' | 'withdrawn';
  findings: FindingsSummary;
}

export interface ChangeRecord {
  seq: number;
  departmentId: string;
  year: number;
  version: number;
  kind: 'published' | 'corrected' | 'withdrawn';
  at: string;
  manifestSha256: string;
  reason: string | null;
}

export interface CatalogQuery {
  year?: number;
  region?: string;
  department?: string;
  q?: string;
  modifiedSince?: string;
  after?: { departmentId: string; year: number };
  limit: number;
}

export type ReserveResult =
  | { kind: 'reserved'; lease: string; version: number; publishedAt: string }
  | { kind: 'replayed-nonce' }
  | { kind: 'idempotent'; status: number; body: string }
  | { kind: 'idempotency-mismatch' }
  | { kind: 'in-progress' }
  | { kind: 'busy' };

export interface ReserveRequest {
  departmentId: string;
  year: number;
  keyId: string;
  nonce: string;
  idempotencyKey: string | null;
  requestSha256: string;
  now: number;
}

export interface CommitRequest {
  lease: string;
  dataset: DatasetInfo;
  filingSha256: string;
  manifest: string;
  manifestSha256: string;
  findings: FindingsSummary;
  /** The response to replay to a retry with the same Idempotency-Key. */
  response: { status: number; body: string };
}

interface Lease {
  id: string;
  dataset: string;
  version: number;
  publishedAt: string;
  keyId: string;
  idempotencyKey: string | null;
  expires: number;
}

const LEASE_MS = 30_000;
const WAIT_MS = 25_000;
const NONCE_TTL_MS = 15 * 60_000;

export class Registry extends DurableObject {
  private readonly sql: SqlStorage;
  private readonly leases = new Map<string, Lease>(); // by dataset
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS keys (key_id TEXT PRIMARY KEY, department_id TEXT NOT NULL, x TEXT NOT NULL,
        created_at TEXT NOT NULL, valid_from TEXT, valid_until TEXT, revoked_at TEXT, revoked_reason TEXT);
      CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, key_id TEXT NOT NULL, seen_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS nonces_seen ON nonces (seen_at);
      CREATE TABLE IF NOT EXISTS idempotency (key_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_sha TEXT NOT NULL,
        state TEXT NOT NULL, lease TEXT, status INTEGER, body TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (key_id, idem_key));
      CREATE TABLE IF NOT EXISTS datasets (department_id TEXT NOT NULL, year INTEGER NOT NULL, department_name TEXT NOT NULL,
        region_code TEXT NOT NULL, template TEXT NOT NULL, latest INTEGER NOT NULL, first_published TEXT NOT NULL,
        modified TEXT NOT NULL, status TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (department_id, year));
      CREATE INDEX IF NOT EXISTS datasets_year ON datasets (year, department_id);
      CREATE INDEX IF NOT EXISTS datasets_region ON datasets (region_code, department_id, year);
      CREATE INDEX IF NOT EXISTS datasets_modified ON datasets (modified);
      CREATE TABLE IF NOT EXISTS versions (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
        published_at TEXT NOT NULL, status TEXT NOT NULL, withdrawn_at TEXT, withdrawn_reason TEXT, filing_sha TEXT NOT NULL,
        manifest_sha TEXT NOT NULL, manifest TEXT NOT NULL, key_id TEXT NOT NULL, findings TEXT NOT NULL,
        PRIMARY KEY (department_id, year, n));
      CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, department_id TEXT NOT NULL, year INTEGER NOT NULL,
        n INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, manifest_sha TEXT NOT NULL, reason TEXT);
      CREATE TABLE IF NOT EXISTS rate (key_id TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
    `);
  }

  // ---- keys -------------------------------------------------------------------------------

  registerKey(k: Omit<KeyRecord, 'createdAt' | 'revokedAt' | 'revokedReason'>): { created: boolean; key: KeyRecord } {
    const existing = this.getKey(k.keyId);
    if (existing) return { created: false, key: existing };
    this.sql.exec(
      'INSERT INTO keys (key_id, department_id, x, created_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?)',
      k.keyId, k.departmentId, k.x, new Date().toISOString(), k.validFrom, k.validUntil,
    );
    return { created: true, key: this.getKey(k.keyId)! };
  }

  revokeKey(keyId: string, reason: string): KeyRecord | null {
    this.sql.exec('UPDATE keys SET revoked_at = COALESCE(revoked_at, ?), revoked_reason = COALESCE(revoked_reason, ?) WHERE key_id = ?', new Date().toISOString(), reason, keyId);
    return this.getKey(keyId);
  }

  getKey(keyId: string): KeyRecord | null {
    const row = this.sql.exec('SELECT * FROM keys WHERE key_id = ?', keyId).toArray()[0];
    return row ? keyRecord(row) : null;
  }

  listKeys(): KeyRecord[] {
    return this.sql.exec('SELECT * FROM keys ORDER BY department_id, created_at, key_id').toArray().map(keyRecord);
  }

  /** Look a key up and take one request from its per-minute allowance. */
  authorize(keyId: string, now: number, perMinute: number): { key: KeyRecord | null; retryAfter: number | null } {
    const key = this.getKey(keyId);
    if (!key) return { key: null, retryAfter: null };
    const window = Math.floor(now / 60_000) * 60_000;
    const row = this.sql.exec('SELECT window_start, count FROM rate WHERE key_id = ?', keyId).toArray()[0];
    const count = row && row.window_start === window ? Number(row.count) : 0;
    if (count >= perMinute) return { key, retryAfter: Math.max(1, Math.ceil((window + 60_000 - now) / 1000)) };
    this.sql.exec('INSERT INTO rate (key_id, window_start, count) VALUES (?, ?, ?) ON CONFLICT(key_id) DO UPDATE SET window_start = excluded.window_start, count = excluded.count', keyId, window, count + 1);
    return { key, retryAfter: null };
  }

  // ---- publication --------------------------------------------------------------------------

  async reserve(r: ReserveRequest): Promise<ReserveResult> {
    if (r.idempotencyKey) {
      const row = this.sql.exec('SELECT * FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, r.idempotencyKey).toArray()[0];
      if (row) {
        if (row.request_sha !== r.requestSha256) return { kind: 'idempotency-mismatch' };
        if (row.state === 'done') return { kind: 'idempotent', status: Number(row.status), body: String(row.body) };
        const held = [...this.leases.values()].find((l) => l.id === row.lease);
        if (held && held.expires > Date.now()) return { kind: 'in-progress' };
        this.sql.exec('DELETE FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, r.idempotencyKey);
      }
    }
    this.sql.exec('DELETE FROM nonces WHERE seen_at < ?', r.now - NONCE_TTL_MS);
    const seen = this.sql.exec('SELECT 1 FROM nonces WHERE nonce = ?', r.nonce).toArray().length > 0;
    // A retry with the same Idempotency-Key may repeat the nonce: the key, not the nonce, names the request.
    if (seen && !r.idempotencyKey) return { kind: 'replayed-nonce' };
    if (seen && r.idempotencyKey) {
      const owner = this.sql.exec('SELECT key_id FROM nonces WHERE nonce = ?', r.nonce).toArray()[0];
      if (owner?.key_id !== r.keyId) return { kind: 'replayed-nonce' };
    }
    this.sql.exec('INSERT OR IGNORE INTO nonces (nonce, key_id, seen_at) VALUES (?, ?, ?)', r.nonce, r.keyId, r.now);

    const dataset = `${r.departmentId}/${r.year}`;
    const lease: Lease = { id: crypto.randomUUID(), dataset, version: 0, publishedAt: '', keyId: r.keyId, idempotencyKey: r.idempotencyKey, expires: 0 };
    if (r.idempotencyKey) {
      this.sql.exec(
        "INSERT INTO idempotency (key_id, idem_key, request_sha, state, lease, created_at) VALUES (?, ?, ?, 'pending', ?, ?)",
        r.keyId, r.idempotencyKey, r.requestSha256, lease.id, r.now,
      );
    }
    if (!(await this.acquire(dataset, lease))) {
      if (r.idempotencyKey) this.sql.exec('DELETE FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, r.idempotencyKey);
      return { kind: 'busy' };
    }
    const max = this.sql.exec('SELECT MAX(n) AS n FROM versions WHERE department_id = ? AND year = ?', r.departmentId, r.year).one();
    lease.version = Number(max.n ?? 0) + 1;
    lease.publishedAt = new Date().toISOString();
    return { kind: 'reserved', lease: lease.id, version: lease.version, publishedAt: lease.publishedAt };
  }

  commit(c: CommitRequest): { ok: true; seq: number } | { ok: false; reason: string } {
    const lease = this.leaseById(c.lease);
    if (!lease) return { ok: false, reason: 'the reservation expired before the files were stored; submit again' };
    const { departmentId, year } = c.dataset;
    const kind = lease.version === 1 ? 'published' : 'corrected';
    const findings = JSON.stringify(c.findings);
    let seq = 0;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO versions (department_id, year, n, published_at, status, filing_sha, manifest_sha, manifest, key_id, findings)
         VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?)`,
        departmentId, year, lease.version, lease.publishedAt, c.filingSha256, c.manifestSha256, c.manifest, lease.keyId, findings,
      );
      this.sql.exec(
        `INSERT INTO datasets (department_id, year, department_name, region_code, template, latest, first_published, modified, status, findings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?)
         ON CONFLICT(department_id, year) DO UPDATE SET department_name = excluded.department_name, region_code = excluded.region_code,
           template = excluded.template, latest = excluded.latest, modified = excluded.modified, status = 'published', findings = excluded.findings`,
        departmentId, year, c.dataset.departmentName, c.dataset.regionCode, c.dataset.template, lease.version, lease.publishedAt, lease.publishedAt, findings,
      );
      seq = Number(
        this.sql.exec('INSERT INTO changes (department_id, year, n, kind, at, manifest_sha) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq',
          departmentId, year, lease.version, kind, lease.publishedAt, c.manifestSha256).one().seq,
      );
      if (lease.idempotencyKey) {
        this.sql.exec("UPDATE idempotency SET state = 'done', status = ?, body = ? WHERE key_id = ? AND idem_key = ?",
          c.response.status, c.response.body, lease.keyId, lease.idempotencyKey);
      }
    });
    this.release(c.lease);
    return { ok: true, seq };
  }

  /** Give a reservation back (the files could not be stored); its number goes to the next submission. */
  abandon(leaseId: string): void {
    const lease = this.leaseById(leaseId);
    if (lease?.idempotencyKey) this.sql.exec("DELETE FROM idempotency WHERE key_id = ? AND idem_key = ? AND state = 'pending'", lease.keyId, lease.idempotencyKey);
    this.release(leaseId);
  }

  withdraw(departmentId: string, year: number, n: number, reason: string): { ok: true; version: VersionRecord; seq: number } | { ok: false; status: 404 | 409 } {
    const v = this.version(departmentId, year, n);
    if (!v) return { ok: false, status: 404 };
    if (v.status === 'withdrawn') return { ok: false, status: 409 };
    const at = new Date().toISOString();
    let seq = 0;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("UPDATE versions SET status = 'withdrawn', withdrawn_at = ?, withdrawn_reason = ? WHERE department_id = ? AND year = ? AND n = ?", at, reason, departmentId, year, n);
      seq = Number(this.sql.exec("INSERT INTO changes (department_id, year, n, kind, at, manifest_sha, reason) VALUES (?, ?, ?, 'withdrawn', ?, ?, ?) RETURNING seq",
        departmentId, year, n, at, v.manifestSha256, reason).one().seq);
      const live = this.sql.exec("SELECT n, findings FROM versions WHERE department_id = ? AND year = ? AND status = 'published' ORDER BY n DESC LIMIT 1", departmentId, year).toArray()[0];
      if (live) this.sql.exec('UPDATE datasets SET latest = ?, modified = ?, findings = ? WHERE department_id = ? AND year = ?', live.n, at, live.findings, departmentId, year);
      else this.sql.exec("UPDATE datasets SET status = 'withdrawn', modified = ? WHERE department_id = ? AND year = ?", at, departmentId, year);
    });
    return { ok: true, version: this.version(departmentId, year, n)!, seq };
  }

  // ---- reads ----------------------------------------------------------------------------------

  version(departmentId: string, year: number, n: number): VersionRecord | null {
    const row = this.sql.exec('SELECT * FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    return row ? versionRecord(row) : null;
  }

  manifest(departmentId: string, year: number, n: number): string | null {
    const row = this.sql.exec('SELECT manifest FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    return row ? String(row.manifest) : null;
  }

  dataset(departmentId: string, year: number): { dataset: DatasetRecord; versions: VersionRecord[] } | null {
    const row = this.sql.exec('SELECT * FROM datasets WHERE department_id = ? AND year = ?', departmentId, year).toArray()[0];
    if (!row) return null;
    const versions = this.sql.exec('SELECT * FROM versions WHERE department_id = ? AND year = ? ORDER BY n', departmentId, year).toArray().map(versionRecord);
    return { dataset: datasetRecord(row), versions };
  }

  /** Years published for a department, for trends across years. */
  departmentYears(departmentId: string): DatasetRecord[] {
    return this.sql.exec('SELECT * FROM datasets WHERE department_id = ? ORDER BY year', departmentId).toArray().map(datasetRecord);
  }

  catalog(q: CatalogQuery): { items: DatasetRecord[]; more: boolean } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.year !== undefined) { where.push('year = ?'); args.push(q.year); }
    if (q.region) { where.push('region_code LIKE ?'); args.push(`${q.region}%`); }
    if (q.department) { where.push('department_id = ?'); args.push(q.department); }
    if (q.q) { where.push("department_name LIKE ? ESCAPE '\\'"); args.push(`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`); }
    if (q.modifiedSince) { where.push('modified >= ?'); args.push(q.modifiedSince); }
    if (q.after) { where.push('(department_id, year) > (?, ?)'); args.push(q.after.departmentId, q.after.year); }
    const sql = `SELECT * FROM datasets ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY department_id, year LIMIT ?`;
    const rows = this.sql.exec(sql, ...args, q.limit + 1).toArray();
    return { items: rows.slice(0, q.limit).map(datasetRecord), more: rows.length > q.limit };
  }

  count(): number {
    return Number(this.sql.exec('SELECT COUNT(*) AS c FROM datasets').one().c);
  }

  /** The change log after `since`, never past an entry that is not yet committed (commits are transactional). */
  changes(since: number, limit: number): { changes: ChangeRecord[]; last: number } {
    const rows = this.sql.exec('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?', since, limit).toArray();
    const last = Number(this.sql.exec('SELECT COALESCE(MAX(seq), 0) AS s FROM changes').one().s);
    return {
      changes: rows.map((r) => ({
        seq: Number(r.seq), departmentId: String(r.department_id), year: Number(r.year), version: Number(r.n),
        kind: r.kind as ChangeRecord['kind'], at: String(r.at), manifestSha256: String(r.manifest_sha), reason: r.reason === null ? null : String(r.reason),
      })),
      last,
    };
  }

  // ---- leases ---------------------------------------------------------------------------------

  private leaseById(id: string): Lease | undefined {
    const lease = [...this.leases.values()].find((l) => l.id === id);
    return lease && lease.expires > Date.now() ? lease : undefined;
  }

  /** One publication per dataset at a time, first come first served; others wait their turn. */
  private async acquire(dataset: string, lease: Lease): Promise<boolean> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const held = this.leases.get(dataset);
      if (!held || held.expires <= Date.now()) {
        lease.expires = Date.now() + LEASE_MS;
        this.leases.set(dataset, lease);
        return true;
      }
      const wait = Math.min(deadline, held.expires) - Date.now();
      if (wait <= 0 && Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        const queue = this.waiters.get(dataset) ?? [];
        const timer = setTimeout(resolve, Math.max(wait, 1));
        queue.push(() => { clearTimeout(timer); resolve(); });
        this.waiters.set(dataset, queue);
      });
    }
  }

  private release(leaseId: string): void {
    for (const [dataset, lease] of this.leases) {
      if (lease.id !== leaseId) continue;
      this.leases.delete(dataset);
      const next = this.waiters.get(dataset)?.shift();
      next?.();
    }
  }
}

function keyRecord(r: Record<string, SqlStorageValue>): KeyRecord {
  return {
    keyId: String(r.key_id), departmentId: String(r.department_id), x: String(r.x), createdAt: String(r.created_at),
    validFrom: r.valid_from === null ? null : String(r.valid_from), validUntil: r.valid_until === null ? null : String(r.valid_until),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at), revokedReason: r.revoked_reason === null ? null : String(r.revoked_reason),
  };
}

function versionRecord(r: Record<string, SqlStorageValue>): VersionRecord {
  return {
    departmentId: String(r.department_id), year: Number(r.year), version: Number(r.n), publishedAt: String(r.published_at),
    status: r.status as VersionRecord['status'], withdrawnAt: r.withdrawn_at === null ? null : String(r.withdrawn_at),
    withdrawnReason: r.withdrawn_reason === null ? null : String(r.withdrawn_reason), filingSha256: String(r.filing_sha),
    manifestSha256: String(r.manifest_sha), keyId: String(r.key_id), findings: JSON.parse(String(r.findings)) as FindingsSummary,
  };
}

function datasetRecord(r: Record<string, SqlStorageValue>): DatasetRecord {
  return {
    departmentId: String(r.department_id), departmentName: String(r.department_name), regionCode: String(r.region_code),
    year: Number(r.year), template: String(r.template), latestVersion: Number(r.latest), firstPublishedAt: String(r.first_published),
    modifiedAt: String(r.modified), status: r.status as DatasetRecord['status'], findings: JSON.parse(String(r.findings)) as FindingsSummary,
  };
}
