// The sequencer: one Durable Object with SQLite storage, strongly consistent and single-threaded. A thin
// front over its parts (./registry/): keys, admission (rate, nonces, idempotency), the ledger (the commit
// that numbers versions, withdrawals), the KV write queue and reads. Numbers are consecutive and never
// given twice; the change log is appended in the version's own transaction.
import { DurableObject } from 'cloudflare:workers';
import { Admissions, type Admission, type AdmitRequest } from './registry/admission.ts';
import { backfill } from './registry/backfill.ts';
import { Departments } from './registry/departments.ts';
import { IndexQueue } from './registry/indexing.ts';
import { Keys, type NewKey } from './registry/keys.ts';
import { TransparencyLog } from './registry/log.ts';
import { Ledger, type CommitRequest, type CommitResult, type Withdrawal } from './registry/ledger.ts';
import { WriteQueue } from './registry/queue.ts';
import { Reads, type CatalogQuery } from './registry/reads.ts';
import { migrate } from './registry/schema.ts';
import type { DeadlineInput, DepartmentChange, NewDepartment } from '../../core/ledger/departments.ts';
import { Serial } from './registry/serial.ts';
import type { BulkExporter } from './bulk/exporter.ts';

export type { ChangeRecord, DatasetInfo, DatasetRecord, FindingsSummary, KeyRecord, VersionRecord } from '../../core/ledger/records.ts';
export type { Admission, AdmitRequest } from './registry/admission.ts';
export type { CommitRequest, CommitResult, Committed } from './registry/ledger.ts';
export type { CatalogQuery, HeldFile } from './registry/reads.ts';

/** What the sequencer is bound to. */
export interface RegistryBindings {
  /** Where the alarm writes version packs and latest pointers. */
  FILES: KVNamespace;
  /** The facts index (D1), filled by the alarm after each publication and withdrawal. */
  INDEX?: D1Database;
  /** The private JWK that seals the transparency log (a Worker secret). Without it nothing is published. */
  PLATFORM_SIGNING_KEY?: string;
  /** The bulk files' exporter, woken once the index has changed (it makes the files later, on its own). */
  BULK_EXPORTER?: DurableObjectNamespace<BulkExporter>;
}

export class Registry extends DurableObject<RegistryBindings> {
  protected readonly sql: SqlStorage;
  private readonly keys: Keys;
  private readonly admissions: Admissions;
  private readonly queue: WriteQueue;
  private readonly reads: Reads;
  private readonly ledger: Ledger;
  private readonly log: TransparencyLog;
  private readonly indexing: IndexQueue;
  private readonly departments: Departments;

  constructor(ctx: DurableObjectState, env: RegistryBindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, ctx.storage);
    this.departments = new Departments(this.sql, ctx.storage);
    this.departments.seedOnce();
    const serial = new Serial();
    this.log = new TransparencyLog(this.sql);
    this.keys = new Keys(this.sql, ctx.storage, this.log, serial);
    this.admissions = new Admissions(this.sql, this.keys);
    this.queue = new WriteQueue(this.sql, ctx.storage, () => this.env.FILES);
    this.reads = new Reads(this.sql, this.queue);
    this.indexing = new IndexQueue(this.sql, this.queue, () => this.env.INDEX, () => this.env.FILES);
    void ctx.blockConcurrencyWhile(async () => {
      await this.queue.recover();
      await this.log.open(env.PLATFORM_SIGNING_KEY, () => backfill(this.sql), (entries) => ctx.storage.transactionSync(() => entries.forEach((e) => this.log.append(e))));
    });
    this.ledger = new Ledger(this.sql, serial, this.log, ctx.storage, this.keys, this.admissions, this.queue, this.indexing, this.reads);
  }

  // the transparency log
  logPage(since: number, limit: number) { return this.log.page(since, limit); }
  logEntry(seq: number) { return this.log.entry(seq); }
  platformKey() { return this.log.platformKey(); }
  versionLog(departmentId: string, year: number, n: number) { return this.log.versionLog(departmentId, year, n); }

  // keys
  registerKey(k: NewKey) { return this.keys.register(k); }
  revokeKey(keyId: string, reason: string) { return this.keys.revoke(keyId, reason); }
  getKey(keyId: string) { return this.keys.get(keyId); }
  listKeys() { return this.keys.list(); }
  keyLogs(keyId?: string) { return this.log.keyLogs(keyId); }

  // the department registry and the regions' deadlines (the coverage ledger's inputs)
  department(id: string) { return this.departments.get(id); }
  listDepartments(region?: string) { return this.departments.list(region); }
  departmentsByIds(ids: string[]) { return this.departments.some(ids); }
  createDepartment(d: NewDepartment) { return this.departments.create(d); }
  updateDepartment(id: string, change: DepartmentChange) { return this.departments.update(id, change); }
  setDeadline(regionCode: string, year: number, input: DeadlineInput) { return this.departments.setDeadline(regionCode, year, input); }
  listDeadlines(q: { year?: number; region?: string }) { return this.departments.deadlines(q); }
  coverageInputs(year: number, region?: string) { return this.departments.coverageInputs(year, region); }

  // publication: admit, then commit (two calls a submission)
  admit(r: AdmitRequest): Admission { return this.admissions.admit(r); }
  commit(c: CommitRequest): Promise<CommitResult> { return this.ledger.commit(c); }
  abandon(keyId: string, idempotencyKey: string | null, ticket: number | null): void { this.admissions.abandon(keyId, idempotencyKey, ticket); }
  withdraw(departmentId: string, year: number, n: number, reason: string): Promise<Withdrawal> { return this.ledger.withdraw(departmentId, year, n, reason); }

  // the KV write queue
  override async alarm(): Promise<void> {
    await this.queue.run();
    const indexed = this.indexing.pending();
    await this.indexing.run();
    if (indexed > this.indexing.pending() && this.env.BULK_EXPORTER) {
      // The index changed: its bulk files are stale (marked in the index's own batch); the exporter remakes them.
      await this.env.BULK_EXPORTER.get(this.env.BULK_EXPORTER.idFromName('bulk')).wake().catch((e: unknown) => console.warn(`the bulk exporter was not woken: ${(e as Error).message}`));
    }
    const due = this.indexing.due();
    if (due !== null && this.env.INDEX) await this.queue.schedule(Math.max(due, Date.now()));
  }
  pendingWrites(): number { return this.queue.pending(); }

  // the facts index
  pendingIndex(): number { return this.indexing.pending(); }
  rebuildIndex(): number {
    const n = this.indexing.rebuild();
    this.queue.wake();
    return n;
  }
  requestPack(d: string, y: number, n: number): void { this.queue.request(d, y, n); }

  // reads
  heldPack(departmentId: string, year: number, n: number) { return this.reads.heldPack(departmentId, year, n); }
  heldFile(departmentId: string, year: number, n: number, path: string) { return this.reads.heldFile(departmentId, year, n, path); } // async: a held pack is inflated
  version(departmentId: string, year: number, n: number) { return this.reads.version(departmentId, year, n); }
  manifest(departmentId: string, year: number, n: number) { return this.reads.manifest(departmentId, year, n); }
  manifests(keys: { departmentId: string; year: number; version: number }[]) { return this.reads.manifests(keys); }
  dataset(departmentId: string, year: number) { return this.reads.dataset(departmentId, year); }
  catalog(q: CatalogQuery) { return this.reads.catalog(q); }
  count() { return this.reads.count(); }
  changes(since: number, limit: number) { return this.reads.changes(since, limit); }
}
