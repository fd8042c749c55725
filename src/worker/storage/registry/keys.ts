// Departments' signing keys: registered, revoked, listed. Never deleted: a mirror verifies old versions
// with keys that have since been revoked. Each registration and revocation is a transparency-log entry,
// appended in the same transaction, so that mirrors learn keys from the signed log and never from /v1/keys.
import type { KeyRecord } from '../../../core/ledger/records.ts';
import type { TransparencyLog } from './log.ts';
import { keyRecord } from './rows.ts';
import type { Serial } from './serial.ts';

export type NewKey = Omit<KeyRecord, 'createdAt' | 'revokedAt' | 'revokedReason'>;
/** unavailable: the log cannot record it (no platform key), so nothing was stored. */
export type KeyChange<T> = T | { unavailable: string };

export class Keys {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly log: TransparencyLog,
    private readonly serial: Serial,
  ) {}

  register(k: NewKey): Promise<KeyChange<{ created: boolean; key: KeyRecord }>> {
    return this.serial.run(async () => {
      const existing = this.get(k.keyId);
      if (existing) return { created: false, key: existing };
      const unavailable = this.log.problem();
      if (unavailable) return { unavailable };
      const at = new Date().toISOString();
      const entry = await this.log.seal(at, { kind: 'key-registered', keyId: k.keyId, departmentId: k.departmentId, x: k.x, validFrom: k.validFrom, validUntil: k.validUntil });
      this.storage.transactionSync(() => {
        this.sql.exec(
          'INSERT INTO keys (key_id, department_id, x, created_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?)',
          k.keyId, k.departmentId, k.x, at, k.validFrom, k.validUntil,
        );
        this.log.append(entry);
      });
      return { created: true, key: this.get(k.keyId)! };
    });
  }

  /** A revoked key stays revoked with its first reason; null for an unknown key. */
  revoke(keyId: string, reason: string): Promise<KeyChange<KeyRecord | null>> {
    return this.serial.run(async () => {
      const key = this.get(keyId);
      if (!key || key.revokedAt) return key;
      const unavailable = this.log.problem();
      if (unavailable) return { unavailable };
      const at = new Date().toISOString();
      const entry = await this.log.seal(at, { kind: 'key-revoked', keyId, reason });
      this.storage.transactionSync(() => {
        this.sql.exec('UPDATE keys SET revoked_at = ?, revoked_reason = ? WHERE key_id = ?', at, reason, keyId);
        this.log.append(entry);
      });
      return this.get(keyId);
    });
  }

  get(keyId: string): KeyRecord | null {
    const row = this.sql.exec('SELECT * FROM keys WHERE key_id = ?', keyId).toArray()[0];
    return row ? keyRecord(row) : null;
  }

  list(): KeyRecord[] {
    return this.sql.exec('SELECT * FROM keys ORDER BY department_id, created_at, key_id').toArray().map(keyRecord);
  }
}
