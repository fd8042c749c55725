// The facts index (D1) follows the ledger: a commit or a withdrawal queues its dataset, in its own
// transaction, and the alarm brings each queued dataset's index to what the ledger says (facts/writer.ts),
// retrying with backoff until it is done. The index is derived: `rebuild` queues every dataset again.
import * as v from 'valibot';
import { FILING_PATH, PROVENANCE_PATH } from '../../../core/contract/files.ts';
import { ProvenanceSchema } from '../../../core/model/provenance.ts';
import { factRows, filingFacts, type Fact } from '../../../core/facts/facts.ts';
import { parseFiling } from '../../../core/model/parse.ts';
import { FileStore } from '../files.ts';
import { indexedVersions, syncDataset, type DatasetState, type FactRows } from '../facts/writer.ts';
import type { WriteQueue } from './queue.ts';

const BATCH = 8;

function backoff(attempts: number): number {
  return Math.min(300_000, 500 * 2 ** attempts);
}

export class IndexQueue {
  constructor(
    private readonly sql: SqlStorage,
    private readonly queue: WriteQueue,
    private readonly db: () => D1Database | undefined,
    private readonly kv: () => KVNamespace,
  ) {}

  /** In a commit's transaction: the version's fact rows, as the Worker made them, until the index has them. */
  hold(d: string, y: number, n: number, rows: FactRows): void {
    this.sql.exec('INSERT OR REPLACE INTO pending_facts (department_id, year, n, cells, rows) VALUES (?, ?, ?, ?, ?)', d, y, n, rows.cells, rows.json);
  }

  /** In a commit's or withdrawal's transaction: the dataset's index is to be brought up to date. */
  queueDataset(d: string, y: number): void {
    this.sql.exec(
      'INSERT INTO index_jobs (department_id, year, queued_at) VALUES (?, ?, ?) ON CONFLICT (department_id, year) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0, next_at = 0',
      d, y, Date.now(),
    );
  }

  /** Every dataset, for a rebuild from the packs. */
  rebuild(): number {
    this.sql.exec('INSERT INTO index_jobs (department_id, year, queued_at, rebuild) SELECT department_id, year, ?, 1 FROM datasets WHERE true ON CONFLICT (department_id, year) DO UPDATE SET attempts = 0, next_at = 0, rebuild = 1', Date.now());
    return this.pending();
  }

  pending(): number {
    return Number(this.sql.exec('SELECT COUNT(*) AS c FROM index_jobs').one().c);
  }

  /** When the next job is due, or null. */
  due(): number | null {
    const t = this.sql.exec('SELECT MIN(next_at) AS t FROM index_jobs').one().t;
    return t === null ? null : Number(t);
  }

  /** The alarm's share: a few datasets a round, each in one D1 batch. */
  async run(now = Date.now()): Promise<void> {
    const db = this.db();
    if (!db) return; // no index bound (a deployment without D1): the jobs wait
    const jobs = this.sql.exec('SELECT department_id, year, queued_at, attempts, rebuild FROM index_jobs WHERE next_at <= ? ORDER BY attempts, queued_at LIMIT ?', now, BATCH).toArray();
    for (const j of jobs) {
      const d = String(j.department_id);
      const y = Number(j.year);
      try {
        const indexed = await this.sync(db, d, y, j.rebuild === 1);
        // Only if not queued again meanwhile (a newer commit's job runs next round).
        this.sql.exec('DELETE FROM index_jobs WHERE department_id = ? AND year = ? AND queued_at = ?', d, y, j.queued_at);
        for (const n of indexed) this.sql.exec('DELETE FROM pending_facts WHERE department_id = ? AND year = ? AND n = ?', d, y, n);
      } catch (e) {
        const next = Number(j.attempts) + 1;
        console.warn(`the facts index of ${d}/${y} was not updated (attempt ${next}): ${(e as Error).message}`);
        this.sql.exec('UPDATE index_jobs SET attempts = ?, next_at = ? WHERE department_id = ? AND year = ?', next, now + backoff(next), d, y);
      }
    }
  }

  /** Bring the dataset's index to the ledger; a rebuild reads every published version from its pack again. */
  private async sync(db: D1Database, d: string, y: number, rebuild: boolean): Promise<number[]> {
    const ds = this.sql.exec('SELECT department_name, region_code, template, latest, status FROM datasets WHERE department_id = ? AND year = ?', d, y).toArray()[0];
    const versions = this.sql.exec('SELECT n, status FROM versions WHERE department_id = ? AND year = ? ORDER BY n', d, y).toArray();
    const published = versions.filter((v) => v.status === 'published').map((v) => Number(v.n));
    const state: DatasetState = {
      departmentId: d, year: y, departmentName: String(ds?.department_name ?? ''), regionCode: String(ds?.region_code ?? ''), template: String(ds?.template ?? ''),
      latest: ds && ds.status === 'published' ? Number(ds.latest) : null, published,
    };
    const held = new Set(rebuild ? [] : await indexedVersions(db, d, y));
    const add = new Map<number, FactRows>();
    for (const n of published) if (!held.has(n)) add.set(n, this.handedOver(d, y, n) ?? factRows(await this.facts(d, y, n)));
    const remove = (rebuild ? await indexedVersions(db, d, y) : [...held]).filter((n) => !published.includes(n));
    // Withdrawn versions' rows are never indexed: drop them with the rest.
    await syncDataset(db, state, add, remove, { rebuild });
    return versions.map((v) => Number(v.n));
  }

  /** The rows the commit handed over, if still held (a rebuild, or a store made before, reads the pack). */
  private handedOver(d: string, y: number, n: number): FactRows | null {
    const row = this.sql.exec('SELECT cells, rows FROM pending_facts WHERE department_id = ? AND year = ? AND n = ?', d, y, n).toArray()[0];
    return row ? { cells: Number(row.cells), json: String(row.rows) } : null;
  }

  /** A version's facts, from its pack (still held here, or in KV). */
  private async facts(d: string, y: number, n: number): Promise<Fact[]> {
    const pack = (await this.queue.opened(d, y, n)) ?? (await new FileStore(this.kv()).getVersion(d, y, n));
    const file = pack?.get(FILING_PATH);
    if (!file) throw new Error(`the pack of version ${n} is not readable (yet)`);
    // filing.json is the canonical filing the Worker checked at publication; read back through its schema all the same.
    const parsed = parseFiling(JSON.parse(new TextDecoder().decode(file.body)));
    if (!parsed.ok) throw new Error(`filing.json of version ${n} does not fit the filing schema: ${parsed.issues[0]?.path} ${parsed.issues[0]?.message}`);
    // Where each figure was printed, when the submission carried it: a fact names its page.
    const printed = pack?.get(PROVENANCE_PATH);
    const provenance = printed ? v.safeParse(ProvenanceSchema, JSON.parse(new TextDecoder().decode(printed.body))) : null;
    return filingFacts(parsed.filing, provenance?.success ? provenance.output : undefined);
  }
}
