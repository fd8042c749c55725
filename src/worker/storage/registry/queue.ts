// The KV write queue. A commit holds its version's pack here (compressed, in SQLite, in parts) and queues its write;
// the alarm writes packs (or tombstones) and then latest pointers to KV, retrying each with backoff, and
// releases a pack two minutes after it was written (readers that do not see it in KV yet are answered
// from here meanwhile). Nothing committed depends on a KV write having succeeded.
import { FileStore } from '../files.ts';
import { inflate, type Pack } from '../../../core/pack.ts';
import { tombstone } from '../version-pack.ts';

/**
 * Bytes of version packs kept in memory until released (for the alarm and for readers); beyond this, or
 * after a restart, they are read back from SQLite. A pack is about 40 KB, one with its PDF up to about 3 MB:
 * a byte budget, not a count, keeps the object well inside its 128 MB.
 */
const HANDOFF_BYTES = 16 * 1024 * 1024;
/** SQLite rows hold at most 2 MB: a held pack is stored in parts. */
const PART_BYTES = 1 << 20;
/** Opened packs kept for readers: a few, each at most this large (a pack with its PDF is not kept). */
const OPENED_KEPT = 4;
const OPENED_MAX_BYTES = 2 * 1024 * 1024;
/** How long a pack is held after it is written to KV: a KV write takes up to a minute to be seen everywhere. */
const RELEASE_AFTER_MS = 120_000;

/**
 * A commit's alarm is set this long after it, so that commits close together are written in one round: one
 * query for their jobs, one latest pointer per dataset. Readers are answered from here meanwhile.
 */
const BATCH_MS = 25;

/** A write to KV that failed is tried again after 250 ms, then twice as long each time, up to a minute. */
function backoff(attempts: number): number {
  return Math.min(60_000, 250 * 2 ** attempts);
}

export class WriteQueue {
  /** Committed versions' packs, by version, until released (saves reading them back); oldest first. */
  private readonly handoff = new Map<string, Uint8Array<ArrayBuffer>>();
  private handoffBytes = 0;
  /** When the alarm is due, as this object set it (null: none set, or it is running): a commit sets it only if needed. */
  private alarmAt: number | null = null;
  /** Packs lately opened for readers (see opened), newest last. */
  private readonly recent = new Map<string, Pack>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    /** The KV namespace as it is now (tests swap it for a failing one). */
    private readonly kv: () => KVNamespace,
  ) {}

  /** In the commit's transaction: hold the version's pack and queue its write and the dataset's pointer. */
  hold(d: string, y: number, n: number, pack: Uint8Array<ArrayBuffer>): void {
    for (let part = 0, at = 0; at < pack.byteLength; part++, at += PART_BYTES) {
      this.sql.exec('INSERT INTO held (department_id, year, n, part, data) VALUES (?, ?, ?, ?, ?)', d, y, n, part, pack.subarray(at, at + PART_BYTES));
    }
    this.queuePointer(d, y);
    this.enqueue(d, y, n);
  }

  /** After the commit's transaction: keep the pack at hand, and wake the alarm. */
  async committed(d: string, y: number, n: number, pack: Uint8Array<ArrayBuffer>): Promise<void> {
    this.keep(`${d}/${y}/${n}`, pack);
    // Committed: a failure to schedule the write must not turn into an error for the department.
    await this.schedule(Date.now() + BATCH_MS).catch((e: Error) => console.warn(`alarm not set after ${d}/${y} v${n}: ${e.message}`));
  }

  /** In a withdrawal's transaction: the tombstone is to be written, and the pointer moved. */
  withdrawn(d: string, y: number, n: number): void {
    this.queuePointer(d, y);
    this.enqueue(d, y, n);
  }

  wake(): void {
    this.schedule(Date.now()).catch((e: Error) => console.warn(`alarm not set: ${e.message}`));
  }

  /** On the object's start: queued writes whose alarm was lost (a failed setAlarm) are woken. */
  async recover(): Promise<void> {
    if (this.pending() > 0 && (await this.storage.getAlarm()) === null) await this.schedule(Date.now());
  }

  private keep(key: string, pack: Uint8Array<ArrayBuffer>): void {
    this.forget(key);
    if (pack.byteLength > HANDOFF_BYTES / 4) return; // a very large one is read back from SQLite when needed
    this.handoff.set(key, pack);
    this.handoffBytes += pack.byteLength;
    for (const oldest of this.handoff.keys()) {
      if (this.handoffBytes <= HANDOFF_BYTES) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    this.recent.delete(key);
    const pack = this.handoff.get(key);
    if (!pack) return;
    this.handoffBytes -= pack.byteLength;
    this.handoff.delete(key);
  }

  /** The alarm at `at`, unless it is set for then or sooner already (setting it costs more than checking). */
  async schedule(at: number): Promise<void> {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    try {
      await this.storage.setAlarm(at);
    } catch (e) {
      this.alarmAt = null;
      throw e;
    }
  }

  /** KV writes still queued: versions' packs (readable from here meanwhile) and latest pointers. */
  pending(): number {
    return Number(this.sql.exec('SELECT (SELECT COUNT(*) FROM materialize) + (SELECT COUNT(*) FROM pointers) AS c').one().c);
  }

  /**
   * A held pack, opened; null once released. The last few opened are kept: readers that do not see a fresh
   * version in KV yet ask for its files one after another, and each would otherwise inflate the whole pack.
   */
  async opened(d: string, y: number, n: number): Promise<Pack | null> {
    const key = `${d}/${y}/${n}`;
    const kept = this.recent.get(key);
    if (kept) return kept;
    const pack = await inflate(this.pack(d, y, n));
    if (pack && pack.byteLength <= OPENED_MAX_BYTES) {
      this.recent.set(key, pack);
      for (const oldest of this.recent.keys()) {
        if (this.recent.size <= OPENED_KEPT) break;
        this.recent.delete(oldest);
      }
    }
    return pack;
  }

  /** A held pack as stored (compressed), from memory or SQLite; null once released. */
  pack(d: string, y: number, n: number): Uint8Array<ArrayBuffer> | null {
    const kept = this.handoff.get(`${d}/${y}/${n}`);
    if (kept) return kept;
    const parts = this.sql.exec('SELECT data FROM held WHERE department_id = ? AND year = ? AND n = ? ORDER BY part', d, y, n).toArray().map((r) => new Uint8Array(r.data as ArrayBuffer));
    if (parts.length === 0) return null;
    if (parts.length === 1) return parts[0] as Uint8Array<ArrayBuffer>;
    const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.byteLength), 0);
    return out;
  }

  /**
   * A reader found a version's pack missing: queue it (readers never write packs, so they never race a
   * withdrawal). Only while the pack is held and not yet written: once written, a reader that does not see
   * it is looking at KV's propagation, and another write would change nothing.
   */
  request(d: string, y: number, n: number): void {
    const unwritten = this.sql.exec(
      'SELECT 1 FROM held WHERE department_id = ? AND year = ? AND n = ? AND NOT EXISTS (SELECT 1 FROM releases WHERE department_id = ? AND year = ? AND n = ?) LIMIT 1',
      d, y, n, d, y, n,
    ).toArray().length > 0;
    if (!unwritten) return;
    this.sql.exec('INSERT OR IGNORE INTO materialize (department_id, year, n, queued_at) VALUES (?, ?, ?, ?)', d, y, n, this.nextJob());
    // Queued now or before: either way its write is due, and waking an alarm already set costs nothing.
    this.wake();
  }

  /**
   * The alarm: write the queued versions' packs (or tombstones), then the latest pointers that changed, then
   * release the packs written long enough ago. A job that fails is kept with its attempt count and retried
   * later with backoff; it never holds up the jobs behind it.
   */
  async run(): Promise<void> {
    this.alarmAt = null; // this run is the alarm that was set
    const files = new FileStore(this.kv());
    const now = Date.now();
    // Fresh jobs first: one that keeps failing must not hold up the others.
    const jobs = this.sql.exec(
      `SELECT m.department_id, m.year, m.n, m.queued_at, m.attempts, v.status, v.withdrawn_reason FROM materialize m
       LEFT JOIN versions v ON v.department_id = m.department_id AND v.year = m.year AND v.n = m.n
       WHERE m.next_at <= ? ORDER BY m.attempts, m.queued_at LIMIT 16`, now,
    ).toArray();
    for (const job of jobs) {
      const status = job.status === null ? null : { withdrawn: job.status === 'withdrawn', reason: String(job.withdrawn_reason ?? '') };
      await this.writePack(files, String(job.department_id), Number(job.year), Number(job.n), Number(job.queued_at), Number(job.attempts), status, now);
    }
    // Latest pointers: each written once however many of its versions this round saw, and kept queued until written.
    const pointers = this.sql.exec(
      `SELECT p.department_id, p.year, p.attempts, d.latest FROM pointers p
       LEFT JOIN datasets d ON d.department_id = p.department_id AND d.year = p.year AND d.status = 'published'
       WHERE p.next_at <= ? ORDER BY p.next_at LIMIT 64`, now,
    ).toArray();
    for (const p of pointers) await this.writePointer(files, String(p.department_id), Number(p.year), p.latest === null ? null : Number(p.latest), Number(p.attempts), now);
    const released = this.sql.exec('SELECT department_id, year, n FROM releases WHERE release_at <= ?', now).toArray();
    this.storage.transactionSync(() => {
      for (const r of released) {
        this.forget(`${r.department_id}/${r.year}/${r.n}`);
        this.sql.exec('DELETE FROM held WHERE department_id = ? AND year = ? AND n = ?', r.department_id, r.year, r.n);
      }
      this.sql.exec('DELETE FROM releases WHERE release_at <= ?', now);
    });
    // The next round: the earliest job, pointer or release that is due (a failing write backs off up to a minute).
    const due = this.sql.exec(`SELECT MIN(t) AS t FROM (
      SELECT MIN(next_at) AS t FROM materialize UNION ALL SELECT MIN(next_at) FROM pointers
      UNION ALL SELECT MIN(release_at) FROM releases)`).one();
    if (due.t !== null) await this.schedule(Math.max(Number(due.t), Date.now()));
  }

  /** One job: `status` is the version's as the round read it (null: no such version). */
  private async writePack(files: FileStore, d: string, y: number, n: number, ticket: number, attempts: number, status: { withdrawn: boolean; reason: string } | null, now: number): Promise<void> {
    const key = `${d}/${y}/${n}`;
    const done = () => this.sql.exec('DELETE FROM materialize WHERE department_id = ? AND year = ? AND n = ? AND queued_at = ?', d, y, n, ticket);
    try {
      if (!status) return void done();
      if (status.withdrawn) await tombstone(files, d, y, n, status.reason);
      else {
        const pack = this.pack(d, y, n);
        if (!pack) {
          console.error(`the pack of ${d}/${y} v${n} cannot be written: it is no longer held here`);
          return void done();
        }
        await files.putVersion(d, y, n, pack);
        // A withdrawal while the pack was on its way: put the tombstone back over it now, not a round later.
        const after = this.sql.exec("SELECT withdrawn_reason FROM versions WHERE department_id = ? AND year = ? AND n = ? AND status = 'withdrawn'", d, y, n).toArray()[0];
        if (after) await tombstone(files, d, y, n, String(after.withdrawn_reason ?? ''));
      }
      if (status.withdrawn) this.forget(key); // a published one stays at hand for readers until released
      this.storage.transactionSync(() => {
        if (this.sql.exec('SELECT 1 FROM held WHERE department_id = ? AND year = ? AND n = ? LIMIT 1', d, y, n).toArray().length) {
          this.sql.exec('INSERT OR IGNORE INTO releases (department_id, year, n, release_at) VALUES (?, ?, ?, ?)', d, y, n, now + RELEASE_AFTER_MS);
        }
        // A withdrawal that came meanwhile re-queued the job under a newer ticket: leave that one for the next round.
        done();
      });
    } catch (e) {
      const next = attempts + 1;
      console.warn(`the pack of ${d}/${y} v${n} was not written (attempt ${next}): ${(e as Error).message}`);
      this.sql.exec('UPDATE materialize SET attempts = ?, next_at = ? WHERE department_id = ? AND year = ? AND n = ? AND queued_at = ?', next, now + backoff(next), d, y, n, ticket);
    }
  }

  private async writePointer(files: FileStore, d: string, y: number, live: number | null, attempts: number, now: number): Promise<void> {
    try {
      if (live !== null) await files.putLatest(d, y, live);
      // Only if no newer version took the pointer meanwhile (that one re-queued it, due now).
      this.sql.exec(
        "DELETE FROM pointers WHERE department_id = ? AND year = ? AND COALESCE((SELECT latest FROM datasets WHERE department_id = ? AND year = ? AND status = 'published'), -1) = ?",
        d, y, d, y, live ?? -1,
      );
    } catch (e) {
      const next = attempts + 1;
      console.warn(`the latest pointer of ${d}/${y} was not written (attempt ${next}): ${(e as Error).message}`);
      this.sql.exec('UPDATE pointers SET attempts = ?, next_at = ? WHERE department_id = ? AND year = ?', next, now + backoff(next), d, y);
    }
  }

  private enqueue(d: string, y: number, n: number): void {
    this.sql.exec('INSERT OR REPLACE INTO materialize (department_id, year, n, queued_at, attempts, next_at) VALUES (?, ?, ?, ?, 0, 0)', d, y, n, this.nextJob());
  }

  /** The dataset's latest pointer is to be written now (a new version, or a withdrawal that changed it). */
  private queuePointer(d: string, y: number): void {
    this.sql.exec('INSERT INTO pointers (department_id, year) VALUES (?, ?) ON CONFLICT (department_id, year) DO UPDATE SET attempts = 0, next_at = 0', d, y);
  }

  /** Job tickets: strictly increasing, so that a job queued twice in one millisecond is still told apart. */
  private nextJob(): number {
    const last = Number(this.sql.exec('SELECT COALESCE(MAX(queued_at), 0) AS t FROM materialize').one().t);
    return Math.max(last + 1, Date.now());
  }
}
