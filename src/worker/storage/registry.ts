// The sequencer: one Durable Object with SQLite storage, strongly consistent and single-threaded.
// It hands out version numbers one commit at a time (so numbers are consecutive and never given
// twice), appends the change log in the same transaction as the version, and keeps the keys, the
// nonces seen and the idempotency records. KV holds the bytes; this holds the order, and a version's
// files from its commit until its alarm has written them to KV (so a commit never waits on KV).
import { DurableObject } from 'cloudflare:workers';
import type { Summary } from '../../core/checks/finding.ts';
import type { Filing } from '../../core/model/filing.ts';
import { renderVersionMetadata } from '../../core/render/version.ts';
import { sha256Hex, utf8 } from '../../core/signature/encoding.ts';
import { MANIFEST_FORMAT, MANIFEST_PATH, parseManifest, serializeManifest, type Manifest, type ManifestFile, type StoredSignature } from '../../core/version/manifest.ts';
import { receipt } from '../submission/receipt.ts';
import type { Env } from '../env.ts';
import { FileStore } from './files.ts';
import { tombstone, versionPack, writeVersion } from './version-pack.ts';
import { Pack, type PackEntry } from './pack.ts';

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

/** The accounting checks' counts, as the engine reports them. */
export type FindingsSummary = Summary;

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
  /** Numbered pages (DCAT/Hydra); the API's own catalog pages by key with `after`. */
  offset?: number;
  withTotal?: boolean;
  limit: number;
}

export type BeginResult =
  | { kind: 'begun' }
  | { kind: 'replayed-nonce' }
  | { kind: 'idempotent'; status: number; body: string }
  | { kind: 'idempotency-mismatch' }
  | { kind: 'in-progress' };

export interface BeginRequest {
  keyId: string;
  nonce: string;
  idempotencyKey: string | null;
  requestSha256: string;
  now: number;
}

export interface CommitRequest {
  keyId: string;
  idempotencyKey: string | null;
  /** The request body's digest, recorded with the Idempotency-Key. */
  requestSha256: string;
  /** The version-independent files' digests, for the manifest. */
  content: ManifestFile[];
  /**
   * Those files as a pack: kept here until the version's pack is in KV. Its filing.json (the canonical
   * filing) is what the version-naming files are rendered from: bytes cross to the sequencer more cheaply
   * than an object graph does.
   */
  bundle: Uint8Array<ArrayBuffer>;
  signature: StoredSignature;
  findings: FindingsSummary;
  origin: string;
}

export type CommitResult = Committed | { replayed: { status: number; body: string } } | { mismatch: true };

/** What a reader gets from the sequencer for a version whose pack it could not find in KV. */
export interface HeldFile {
  status: VersionRecord['status'];
  withdrawnReason: string | null;
  /** Whether the version's pack is still held here (it is released two minutes after it was written to KV). */
  held: boolean;
  /** Whether the version has a file at that path (its manifest, kept for good, says). */
  known: boolean;
  file: PackEntry | null;
}

export interface Committed {
  version: number;
  publishedAt: string;
  seq: number;
  manifestSha256: string;
  response: { status: number; body: string };
}

/** A version's record without its manifest: listing versions never reads that. */
const VERSION_COLUMNS = 'department_id, year, n, published_at, status, withdrawn_at, withdrawn_reason, filing_sha, manifest_sha, key_id, findings';
const NONCE_TTL_MS = 15 * 60_000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A begun request that never committed (the Worker died) stops blocking its Idempotency-Key after this. */
const PENDING_MS = 60_000;
/** Version packs kept in memory until released (for the alarm and for readers); beyond this, or after a restart, they are read back from SQLite. */
const HANDOFF_LIMIT = 16; // about 0.5 MB each: well inside an object's 128 MB
/** SQLite rows hold at most 2 MB: a held pack is stored in parts. */
const PART_BYTES = 1 << 20;
/**
 * How long a version's pack is held here after it is written to KV: a KV write takes up to a minute to be
 * seen everywhere, and a reader that does not see it yet is answered from here meanwhile.
 */
const RELEASE_AFTER_MS = 120_000;
/** A write to KV that failed is tried again after 250 ms, then twice as long each time, up to a minute. */
function backoff(attempts: number): number {
  return Math.min(60_000, 250 * 2 ** attempts);
}

export class Registry extends DurableObject {
  protected readonly sql: SqlStorage;
  /** Commits run one after another: each awaits hashing, and no other commit may take a number meanwhile. */
  private commits: Promise<unknown> = Promise.resolve();
  /** Committed versions' packs, by version, until the alarm has written them (saves reading them back). */
  private readonly handoff = new Map<string, Uint8Array<ArrayBuffer>>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS keys (key_id TEXT PRIMARY KEY, department_id TEXT NOT NULL, x TEXT NOT NULL,
        created_at TEXT NOT NULL, valid_from TEXT, valid_until TEXT, revoked_at TEXT, revoked_reason TEXT);
      CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, key_id TEXT NOT NULL, idem_key TEXT, seen_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS nonces_seen ON nonces (seen_at);
      CREATE TABLE IF NOT EXISTS idempotency (key_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_sha TEXT NOT NULL,
        state TEXT NOT NULL, status INTEGER, body TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (key_id, idem_key));
      -- Expired records are swept at each begin: by index, not by reading the table.
      CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (state, created_at);
      CREATE TABLE IF NOT EXISTS datasets (department_id TEXT NOT NULL, year INTEGER NOT NULL, department_name TEXT NOT NULL,
        region_code TEXT NOT NULL, template TEXT NOT NULL, latest INTEGER NOT NULL, first_published TEXT NOT NULL,
        modified TEXT NOT NULL, status TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (department_id, year));
      CREATE INDEX IF NOT EXISTS datasets_year ON datasets (year, department_id);
      CREATE INDEX IF NOT EXISTS datasets_region ON datasets (region_code, department_id, year);
      CREATE INDEX IF NOT EXISTS datasets_modified ON datasets (modified);
      CREATE TABLE IF NOT EXISTS versions (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
        published_at TEXT NOT NULL, status TEXT NOT NULL, withdrawn_at TEXT, withdrawn_reason TEXT, filing_sha TEXT NOT NULL,
        manifest_sha TEXT NOT NULL, key_id TEXT NOT NULL, findings TEXT NOT NULL,
        manifest TEXT NOT NULL, -- last: a listing of versions never reads past it into its overflow pages
        PRIMARY KEY (department_id, year, n));
      CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, department_id TEXT NOT NULL, year INTEGER NOT NULL,
        n INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, manifest_sha TEXT NOT NULL, reason TEXT);
      CREATE TABLE IF NOT EXISTS materialize (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
        queued_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (department_id, year, n));
      CREATE TABLE IF NOT EXISTS rate (key_id TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
      -- A version's pack from its commit until shortly after the alarm has written it to KV, in parts (a row
      -- holds at most 2 MB). release_at before the blob, and indexed: finding what to release never reads a
      -- blob's overflow pages.
      CREATE TABLE IF NOT EXISTS held (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, part INTEGER NOT NULL,
        release_at INTEGER, data BLOB NOT NULL, PRIMARY KEY (department_id, year, n, part));
      CREATE INDEX IF NOT EXISTS held_release ON held (release_at) WHERE release_at IS NOT NULL;
      -- Datasets whose latest pointer in KV is to be written (again), each due at next_at.
      CREATE TABLE IF NOT EXISTS pointers (department_id TEXT NOT NULL, year INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (department_id, year));
    `);
    // Columns added after the first local runs: add them to an older store (SQLite has no ADD COLUMN IF NOT EXISTS).
    for (const [table, column] of [['nonces', 'idem_key TEXT'], ['materialize', 'attempts INTEGER NOT NULL DEFAULT 0'], ['materialize', 'next_at INTEGER NOT NULL DEFAULT 0']]) {
      try {
        this.sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
      } catch { /* already there */ }
    }
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

  /** Take one request from a key's per-minute allowance (after its signature verified). */
  authorize(keyId: string, now: number, perMinute: number): { retryAfter: number | null } {
    const window = Math.floor(now / 60_000) * 60_000;
    const row = this.sql.exec('SELECT window_start, count FROM rate WHERE key_id = ?', keyId).toArray()[0];
    const count = row && row.window_start === window ? Number(row.count) : 0;
    if (count >= perMinute) return { retryAfter: Math.max(1, Math.ceil((window + 60_000 - now) / 1000)) };
    this.sql.exec('INSERT INTO rate (key_id, window_start, count) VALUES (?, ?, ?) ON CONFLICT(key_id) DO UPDATE SET window_start = excluded.window_start, count = excluded.count', keyId, window, count + 1);
    return { retryAfter: null };
  }

  // ---- publication --------------------------------------------------------------------------

  /** Before any heavy work: refuse a replayed nonce, answer a completed Idempotency-Key, mark this one pending. */
  begin(r: BeginRequest): BeginResult {
    if (r.idempotencyKey) {
      const row = this.sql.exec('SELECT * FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, r.idempotencyKey).toArray()[0];
      if (row) {
        if (row.request_sha !== r.requestSha256) return { kind: 'idempotency-mismatch' };
        if (row.state === 'done') return { kind: 'idempotent', status: Number(row.status), body: String(row.body) };
        if (Number(row.created_at) > r.now - PENDING_MS) return { kind: 'in-progress' };
        this.sql.exec('DELETE FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, r.idempotencyKey);
      }
    }
    this.sql.exec('DELETE FROM nonces WHERE seen_at < ?', r.now - NONCE_TTL_MS);
    // Idempotency keys are remembered for a day (the IETF draft leaves the period to the server; it is in the docs).
    this.sql.exec("DELETE FROM idempotency WHERE state = 'done' AND created_at < ?", r.now - IDEMPOTENCY_TTL_MS);
    const seen = this.sql.exec('SELECT key_id, idem_key FROM nonces WHERE nonce = ?', r.nonce).toArray()[0];
    // A nonce repeats only in a retry of the same signed request: same key, same (signed) Idempotency-Key.
    if (seen && (!r.idempotencyKey || seen.key_id !== r.keyId || seen.idem_key !== r.idempotencyKey)) return { kind: 'replayed-nonce' };
    this.sql.exec('INSERT OR IGNORE INTO nonces (nonce, key_id, idem_key, seen_at) VALUES (?, ?, ?, ?)', r.nonce, r.keyId, r.idempotencyKey, r.now);
    if (r.idempotencyKey) {
      this.sql.exec("INSERT INTO idempotency (key_id, idem_key, request_sha, state, created_at) VALUES (?, ?, ?, 'pending', ?)", r.keyId, r.idempotencyKey, r.requestSha256, r.now);
    }
    return { kind: 'begun' };
  }

  /**
   * The commit: the next number, the files that name it, the version row, the dataset row and the
   * change-log entry. Commits are chained, so that no other commit takes a number in between.
   */
  commit(c: CommitRequest): Promise<CommitResult> {
    const next = this.commits.then(() => this.commitNow(c));
    this.commits = next.catch(() => undefined);
    return next;
  }

  private async commitNow(c: CommitRequest): Promise<CommitResult> {
    if (c.idempotencyKey) {
      // A request that outlived its pending mark may race its own retry: the first to commit answers both,
      // and a request with another body under the same key is refused, as begin would have.
      const row = this.sql.exec("SELECT request_sha, status, body FROM idempotency WHERE key_id = ? AND idem_key = ? AND state = 'done'", c.keyId, c.idempotencyKey).toArray()[0];
      if (row && row.request_sha !== c.requestSha256) return { mismatch: true };
      if (row) return { replayed: { status: Number(row.status), body: String(row.body) } };
    }
    const bundle = Pack.decode(c.bundle);
    const filingBytes = bundle?.get('filing.json')?.body;
    if (!bundle || !filingBytes) throw new Error('the commit carries no readable bundle');
    const filing = JSON.parse(new TextDecoder().decode(filingBytes)) as Filing;
    const d = filing.department.id;
    const y = filing.year;
    const max = this.sql.exec('SELECT MAX(n) AS n FROM versions WHERE department_id = ? AND year = ?', d, y).one();
    const version = Number(max.n ?? 0) + 1;
    const publishedAt = new Date().toISOString();
    const context = { departmentId: d, year: y, version, publishedAt, ...(version > 1 ? { corrects: version - 1 } : {}) };
    const digests = new Map(c.content.map((f) => [f.path, { bytes: f.bytes, sha256: f.sha256 }]));
    const metadata = await Promise.all(renderVersionMetadata(filing, context, digests).map(async (f) => {
      const bytes = utf8.encode(f.body) as Uint8Array<ArrayBuffer>;
      return { ...f, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
    }));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT, departmentId: d, year: y, version, publishedAt, ...(version > 1 ? { corrects: version - 1 } : {}),
      filingSha256: c.content.find((f) => f.path === 'filing.json')?.sha256 ?? '',
      files: [...c.content, ...metadata.map(({ path, mediaType, bytes, sha256 }) => ({ path, mediaType, bytes, sha256 }))],
      signature: c.signature,
    };
    const manifestText = serializeManifest(manifest);
    const manifestBytes = utf8.encode(manifestText) as Uint8Array<ArrayBuffer>;
    const manifestSha256 = await sha256Hex(manifestBytes);
    metadata.push({ path: MANIFEST_PATH, mediaType: 'application/json', body: manifestText, bytes: manifestBytes.byteLength, sha256: manifestSha256 });
    const response = { status: 201, body: JSON.stringify(receipt(c.origin, d, y, version, publishedAt, manifestSha256, c.findings), null, 2) + '\n' };
    const findings = JSON.stringify(c.findings);
    const pack = versionPack(bundle, metadata, [...manifest.files.map((f) => f.path), MANIFEST_PATH], filing, version);
    const kind = version === 1 ? 'published' : 'corrected';
    let seq = 0;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO versions (department_id, year, n, published_at, status, filing_sha, manifest_sha, key_id, findings, manifest)
         VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?)`,
        d, y, version, publishedAt, manifest.filingSha256, manifestSha256, c.keyId, findings, manifestText,
      );
      for (let part = 0, at = 0; at < pack.byteLength; part++, at += PART_BYTES) {
        this.sql.exec('INSERT INTO held (department_id, year, n, part, data) VALUES (?, ?, ?, ?, ?)', d, y, version, part, pack.subarray(at, at + PART_BYTES));
      }
      this.queuePointer(d, y);
      this.sql.exec(
        `INSERT INTO datasets (department_id, year, department_name, region_code, template, latest, first_published, modified, status, findings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?)
         ON CONFLICT(department_id, year) DO UPDATE SET department_name = excluded.department_name, region_code = excluded.region_code,
           template = excluded.template, latest = excluded.latest, modified = excluded.modified, status = 'published', findings = excluded.findings`,
        d, y, filing.department.name, filing.department.regionCode, filing.template, version, publishedAt, publishedAt, findings,
      );
      seq = Number(this.sql.exec('INSERT INTO changes (department_id, year, n, kind, at, manifest_sha) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq', d, y, version, kind, publishedAt, manifestSha256).one().seq);
      if (c.idempotencyKey) {
        // An upsert: the caller may have abandoned its pending mark after losing this call's answer.
        this.sql.exec(
          `INSERT INTO idempotency (key_id, idem_key, request_sha, state, status, body, created_at) VALUES (?, ?, ?, 'done', ?, ?, ?)
           ON CONFLICT(key_id, idem_key) DO UPDATE SET request_sha = excluded.request_sha, state = 'done', status = excluded.status, body = excluded.body`,
          c.keyId, c.idempotencyKey, c.requestSha256, response.status, response.body, Date.now(),
        );
      }
      this.enqueue(d, y, version);
    });
    if (this.handoff.size < HANDOFF_LIMIT) this.handoff.set(`${d}/${y}/${version}`, pack);
    // Committed: a failure to schedule the pack's write must not turn into an error for the department.
    await this.ctx.storage.setAlarm(Date.now()).catch((e: Error) => console.warn(`alarm not set after ${d}/${y} v${version}: ${e.message}`));
    return { version, publishedAt, seq, manifestSha256, response };
  }

  /**
   * The request failed before or around its commit: free its Idempotency-Key for a retry. Only a pending mark
   * is removed; a commit that did happen (or lands later) records the key as done, so the retry replays it.
   */
  abandon(keyId: string, idempotencyKey: string | null): void {
    if (idempotencyKey) this.sql.exec("DELETE FROM idempotency WHERE key_id = ? AND idem_key = ? AND state = 'pending'", keyId, idempotencyKey);
  }

  /**
   * A file of a version whose pack a reader could not find in KV: from the pack this still holds, or the
   * manifest, which is kept for good. If the pack is not written yet, its write is queued (readers never
   * write packs, so they never race a withdrawal).
   */
  heldFile(departmentId: string, year: number, n: number, path: string): HeldFile | null {
    const row = this.sql.exec('SELECT status, withdrawn_reason, manifest_sha, manifest FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    if (!row) return null;
    const status = String(row.status) as VersionRecord['status'];
    const withdrawnReason = row.withdrawn_reason === null ? null : String(row.withdrawn_reason);
    const manifest = parseManifest(String(row.manifest));
    const known = path === MANIFEST_PATH || (manifest?.files.some((f) => f.path === path) ?? false);
    if (status === 'withdrawn' || !known) return { status, withdrawnReason, held: false, known, file: null };
    this.requestPack(departmentId, year, n);
    const bytes = this.handoff.get(`${departmentId}/${year}/${n}`) ?? this.heldPack(departmentId, year, n);
    const entry = bytes ? Pack.decode(bytes)?.get(path) : undefined;
    // A copy: a view would carry the whole pack's buffer across the call.
    let file: PackEntry | null = entry ? { meta: entry.meta, body: entry.body.slice() } : null;
    if (!file && path === MANIFEST_PATH) {
      const body = utf8.encode(String(row.manifest)) as Uint8Array<ArrayBuffer>;
      file = { meta: { path, mediaType: 'application/json', sha256: String(row.manifest_sha), bytes: body.byteLength }, body };
    }
    return { status, withdrawnReason, held: bytes !== null, known, file };
  }

  private heldPack(d: string, y: number, n: number): Uint8Array<ArrayBuffer> | null {
    const parts = this.sql.exec('SELECT data FROM held WHERE department_id = ? AND year = ? AND n = ? ORDER BY part', d, y, n).toArray().map((r) => new Uint8Array(r.data as ArrayBuffer));
    if (parts.length === 0) return null;
    if (parts.length === 1) return parts[0] as Uint8Array<ArrayBuffer>;
    const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.byteLength), 0);
    return out;
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
      this.queuePointer(departmentId, year);
      this.enqueue(departmentId, year, n);
    });
    void this.ctx.storage.setAlarm(Date.now());
    return { ok: true, version: this.version(departmentId, year, n)!, seq };
  }

  // ---- version packs ----------------------------------------------------------------------------

  private enqueue(d: string, y: number, n: number): void {
    this.sql.exec('INSERT OR REPLACE INTO materialize (department_id, year, n, queued_at, attempts, next_at) VALUES (?, ?, ?, ?, 0, 0)', d, y, n, this.nextJob());
  }

  /** The dataset's latest pointer is to be written now (a new version, or a withdrawal that changed it). */
  private queuePointer(d: string, y: number): void {
    this.sql.exec('INSERT INTO pointers (department_id, year) VALUES (?, ?) ON CONFLICT (department_id, year) DO UPDATE SET attempts = 0, next_at = 0', d, y);
  }

  /** KV writes still queued: versions' packs (readable from here meanwhile) and latest pointers. */
  pendingWrites(): number {
    return Number(this.sql.exec('SELECT (SELECT COUNT(*) FROM materialize) + (SELECT COUNT(*) FROM pointers) AS c').one().c);
  }

  /**
   * A reader found a version's pack missing: queue it (readers never write packs, so they never race a
   * withdrawal). Only while the pack is held and not yet written: once written, a reader that does not see
   * it is looking at KV's propagation, and another write would change nothing.
   */
  requestPack(d: string, y: number, n: number): void {
    const unwritten = this.sql.exec('SELECT 1 FROM held WHERE department_id = ? AND year = ? AND n = ? AND release_at IS NULL LIMIT 1', d, y, n).toArray().length > 0;
    if (!unwritten) return;
    const queued = this.sql.exec('INSERT OR IGNORE INTO materialize (department_id, year, n, queued_at) VALUES (?, ?, ?, ?)', d, y, n, this.nextJob()).rowsWritten > 0;
    if (queued) void this.ctx.storage.setAlarm(Date.now());
  }

  /**
   * Write the queued versions' packs (or tombstones), then the latest pointers that changed, then release
   * the packs written long enough ago. A job that fails is kept with its attempt count and retried later
   * with backoff; it never holds up the jobs behind it.
   */
  override async alarm(): Promise<void> {
    const files = new FileStore((this.env as Env).FILES);
    const now = Date.now();
    // Fresh jobs first: one that keeps failing must not hold up the others.
    const jobs = this.sql.exec('SELECT department_id, year, n, queued_at, attempts FROM materialize WHERE next_at <= ? ORDER BY attempts, queued_at LIMIT 16', now).toArray();
    for (const job of jobs) {
      const d = String(job.department_id);
      const y = Number(job.year);
      const n = Number(job.n);
      const key = `${d}/${y}/${n}`;
      const done = () => this.sql.exec('DELETE FROM materialize WHERE department_id = ? AND year = ? AND n = ? AND queued_at = ?', d, y, n, job.queued_at);
      try {
        const status = () => this.sql.exec('SELECT status, withdrawn_reason FROM versions WHERE department_id = ? AND year = ? AND n = ?', d, y, n).toArray()[0];
        const row = status();
        if (!row) {
          done();
          continue;
        }
        if (row.status === 'withdrawn') await tombstone(files, d, y, n, String(row.withdrawn_reason ?? ''));
        else {
          const pack = this.handoff.get(key) ?? this.heldPack(d, y, n);
          if (!pack) {
            console.error(`the pack of ${d}/${y} v${n} cannot be written: it is no longer held here`);
            done();
            continue;
          }
          await writeVersion(files, d, y, n, pack);
          // A withdrawal while the pack was on its way: put the tombstone back over it now, not a round later.
          const after = status();
          if (after?.status === 'withdrawn') await tombstone(files, d, y, n, String(after.withdrawn_reason ?? ''));
        }
        if (row.status === 'withdrawn') this.handoff.delete(key); // a published one stays at hand for readers until released
        this.sql.exec('UPDATE held SET release_at = ? WHERE department_id = ? AND year = ? AND n = ? AND release_at IS NULL', now + RELEASE_AFTER_MS, d, y, n);
        // A withdrawal that came meanwhile re-queued the job under a newer ticket: leave that one for the next round.
        done();
      } catch (e) {
        const attempts = Number(job.attempts) + 1;
        console.warn(`the pack of ${d}/${y} v${n} was not written (attempt ${attempts}): ${(e as Error).message}`);
        this.sql.exec('UPDATE materialize SET attempts = ?, next_at = ? WHERE department_id = ? AND year = ? AND n = ? AND queued_at = ?', attempts, now + backoff(attempts), d, y, n, job.queued_at);
      }
    }
    // Latest pointers: each written once however many of its versions this round saw, and kept queued until written.
    for (const p of this.sql.exec('SELECT department_id, year, attempts FROM pointers WHERE next_at <= ? ORDER BY next_at LIMIT 64', now).toArray()) {
      const d = String(p.department_id);
      const y = Number(p.year);
      const live = this.sql.exec("SELECT latest FROM datasets WHERE department_id = ? AND year = ? AND status = 'published'", d, y).toArray()[0];
      try {
        if (live) await files.putLatest(d, y, Number(live.latest));
        // Only if no newer version took the pointer meanwhile (that one re-queued it, due now).
        this.sql.exec(
          "DELETE FROM pointers WHERE department_id = ? AND year = ? AND COALESCE((SELECT latest FROM datasets WHERE department_id = ? AND year = ? AND status = 'published'), -1) = ?",
          d, y, d, y, live ? Number(live.latest) : -1,
        );
      } catch (e) {
        const attempts = Number(p.attempts) + 1;
        console.warn(`the latest pointer of ${d}/${y} was not written (attempt ${attempts}): ${(e as Error).message}`);
        this.sql.exec('UPDATE pointers SET attempts = ?, next_at = ? WHERE department_id = ? AND year = ?', attempts, now + backoff(attempts), d, y);
      }
    }
    for (const r of this.sql.exec('SELECT DISTINCT department_id, year, n FROM held WHERE release_at IS NOT NULL AND release_at <= ?', now).toArray()) {
      this.handoff.delete(`${r.department_id}/${r.year}/${r.n}`);
    }
    this.sql.exec('DELETE FROM held WHERE release_at IS NOT NULL AND release_at <= ?', now);
    // The next round: the earliest job, pointer or release that is due (a failing write backs off up to a minute).
    const due = this.sql.exec(`SELECT MIN(t) AS t FROM (
      SELECT MIN(next_at) AS t FROM materialize UNION ALL SELECT MIN(next_at) FROM pointers
      UNION ALL SELECT MIN(release_at) FROM held WHERE release_at IS NOT NULL)`).one();
    if (due.t !== null) await this.ctx.storage.setAlarm(Math.max(Number(due.t), Date.now()));
  }

  /** Job tickets: strictly increasing, so that a job queued twice in one millisecond is still told apart. */
  private nextJob(): number {
    const last = Number(this.sql.exec('SELECT COALESCE(MAX(queued_at), 0) AS t FROM materialize').one().t);
    return Math.max(last + 1, Date.now());
  }

  // ---- reads ----------------------------------------------------------------------------------

  version(departmentId: string, year: number, n: number): VersionRecord | null {
    const row = this.sql.exec(`SELECT ${VERSION_COLUMNS} FROM versions WHERE department_id = ? AND year = ? AND n = ?`, departmentId, year, n).toArray()[0];
    return row ? versionRecord(row) : null;
  }

  manifest(departmentId: string, year: number, n: number): string | null {
    const row = this.sql.exec('SELECT manifest FROM versions WHERE department_id = ? AND year = ? AND n = ?', departmentId, year, n).toArray()[0];
    return row ? String(row.manifest) : null;
  }

  dataset(departmentId: string, year: number): { dataset: DatasetRecord; versions: VersionRecord[] } | null {
    const row = this.sql.exec('SELECT * FROM datasets WHERE department_id = ? AND year = ?', departmentId, year).toArray()[0];
    if (!row) return null;
    const versions = this.sql.exec(`SELECT ${VERSION_COLUMNS} FROM versions WHERE department_id = ? AND year = ? ORDER BY n`, departmentId, year).toArray().map(versionRecord);
    return { dataset: datasetRecord(row), versions };
  }

  catalog(q: CatalogQuery): { items: DatasetRecord[]; more: boolean; total?: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.year !== undefined) { where.push('year = ?'); args.push(q.year); }
    // A prefix as a range, so that the region index serves it ('1406' → ['1406', '1407')).
    if (q.region) { where.push('region_code >= ? AND region_code < ?'); args.push(q.region, q.region.slice(0, -1) + String.fromCharCode(q.region.charCodeAt(q.region.length - 1) + 1)); }
    if (q.department) { where.push('department_id = ?'); args.push(q.department); }
    if (q.q) { where.push("department_name LIKE ? ESCAPE '\\'"); args.push(`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`); }
    if (q.modifiedSince) { where.push('modified >= ?'); args.push(q.modifiedSince); }
    const filter = where.length ? 'WHERE ' + where.join(' AND ') : '';
    const keyed = q.after ? `${filter ? filter + ' AND' : 'WHERE'} (department_id, year) > (?, ?)` : filter;
    const rows = this.sql.exec(
      `SELECT * FROM datasets ${keyed} ORDER BY department_id, year LIMIT ? OFFSET ?`,
      ...args, ...(q.after ? [q.after.departmentId, q.after.year] : []), q.limit + 1, q.offset ?? 0,
    ).toArray();
    const total = q.withTotal ? Number(this.sql.exec(`SELECT COUNT(*) AS c FROM datasets ${filter}`, ...args).one().c) : undefined;
    return { items: rows.slice(0, q.limit).map(datasetRecord), more: rows.length > q.limit, ...(total !== undefined ? { total } : {}) };
  }

  /** The manifests of the given versions, in one call (a harvester's page lists every dataset's files). */
  manifests(keys: { departmentId: string; year: number; version: number }[]): (string | null)[] {
    return keys.map((k) => this.manifest(k.departmentId, k.year, k.version));
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
