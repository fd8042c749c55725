// The ledger: the commit that gives a version its number, and withdrawals. Each is one transaction over
// the version, the dataset, the change log, the Idempotency-Key's answer and the KV write queue.
import * as v from 'valibot';
import { receiptDocument } from '../../../core/contract/receipt.ts';
import { Sha256Schema } from '../../../core/contract/fields.ts';
import { StoredSignatureSchema, type StoredSignature } from '../../../core/contract/manifest.ts';
import { FindingsSummarySchema, keyRefusal, type FindingsSummary, type VersionRecord } from '../../../core/ledger/records.ts';
import { factRowsProblem } from '../../../core/facts/facts.ts';
import { assembleVersion, preparedProblem, PreparedVersionSchema, type PreparedVersion } from '../../../core/version/assemble.ts';
import { storedPack } from '../version-pack.ts';
import type { Admissions } from './admission.ts';
import type { LogRef } from '../../../core/contract/log.ts';
import type { IndexQueue } from './indexing.ts';
import type { Keys } from './keys.ts';
import type { TransparencyLog } from './log.ts';
import type { Serial } from './serial.ts';
import type { WriteQueue } from './queue.ts';
import type { Reads } from './reads.ts';

export interface CommitRequest {
  keyId: string;
  idempotencyKey: string | null;
  /** The request body's digest, recorded with the Idempotency-Key. */
  requestSha256: string;
  /** Everything that does not name the version, rendered and hashed by the Worker (core/version/assemble.ts). */
  prepared: PreparedVersion;
  signature: StoredSignature;
  findings: FindingsSummary;
  origin: string;
  /** The version's fact rows for the facts index (core/facts/facts.ts factRows), made by the Worker. */
  facts: { json: string; cells: number };
}

export interface Committed {
  version: number;
  publishedAt: string;
  seq: number;
  manifestSha256: string;
  response: { status: number; body: string };
}

/** refused: the key may not publish this; invalid: the request is not one the Worker would make (a fault, not the department's). */
export type CommitResult = Committed | { replayed: { status: number; body: string } } | { mismatch: true } | { refused: string } | { invalid: string } | { unavailable: string };

/** The commit request as it crosses from the Worker: checked whole before anything is numbered. */
const CommitRequestSchema = v.strictObject({
  keyId: v.pipe(v.string(), v.minLength(1)),
  idempotencyKey: v.nullable(v.pipe(v.string(), v.regex(/^[\x21-\x7e]{1,255}$/))),
  requestSha256: Sha256Schema,
  prepared: PreparedVersionSchema,
  signature: StoredSignatureSchema,
  findings: FindingsSummarySchema,
  origin: v.pipe(v.string(), v.url()),
  facts: v.strictObject({ json: v.pipe(v.string(), v.maxLength(8 * 1024 * 1024)), cells: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
});

export type Withdrawal = { ok: true; version: VersionRecord; seq: number; log: LogRef } | { ok: false; status: 404 | 409 } | { ok: false; status: 503; unavailable: string };

export class Ledger {
  constructor(
    private readonly sql: SqlStorage,
    /** Commits, withdrawals and key changes run one after another: each awaits hashing and sealing, and no other may take a number or a log entry meanwhile. */
    private readonly serial: Serial,
    private readonly log: TransparencyLog,
    private readonly storage: DurableObjectStorage,
    private readonly keys: Keys,
    private readonly admissions: Admissions,
    private readonly queue: WriteQueue,
    private readonly indexing: IndexQueue,
    private readonly reads: Reads,
  ) {}

  commit(c: CommitRequest): Promise<CommitResult> {
    return this.serial.run(() => this.commitNow(c));
  }

  private async commitNow(c: CommitRequest): Promise<CommitResult> {
    if (c.idempotencyKey) {
      // A request that outlived its pending mark may race its own retry: the first to commit answers both,
      // and a request with another body under the same key is refused, as admission would have.
      const done = this.admissions.completed(c.keyId, c.idempotencyKey);
      if (done && done.requestSha256 !== c.requestSha256) return { mismatch: true };
      if (done) return { replayed: { status: done.status, body: done.body } };
    }
    const checked = v.safeParse(CommitRequestSchema, c);
    if (!checked.success) return { invalid: `the commit request is not well formed: ${checked.issues.map((i) => `${v.getDotPath(i) ?? '/'}: ${i.message}`).slice(0, 3).join('; ')}` };
    const problem = preparedProblem(c.prepared);
    if (problem) return { invalid: `the version prepared is not whole: ${problem}` };
    const rows = factRowsProblem(c.facts.json);
    if (rows) return { invalid: `the fact rows are not whole: ${rows}` };
    const { dataset } = c.prepared;
    // The key as it stands now (it may have been revoked since admission), and the department it signs for.
    const key = this.keys.get(c.keyId);
    const refusal = keyRefusal(key, c.keyId, Date.now())
      ?? (c.signature.keyId !== c.keyId ? `the signature is by key "${c.signature.keyId}", not "${c.keyId}"` : null)
      ?? (key!.departmentId !== dataset.departmentId ? `key "${c.keyId}" signs for ${key!.departmentId}, not for ${dataset.departmentId}` : null);
    if (refusal) return { refused: refusal };
    const unavailable = this.log.problem();
    if (unavailable) return { unavailable };
    const d = dataset.departmentId;
    const y = dataset.year;
    const max = this.sql.exec('SELECT MAX(n) AS n FROM versions WHERE department_id = ? AND year = ?', d, y).one();
    const version = Number(max.n ?? 0) + 1;
    const publishedAt = new Date().toISOString();
    const assembled = await assembleVersion(c.prepared, { departmentId: d, year: y, version, publishedAt, ...(version > 1 ? { corrects: version - 1 } : {}) }, c.signature);
    const { manifestSha256 } = assembled;
    const response = { status: 201, body: JSON.stringify(receiptDocument(c.origin, d, y, version, publishedAt, manifestSha256, c.findings), null, 2) + '\n' };
    const findings = JSON.stringify(c.findings);
    const [pack, entry] = await Promise.all([
      storedPack(assembled.files, assembled.parts),
      this.log.seal(publishedAt, { kind: 'version-published', departmentId: d, year: y, version, manifestSha256 }),
    ]);
    let seq = 0;
    this.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO versions (department_id, year, n, published_at, status, filing_sha, manifest_sha, key_id, findings, manifest)
         VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?)`,
        d, y, version, publishedAt, c.prepared.filingSha256, manifestSha256, c.keyId, findings, assembled.manifestText,
      );
      this.sql.exec(
        `INSERT INTO datasets (department_id, year, department_name, region_code, template, latest, first_published, modified, status, findings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?)
         ON CONFLICT(department_id, year) DO UPDATE SET department_name = excluded.department_name, region_code = excluded.region_code,
           template = excluded.template, latest = excluded.latest, modified = excluded.modified, status = 'published', findings = excluded.findings`,
        d, y, dataset.departmentName, dataset.regionCode, dataset.template, version, publishedAt, publishedAt, findings,
      );
      seq = this.logChange(d, y, version, version === 1 ? 'published' : 'corrected', publishedAt, manifestSha256, null);
      this.log.append(entry);
      if (c.idempotencyKey) this.admissions.complete(c.keyId, c.idempotencyKey, c.requestSha256, response.status, response.body);
      this.queue.hold(d, y, version, pack);
      this.indexing.hold(d, y, version, c.facts);
      this.indexing.queueDataset(d, y);
    });
    await this.queue.committed(d, y, version, pack);
    return { version, publishedAt, seq, manifestSha256, response };
  }

  withdraw(departmentId: string, year: number, n: number, reason: string): Promise<Withdrawal> {
    return this.serial.run(() => this.withdrawNow(departmentId, year, n, reason));
  }

  private async withdrawNow(departmentId: string, year: number, n: number, reason: string): Promise<Withdrawal> {
    const v0 = this.reads.version(departmentId, year, n);
    if (!v0) return { ok: false, status: 404 };
    if (v0.status === 'withdrawn') return { ok: false, status: 409 };
    const unavailable = this.log.problem();
    if (unavailable) return { ok: false, status: 503, unavailable };
    const at = new Date().toISOString();
    const entry = await this.log.seal(at, { kind: 'version-withdrawn', departmentId, year, version: n, manifestSha256: v0.manifestSha256, reason });
    let seq = 0;
    this.storage.transactionSync(() => {
      this.sql.exec("UPDATE versions SET status = 'withdrawn', withdrawn_at = ?, withdrawn_reason = ? WHERE department_id = ? AND year = ? AND n = ?", at, reason, departmentId, year, n);
      seq = this.logChange(departmentId, year, n, 'withdrawn', at, v0.manifestSha256, reason);
      this.log.append(entry);
      const live = this.sql.exec("SELECT n, findings FROM versions WHERE department_id = ? AND year = ? AND status = 'published' ORDER BY n DESC LIMIT 1", departmentId, year).toArray()[0];
      if (live) this.sql.exec('UPDATE datasets SET latest = ?, modified = ?, findings = ? WHERE department_id = ? AND year = ?', live.n, at, live.findings, departmentId, year);
      else this.sql.exec("UPDATE datasets SET status = 'withdrawn', modified = ? WHERE department_id = ? AND year = ?", at, departmentId, year);
      this.queue.withdrawn(departmentId, year, n);
      this.indexing.queueDataset(departmentId, year);
    });
    this.queue.wake();
    return { ok: true, version: this.reads.version(departmentId, year, n)!, seq, log: { seq: entry.seq, hash: entry.hash } };
  }

  private logChange(d: string, y: number, n: number, kind: 'published' | 'corrected' | 'withdrawn', at: string, manifestSha256: string, reason: string | null): number {
    return Number(this.sql.exec('INSERT INTO changes (department_id, year, n, kind, at, manifest_sha, reason) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq', d, y, n, kind, at, manifestSha256, reason).one().seq);
  }
}
