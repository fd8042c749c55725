// The bulk exporter: a Durable Object of its own, so that making a year's files (seconds of CPU at scale)
// never holds up the sequencer, and never a submission. The Registry wakes it after its alarm has brought
// the facts index up to date (which marked the partitions stale, stale.ts); its alarm then remakes the stale
// partitions one a round — each round its own invocation — once a partition has been quiet for a moment
// (a burst of publications is exported once, not once per filing) or has waited long enough.
import { DurableObject } from 'cloudflare:workers';
import { collectSuperseded, ensureBulkSchema, exportPartition, type Exported } from './export.ts';

export interface BulkBindings {
  INDEX?: D1Database;
  BULK?: R2Bucket;
  /** A partition is exported once no change has touched it for this long (ms; default 5,000)… */
  BULK_QUIET_MS?: string;
  /** …or once it has been stale this long (ms; default 60,000), whatever keeps arriving. */
  BULK_MAX_WAIT_MS?: string;
}

/** Superseded generations stay this long for downloads begun before. */
const GRACE_MS = 3_600_000;

const ms = (s: string | undefined, fallback: number) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : fallback);

interface StaleRow {
  year: number;
  region: string;
  mark: number;
  first_at: number;
  marked_at: number;
}

export class BulkExporter extends DurableObject<BulkBindings> {
  /** Rounds one after another: two exports of a partition at once could list the older last. */
  private serial: Promise<unknown> = Promise.resolve();

  private get quiet() { return ms(this.env.BULK_QUIET_MS, 5_000); }
  private get maxWait() { return ms(this.env.BULK_MAX_WAIT_MS, 60_000); }

  /** Something may be stale: look after the quiet period (an alarm already set stays). */
  async wake(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + this.quiet);
  }

  override async alarm(): Promise<void> {
    try {
      await this.round(false);
    } catch (e) {
      console.warn(`bulk export failed, retrying in a minute: ${(e as Error).message}`);
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
  }

  /** Every stale partition now, whatever the quiet period: for the administrator, the tests and the benchmark. */
  async exportAll(): Promise<Exported[]> {
    const out: Exported[] = [];
    for (;;) {
      const r = await this.round(true);
      if (!r) return out;
      out.push(r);
    }
  }

  private round(force: boolean): Promise<Exported | null> {
    const r = this.serial.then(() => this.roundNow(force));
    this.serial = r.catch(() => undefined);
    return r;
  }

  /** One stale partition, if one is due (or any, when forced); the alarm set for the next. */
  private async roundNow(force: boolean): Promise<Exported | null> {
    const db = this.env.INDEX;
    const bucket = this.env.BULK;
    if (!db || !bucket) return null; // a deployment without the index or the bucket: nothing to export
    await ensureBulkSchema(db);
    const now = Date.now();
    const due = force ? 'true' : '(marked_at <= ?1 OR first_at <= ?2)';
    const row = await db.prepare(`SELECT year, region, mark, first_at, marked_at FROM bulk_stale WHERE ${due} ORDER BY first_at, year, region LIMIT 1`)
      .bind(...(force ? [] : [now - this.quiet, now - this.maxWait])).first<StaleRow>();
    const done = row ? await exportPartition(db, bucket, { year: row.year, region: row.region || null }, row.mark) : null;
    await collectSuperseded(db, bucket, GRACE_MS);
    // The next round: at once if another is due, else when the earliest becomes due.
    const next = await db.prepare('SELECT MIN(MIN(marked_at + ?1, first_at + ?2)) AS at FROM bulk_stale').bind(this.quiet, this.maxWait).first<{ at: number | null }>();
    if (next?.at !== null && next?.at !== undefined) await this.ctx.storage.setAlarm(Math.max(Date.now(), next.at));
    else await this.ctx.storage.deleteAlarm();
    if (done) console.log(`bulk ${done.partition.year}/${done.partition.region ?? 'all'} g${done.generation}: ${done.rows} rows in ${done.ms} ms`);
    return done;
  }
}
