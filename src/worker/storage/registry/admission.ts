// Admission: one call, after the Worker has verified the signature and before any other work. It
// checks the key as it stands now (a revocation counts at once, whatever the Worker cached), refuses a
// replayed nonce, answers a completed Idempotency-Key and marks a new one pending, and only then takes
// one request from the key's per-minute allowance (a replay never uses it up).
import { keyRefusal, type KeyRecord } from '../../../core/ledger/records.ts';
import type { Keys } from './keys.ts';

export interface AdmitRequest {
  keyId: string;
  /** The public key the Worker verified the signature with. */
  x: string;
  nonce: string;
  idempotencyKey: string | null;
  requestSha256: string;
  now: number;
  perMinute: number;
  /** A dry run stores nothing: it takes its nonce and is counted against the allowance, but takes no Idempotency-Key. */
  dryRun: boolean;
}

export type Admission =
  /** `ticket` names this admission's pending mark, so that only this request's failure can free it. */
  | { kind: 'admitted'; key: KeyRecord; ticket: number | null }
  | { kind: 'key-refused'; detail: string }
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'replayed-nonce' }
  | { kind: 'idempotent'; status: number; body: string }
  | { kind: 'idempotency-mismatch' }
  | { kind: 'in-progress' };

const NONCE_TTL_MS = 15 * 60_000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A request admitted that never committed (the Worker died) stops blocking its Idempotency-Key after this. */
const PENDING_MS = 60_000;

export class Admissions {
  constructor(private readonly sql: SqlStorage, private readonly keys: Keys) {}

  admit(r: AdmitRequest): Admission {
    const key = this.keys.get(r.keyId);
    const refusal = keyRefusal(key, r.keyId, r.now) ?? (key!.x !== r.x ? `key "${r.keyId}" is not the key the request was verified with` : null);
    if (refusal) return { kind: 'key-refused', detail: refusal };
    // Replays are refused before the allowance is charged: a captured request must not use it up.
    const begun = this.begin(r);
    if (begun) return begun;
    const retryAfter = this.take(r.keyId, r.now, r.perMinute);
    const idem = r.dryRun ? null : r.idempotencyKey;
    if (retryAfter !== null) {
      this.abandon(r.keyId, idem, r.now);
      return { kind: 'rate-limited', retryAfter };
    }
    return { kind: 'admitted', key: key!, ticket: idem ? r.now : null };
  }

  /**
   * The request failed after admission: free its Idempotency-Key for a retry (a commit that did happen records
   * it as done). Only its own pending mark (`ticket`, the time it was made): a late failure of a request whose
   * mark had expired and was taken over by a retry must not free the retry's.
   */
  abandon(keyId: string, idempotencyKey: string | null, ticket: number | null): void {
    if (idempotencyKey && ticket !== null) this.sql.exec("DELETE FROM idempotency WHERE key_id = ? AND idem_key = ? AND state = 'pending' AND created_at = ?", keyId, idempotencyKey, ticket);
  }

  /** The stored answer of a completed Idempotency-Key, for a commit racing its own retry. */
  completed(keyId: string, idempotencyKey: string): { requestSha256: string; status: number; body: string } | null {
    const row = this.sql.exec("SELECT request_sha, status, body FROM idempotency WHERE key_id = ? AND idem_key = ? AND state = 'done'", keyId, idempotencyKey).toArray()[0];
    return row ? { requestSha256: String(row.request_sha), status: Number(row.status), body: String(row.body) } : null;
  }

  /** Record a committed request's answer under its Idempotency-Key (an upsert: its pending mark may have been abandoned). */
  complete(keyId: string, idempotencyKey: string, requestSha256: string, status: number, body: string): void {
    this.sql.exec(
      `INSERT INTO idempotency (key_id, idem_key, request_sha, state, status, body, created_at) VALUES (?, ?, ?, 'done', ?, ?, ?)
       ON CONFLICT(key_id, idem_key) DO UPDATE SET request_sha = excluded.request_sha, state = 'done', status = excluded.status, body = excluded.body`,
      keyId, idempotencyKey, requestSha256, status, body, Date.now(),
    );
  }

  /** One request from the key's allowance for this minute; the seconds to wait if it is used up. */
  private take(keyId: string, now: number, perMinute: number): number | null {
    const window = Math.floor(now / 60_000) * 60_000;
    const row = this.sql.exec('SELECT window_start, count FROM rate WHERE key_id = ?', keyId).toArray()[0];
    const count = row && row.window_start === window ? Number(row.count) : 0;
    if (count >= perMinute) return Math.max(1, Math.ceil((window + 60_000 - now) / 1000));
    this.sql.exec('INSERT INTO rate (key_id, window_start, count) VALUES (?, ?, ?) ON CONFLICT(key_id) DO UPDATE SET window_start = excluded.window_start, count = excluded.count', keyId, window, count + 1);
    return null;
  }

  /** The nonce, and for a publication its Idempotency-Key: null if the request may go on (and is now recorded). */
  private begin(r: AdmitRequest): Admission | null {
    const idem = r.dryRun ? null : r.idempotencyKey;
    if (idem) {
      const row = this.sql.exec('SELECT * FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, idem).toArray()[0];
      if (row) {
        if (row.request_sha !== r.requestSha256) return { kind: 'idempotency-mismatch' };
        if (row.state === 'done') return { kind: 'idempotent', status: Number(row.status), body: String(row.body) };
        if (Number(row.created_at) > r.now - PENDING_MS) return { kind: 'in-progress' };
        this.sql.exec('DELETE FROM idempotency WHERE key_id = ? AND idem_key = ?', r.keyId, idem);
      }
    }
    this.sql.exec('DELETE FROM nonces_by_key WHERE seen_at < ?', r.now - NONCE_TTL_MS);
    // Idempotency keys are remembered for a day (the IETF draft leaves the period to the server; it is in the docs);
    // a pending mark whose request never came back, for as long as a signature is fresh.
    this.sql.exec("DELETE FROM idempotency WHERE (state = 'done' AND created_at < ?) OR (state = 'pending' AND created_at < ?)", r.now - IDEMPOTENCY_TTL_MS, r.now - NONCE_TTL_MS);
    // Nonces are the key's: another department's choice of nonce never refuses this one's request.
    const seen = this.sql.exec('SELECT idem_key FROM nonces_by_key WHERE key_id = ? AND nonce = ?', r.keyId, r.nonce).toArray()[0];
    // A nonce repeats only in a retry of the same signed request, under the same (signed) Idempotency-Key.
    if (seen && (!idem || seen.idem_key !== idem)) return { kind: 'replayed-nonce' };
    this.sql.exec('INSERT OR IGNORE INTO nonces_by_key (key_id, nonce, idem_key, seen_at) VALUES (?, ?, ?, ?)', r.keyId, r.nonce, idem, r.now);
    if (idem) this.sql.exec("INSERT INTO idempotency (key_id, idem_key, request_sha, state, created_at) VALUES (?, ?, ?, 'pending', ?)", r.keyId, idem, r.requestSha256, r.now);
    return null;
  }
}
