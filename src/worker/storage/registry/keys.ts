// Departments' signing keys: registered, revoked, listed. Never deleted: a mirror verifies old
// versions with keys that have since been revoked.
import type { KeyRecord } from '../../../core/ledger/records.ts';
import { keyRecord } from './rows.ts';

export type NewKey = Omit<KeyRecord, 'createdAt' | 'revokedAt' | 'revokedReason'>;

export class Keys {
  constructor(private readonly sql: SqlStorage) {}

  register(k: NewKey): { created: boolean; key: KeyRecord } {
    const existing = this.get(k.keyId);
    if (existing) return { created: false, key: existing };
    this.sql.exec(
      'INSERT INTO keys (key_id, department_id, x, created_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?)',
      k.keyId, k.departmentId, k.x, new Date().toISOString(), k.validFrom, k.validUntil,
    );
    return { created: true, key: this.get(k.keyId)! };
  }

  revoke(keyId: string, reason: string): KeyRecord | null {
    this.sql.exec('UPDATE keys SET revoked_at = COALESCE(revoked_at, ?), revoked_reason = COALESCE(revoked_reason, ?) WHERE key_id = ?', new Date().toISOString(), reason, keyId);
    return this.get(keyId);
  }

  get(keyId: string): KeyRecord | null {
    const row = this.sql.exec('SELECT * FROM keys WHERE key_id = ?', keyId).toArray()[0];
    return row ? keyRecord(row) : null;
  }

  list(): KeyRecord[] {
    return this.sql.exec('SELECT * FROM keys ORDER BY department_id, created_at, key_id').toArray().map(keyRecord);
  }
}
