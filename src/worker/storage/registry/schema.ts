// The sequencer's SQLite schema, as numbered migrations. The number reached is kept in `meta`, so each
// step runs once, in order, inside one transaction with the bump: a store is never half-migrated, and a
// failing step fails the object's start loudly instead of being swallowed.

interface Migration {
  /** What the step does, for the error if it fails. */
  readonly what: string;
  run(sql: SqlStorage): void;
}

/** Whether a table has a column (stores made before a column existed). */
function hasColumn(sql: SqlStorage, table: string, column: string): boolean {
  return sql.exec('SELECT 1 FROM pragma_table_info(?) WHERE name = ?', table, column).toArray().length > 0;
}

function addColumn(sql: SqlStorage, table: string, column: string, type: string): void {
  if (!hasColumn(sql, table, column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    what: 'the first tables',
    run(sql) {
      // IF NOT EXISTS: stores made before migrations were numbered have these tables already.
      sql.exec(`
        CREATE TABLE IF NOT EXISTS keys (key_id TEXT PRIMARY KEY, department_id TEXT NOT NULL, x TEXT NOT NULL,
          created_at TEXT NOT NULL, valid_from TEXT, valid_until TEXT, revoked_at TEXT, revoked_reason TEXT);
        CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, key_id TEXT NOT NULL, seen_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS nonces_seen ON nonces (seen_at);
        CREATE TABLE IF NOT EXISTS idempotency (key_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_sha TEXT NOT NULL,
          state TEXT NOT NULL, status INTEGER, body TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (key_id, idem_key));
        -- Expired records are swept at each admission: by index, not by reading the table.
        CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (state, created_at);
        CREATE TABLE IF NOT EXISTS datasets (department_id TEXT NOT NULL, year INTEGER NOT NULL, department_name TEXT NOT NULL,
          region_code TEXT NOT NULL, template TEXT NOT NULL, latest INTEGER NOT NULL, first_published TEXT NOT NULL,
          modified TEXT NOT NULL, status TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (department_id, year));
        CREATE INDEX IF NOT EXISTS datasets_year ON datasets (year, department_id);
        CREATE INDEX IF NOT EXISTS datasets_region ON datasets (region_code, department_id, year);
        CREATE INDEX IF NOT EXISTS datasets_modified ON datasets (modified);
        CREATE TABLE IF NOT EXISTS versions (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
          published_at TEXT NOT NULL, status TEXT NOT NULL, withdrawn_at TEXT, withdrawn_reason TEXT, filing_sha TEXT NOT NULL,
          manifest_sha TEXT NOT NULL, key_id TEXT NOT NULL, findings TEXT NOT NULL,
          manifest TEXT NOT NULL, -- last: a listing of versions never reads past it into its overflow pages
          PRIMARY KEY (department_id, year, n));
        CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, department_id TEXT NOT NULL, year INTEGER NOT NULL,
          n INTEGER NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, manifest_sha TEXT NOT NULL, reason TEXT);
        CREATE TABLE IF NOT EXISTS materialize (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
          queued_at INTEGER NOT NULL, PRIMARY KEY (department_id, year, n));
        CREATE TABLE IF NOT EXISTS rate (key_id TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
      `);
    },
  },
  {
    what: 'nonces remember their Idempotency-Key (a retry may repeat its nonce under the same key)',
    run: (sql) => addColumn(sql, 'nonces', 'idem_key', 'TEXT'),
  },
  {
    what: 'KV writes retried with backoff',
    run(sql) {
      addColumn(sql, 'materialize', 'attempts', 'INTEGER NOT NULL DEFAULT 0');
      addColumn(sql, 'materialize', 'next_at', 'INTEGER NOT NULL DEFAULT 0');
    },
  },
  {
    what: 'packs held until written, and latest pointers queued',
    run(sql) {
      sql.exec(`
        -- A version's pack from its commit until shortly after the alarm has written it to KV, in parts (a row
        -- holds at most 2 MB). release_at before the blob, and indexed: finding what to release never reads a
        -- blob's overflow pages.
        CREATE TABLE IF NOT EXISTS held (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, part INTEGER NOT NULL,
          release_at INTEGER, data BLOB NOT NULL, PRIMARY KEY (department_id, year, n, part));
        CREATE INDEX IF NOT EXISTS held_release ON held (release_at) WHERE release_at IS NOT NULL;
        -- Datasets whose latest pointer in KV is to be written (again), each due at next_at.
        CREATE TABLE IF NOT EXISTS pointers (department_id TEXT NOT NULL, year INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
          next_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (department_id, year));
      `);
    },
  },
  {
    what: 'release times apart from the held packs (setting one no longer rewrites a pack)',
    run(sql) {
      sql.exec(`
        CREATE TABLE releases (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, release_at INTEGER NOT NULL,
          PRIMARY KEY (department_id, year, n));
        CREATE INDEX releases_due ON releases (release_at);
        INSERT INTO releases SELECT department_id, year, n, MIN(release_at) FROM held WHERE release_at IS NOT NULL GROUP BY department_id, year, n;
      `);
      // held.release_at stays, unused, so that the code before this step still runs on the store: steps only
      // add; what they make unused is dropped a release later.
    },
  },
  {
    what: 'nonces scoped to their key (another department\'s nonce never counts as a replay of this one\'s)',
    run(sql) {
      sql.exec(`
        CREATE TABLE nonces_by_key (key_id TEXT NOT NULL, nonce TEXT NOT NULL, idem_key TEXT, seen_at INTEGER NOT NULL, PRIMARY KEY (key_id, nonce));
        INSERT OR IGNORE INTO nonces_by_key SELECT key_id, nonce, idem_key, seen_at FROM nonces;
        CREATE INDEX nonces_by_key_seen ON nonces_by_key (seen_at);
      `);
    },
  },
  {
    what: 'the transparency log (entries sealed by the platform key, indexed by the version they record)',
    run(sql) {
      sql.exec(`
        CREATE TABLE log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, department_id TEXT, year INTEGER, n INTEGER, hash TEXT NOT NULL, entry TEXT NOT NULL);
        CREATE INDEX log_versions ON log (department_id, year, n) WHERE department_id IS NOT NULL;
      `);
    },
  },
  {
    what: 'log entries indexed by the key they record (GET /v1/keys names each key\'s entries)',
    run(sql) {
      addColumn(sql, 'log', 'key_id', 'TEXT');
      sql.exec(`
        UPDATE log SET key_id = json_extract(entry, '$.keyId') WHERE kind IN ('key-registered', 'key-revoked');
        CREATE INDEX IF NOT EXISTS log_keys ON log (key_id) WHERE key_id IS NOT NULL;
      `);
    },
  },
  {
    what: 'datasets queued for the facts index (D1), retried until indexed',
    run(sql) {
      sql.exec(`
        CREATE TABLE index_jobs (department_id TEXT NOT NULL, year INTEGER NOT NULL, queued_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, rebuild INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (department_id, year));
        CREATE INDEX index_jobs_due ON index_jobs (next_at);
        -- Every dataset a store holds already is indexed once.
        INSERT INTO index_jobs (department_id, year, queued_at) SELECT department_id, year, 0 FROM datasets;
      `);
    },
  },
  {
    what: 'fact rows handed over by the commit, held until the facts index has them',
    run(sql) {
      sql.exec('CREATE TABLE pending_facts (department_id TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL, cells INTEGER NOT NULL, rows TEXT NOT NULL, PRIMARY KEY (department_id, year, n))');
    },
  },
  {
    what: 'the department registry (who is expected to publish, from which year) and the regions\' deadlines',
    run(sql) {
      sql.exec(`
        CREATE TABLE departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, aliases TEXT NOT NULL, region_code TEXT NOT NULL,
          parent_id TEXT, first_year INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX departments_region ON departments (region_code, id);
        CREATE TABLE deadlines (region_code TEXT NOT NULL, year INTEGER NOT NULL, deadline TEXT, approval_date TEXT, note TEXT,
          updated_at TEXT NOT NULL, PRIMARY KEY (region_code, year));
        CREATE INDEX deadlines_year ON deadlines (year, region_code);
      `);
      // Filled from data/departments.json at the first start after this step (registry/departments.ts), once.
    },
  },
];

/** Bring the store to the last migration. Returns the number it was at. */
export function migrate(sql: SqlStorage, storage: DurableObjectStorage, migrations: readonly Migration[] = MIGRATIONS): number {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const at = Number(sql.exec("SELECT COALESCE((SELECT value FROM meta WHERE name = 'schema'), 0) AS v").one().v);
  // Steps only add, so code a release behind runs on a newer store (a rollback); it says so.
  if (at > migrations.length) console.warn(`the store is at schema ${at}, newer than this code (${migrations.length}): running on it`);
  for (let i = at; i < migrations.length; i++) {
    const step = migrations[i]!;
    try {
      storage.transactionSync(() => {
        step.run(sql);
        sql.exec("INSERT INTO meta (name, value) VALUES ('schema', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", i + 1);
      });
    } catch (e) {
      throw new Error(`schema migration ${i + 1} (${step.what}) failed: ${(e as Error).message}`);
    }
  }
  return at;
}
