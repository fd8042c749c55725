// The transparency log as the sequencer keeps it: entries sealed by the platform key (core/log/chain.ts)
// and appended in the same transaction as what they record. Sealing is asynchronous (WebCrypto), so every
// writer runs inside `serial` (./serial.ts): the head cannot move between sealing and appending.
import * as v from 'valibot';
import { LogEntrySchema, type LogBody, type LogEntry, type LogHead, type LogRef, type PlatformKey } from '../../../core/contract/log.ts';
import { EMPTY_HEAD, fingerprint, jwkSigner, sealEntry, type Signer } from '../../../core/log/chain.ts';
import type { VersionLog } from '../../../core/ledger/views.ts';
import { ed25519XProblem } from '../../../core/signature/keys.ts';

/** PLATFORM_SIGNING_KEY: a private Ed25519 JWK (`gongkai keygen --platform`; `npm start` makes one locally). */
const PlatformSecretSchema = v.object({ kty: v.literal('OKP'), crv: v.literal('Ed25519'), x: v.string(), d: v.string(), kid: v.optional(v.string()) });

/** Thrown by a write the log cannot record: nothing is stored, and the route answers 503. */
export class LogUnavailable extends Error {}

type Row = Record<string, SqlStorageValue>;

export class TransparencyLog {
  private signer: Signer | null = null;
  private key: PlatformKey | null = null;
  /** Why the log cannot be written, or null. */
  private unavailable: string | null = 'the log has not been opened';

  constructor(private readonly sql: SqlStorage) {}

  /**
   * At the object's start: take the platform key, and make the first entry (naming it) when the log is
   * empty, with entries for what a store made before the log already holds. A key other than the one the
   * log names is refused: the log would no longer verify.
   */
  async open(secret: string | undefined, backfill: () => { at: string; body: LogBody }[], append: (entries: LogEntry[]) => void): Promise<void> {
    let jwk: v.InferOutput<typeof PlatformSecretSchema>;
    try {
      const r = v.safeParse(PlatformSecretSchema, secret ? JSON.parse(secret) : null);
      if (!r.success) throw new Error('not a private Ed25519 JWK');
      jwk = r.output;
    } catch (e) {
      this.unavailable = secret ? `PLATFORM_SIGNING_KEY is not usable (${(e as Error).message})` : 'PLATFORM_SIGNING_KEY is not set, so nothing can be published or recorded';
      console.error(`transparency log: ${this.unavailable}`);
      return;
    }
    const xProblem = ed25519XProblem(jwk.x);
    if (xProblem) {
      this.unavailable = `PLATFORM_SIGNING_KEY's public key is refused: ${xProblem}`;
      return;
    }
    const signer = await jwkSigner(jwk);
    const kid = jwk.kid ?? `platform-${jwk.x.slice(0, 8)}`;
    this.key = { kid, kty: 'OKP', crv: 'Ed25519', x: jwk.x, alg: 'Ed25519', use: 'sig', fingerprint: await fingerprint(jwk.x) };
    const first = this.entry(1);
    if (first && (first.kind !== 'platform-key' || first.x !== jwk.x)) {
      this.unavailable = `PLATFORM_SIGNING_KEY is not the key this log was started with (${first.kind === 'platform-key' ? await fingerprint(first.x) : 'none'}); a new platform key needs a new log`;
      console.error(`transparency log: ${this.unavailable}`);
      return;
    }
    this.signer = signer;
    this.unavailable = null;
    if (!first) {
      const entries: LogEntry[] = [];
      let head = EMPTY_HEAD;
      for (const e of [{ at: new Date().toISOString(), body: { kind: 'platform-key', keyId: kid, x: jwk.x } as LogBody }, ...backfill()]) {
        const sealed = await sealEntry(head, e.at, e.body, signer);
        entries.push(sealed);
        head = { size: sealed.seq, hash: sealed.hash };
      }
      append(entries);
    }
  }

  platformKey(): PlatformKey | null {
    return this.key;
  }

  head(): LogHead {
    const row = this.sql.exec('SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1').toArray()[0];
    return row ? { size: Number(row.seq), hash: String(row.hash) } : EMPTY_HEAD;
  }

  /**
   * The next entry, sealed. Call inside `serial`, and append it before the next seal. Its time is never before
   * the last entry's (after the first): verifiers refuse a log whose times go back (core/log/replay.ts). The
   * writers take it from the clock inside `serial`, so it goes back only if the clock does; then nothing is
   * written (503) rather than a time the caller has already put in what it records (a manifest) being changed.
   */
  async seal(at: string, body: LogBody): Promise<LogEntry> {
    if (!this.signer) throw new LogUnavailable(this.unavailable ?? 'the platform key is not available');
    const head = this.head();
    const last = head.size > 1 ? this.entry(head.size) : null;
    if (last && !(Date.parse(at) >= Date.parse(last.at))) throw new LogUnavailable(`the clock (${at}) is behind the log's last entry (${last.at}); try again`);
    return sealEntry(head, at, body, this.signer);
  }

  /** Whether writes can be recorded now (checked before anything is prepared). */
  problem(): string | null {
    return this.unavailable;
  }

  /** Inside the write's transaction: the entry must extend the head, or the transaction fails. */
  append(entry: LogEntry): void {
    const head = this.head();
    if (entry.seq !== head.size + 1 || entry.prev !== head.hash) throw new Error(`log entry ${entry.seq} does not extend the head (${head.size}); a write ran outside serial`);
    const version = 'version' in entry ? entry : null;
    const keyId = entry.kind === 'key-registered' || entry.kind === 'key-revoked' ? entry.keyId : null;
    this.sql.exec(
      'INSERT INTO log (seq, kind, department_id, year, n, key_id, hash, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      entry.seq, entry.kind, version?.departmentId ?? null, version?.year ?? null, version?.version ?? null, keyId, entry.hash, JSON.stringify(entry),
    );
  }

  entry(seq: number): LogEntry | null {
    const row = this.sql.exec('SELECT entry FROM log WHERE seq = ?', seq).toArray()[0];
    return row ? logEntry(row) : null;
  }

  page(since: number, limit: number): { head: LogHead; entries: LogEntry[] } {
    const entries = this.sql.exec('SELECT entry FROM log WHERE seq > ? ORDER BY seq LIMIT ?', since, limit).toArray().map(logEntry);
    return { head: this.head(), entries };
  }

  /** Where a version's publication and withdrawal sit in the log. */
  versionLog(d: string, y: number, n: number): VersionLog {
    const rows = this.sql.exec('SELECT seq, kind, hash FROM log WHERE department_id = ? AND year = ? AND n = ? ORDER BY seq', d, y, n).toArray();
    const ref = (kind: string): LogRef | null => {
      const r = rows.find((x) => x.kind === kind);
      return r ? { seq: Number(r.seq), hash: String(r.hash) } : null;
    };
    return { published: ref('version-published'), withdrawn: ref('version-withdrawn') };
  }

  /** Every key's registration and revocation entries, by key id (for GET /v1/keys), or one key's. */
  keyLogs(keyId?: string): Map<string, KeyLog> {
    const rows = keyId === undefined
      ? this.sql.exec('SELECT key_id, kind, seq, hash FROM log WHERE key_id IS NOT NULL ORDER BY seq')
      : this.sql.exec('SELECT key_id, kind, seq, hash FROM log WHERE key_id = ? ORDER BY seq', keyId);
    const out = new Map<string, KeyLog>();
    for (const r of rows.toArray()) {
      const id = String(r.key_id);
      const refs = out.get(id) ?? { registered: null, revoked: null };
      refs[r.kind === 'key-registered' ? 'registered' : 'revoked'] = { seq: Number(r.seq), hash: String(r.hash) };
      out.set(id, refs);
    }
    return out;
  }
}

export interface KeyLog {
  registered: LogRef | null;
  revoked: LogRef | null;
}

function logEntry(row: Row): LogEntry {
  const r = v.safeParse(LogEntrySchema, JSON.parse(String(row.entry)));
  if (!r.success) throw new Error(`a row of log does not fit its schema: ${r.issues.map((i) => `${v.getDotPath(i) ?? '/'}: ${i.message}`).join('; ')}`);
  return r.output;
}
