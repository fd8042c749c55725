// The Registry's schema migrations on a store made by the code before they were numbered (its CREATE
// statements as they were at 71c5138), and on one at the current number.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/worker/env.ts';
import { migrate, MIGRATIONS } from '../../src/worker/storage/registry/schema.ts';

const OLD_STORE = `
  CREATE TABLE keys (key_id TEXT PRIMARY KEY, department_id TEXT NOT NULL, x TEXT NOT NULL, created_at TEXT NOT NULL, valid_from TEXT, valid_until TEXT, revoked_at TEXT, revoked_reason TEXT);
  CREATE TABLE nonces (nonce TEXT PRIMARY KEY, key_id TEXT NOT NULL, seen_at INTEGER NOT NULL);
  CREATE TABLE idempotency (key_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_sha TEXT NOT NULL, state TEXT NOT NULL, status INTEGER, body TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (key_id, idem_key));
  CREATE TABLE datasets (department_id TEXT NOT NULL, year INTEGER NOT NULL, department_name TEXT NOT NULL, region_code TEXT NOT NULL, template TEXT NOT NULL, latest INTEGER NOT NULL, first_published TEXT NOT NULL, modified TEXT NOT NULL, status TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (department_id, year));
  CREATE TABLE versions (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, published_at TEXT NOT NULL, status TEXT NOT NULL, withdrawn_at TEXT, withdrawn_reason TEXT, filing_sha TEXT NOT NULL, manifest_sha TEXT NOT NULL, key_id TEXT NOT NULL, findings TEXT NOT NULL, manifest TEXT NOT NULL, PRIMARY KEY (department_id, year, n));
  CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, manifest_sha TEXT NOT NULL, reason TEXT);
  CREATE TABLE materialize (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, queued_at INTEGER NOT NULL, PRIMARY KEY (department_id, year, n));
  CREATE TABLE rate (key_id TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
  CREATE TABLE held (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, part INTEGER NOT NULL, release_at INTEGER, data BLOB NOT NULL, PRIMARY KEY (department_id, year, n, part));
  CREATE INDEX held_release ON held (release_at) WHERE release_at IS NOT NULL;
  CREATE TABLE pointers (department_id TEXT NOT NULL, year INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (department_id, year));
  INSERT INTO keys VALUES ('k1', 'd1', 'x', '2026-01-01T00:00:00Z', NULL, NULL, NULL, NULL);
  INSERT INTO nonces VALUES ('nonce-old', 'k1', 1);
  INSERT INTO materialize VALUES ('d1', 2023, 1, 5);
  INSERT INTO held VALUES ('d1', 2023, 1, 0, 777, X'00'), ('d1', 2023, 1, 1, 777, X'01'), ('d1', 2023, 2, 0, NULL, X'02');
`;

const columns = (sql: SqlStorage, table: string) => sql.exec('SELECT name FROM pragma_table_info(?)', table).toArray().map((r) => String(r.name));

/** A store of its own, emptied, so that the test lays out the old schema itself. */
function emptyStore(name: string) {
  const stub = (env as Env).REGISTRY.get((env as Env).REGISTRY.idFromName(name));
  return { stub, empty: (sql: SqlStorage) => {
    for (const { name: t } of sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").toArray()) sql.exec(`DROP TABLE "${t}"`);
  } };
}

describe('the Registry\'s schema migrations', () => {
  it('bring a store made before migrations were numbered to the last one, keeping its rows', async () => {
    const { stub, empty } = emptyStore('migrations-old-store');
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      empty(sql);
      sql.exec(OLD_STORE);
      expect(migrate(sql, state.storage)).toBe(0);
      expect(Number(sql.exec("SELECT value FROM meta WHERE name = 'schema'").one().value)).toBe(MIGRATIONS.length);
      expect(columns(sql, 'nonces')).toContain('idem_key');
      expect(columns(sql, 'materialize')).toEqual(expect.arrayContaining(['attempts', 'next_at']));
      expect(columns(sql, 'held')).toContain('release_at'); // kept, unused, for the code before the step
      expect(sql.exec('SELECT key_id, nonce FROM nonces_by_key').toArray()).toEqual([{ key_id: 'k1', nonce: 'nonce-old' }]);
      expect(sql.exec('SELECT department_id, year, n, release_at FROM releases').toArray()).toEqual([{ department_id: 'd1', year: 2023, n: 1, release_at: 777 }]);
      expect(sql.exec('SELECT COUNT(*) AS c FROM held').one().c).toBe(3);
      expect(sql.exec('SELECT key_id FROM keys').toArray()).toEqual([{ key_id: 'k1' }]);
      expect(sql.exec('SELECT attempts, next_at FROM materialize').toArray()).toEqual([{ attempts: 0, next_at: 0 }]);
    });
  });

  it('run nothing again on a store at the last number', async () => {
    const { stub } = emptyStore('migrations-current');
    await runInDurableObject(stub, (_instance, state) => {
      expect(migrate(state.storage.sql, state.storage)).toBe(MIGRATIONS.length);
    });
  });

  it('run code on a store newer than it (steps only add: a rollback), and name a step that fails instead of swallowing it', async () => {
    const { stub, empty } = emptyStore('migrations-failing');
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("UPDATE meta SET value = 999 WHERE name = 'schema'");
      expect(migrate(sql, state.storage)).toBe(999); // nothing run, nothing refused
      expect(columns(sql, 'held')).toContain('release_at'); // what a step made unused is kept for the code before it
      empty(sql);
      const broken = [{ what: 'a step that fails', run: (s: SqlStorage) => void s.exec('ALTER TABLE missing ADD COLUMN x TEXT') }];
      expect(() => migrate(sql, state.storage, broken)).toThrow(/schema migration 1 \(a step that fails\) failed/);
      expect(sql.exec("SELECT COALESCE((SELECT value FROM meta WHERE name = 'schema'), 0) AS v").one().v).toBe(0);
    });
  });
});
