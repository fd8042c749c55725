// The bulk files' bookkeeping, in the facts index's database (D1): which partitions are stale, and every
// generation of every file still stored. Derived data like the index: made with IF NOT EXISTS, never migrated.
//
// bulk_stale: a partition (year, region; '' for the whole year) whose figures changed since its files were
// made. `mark` grows with every change (the largest mark + 1), so that the exporter clears exactly the mark
// it exported and a change that lands meanwhile keeps the partition stale; `first_at` and `marked_at` (ms)
// let the exporter wait for a burst of publications to end (or not longer than a bound) before it starts.
// bulk_generations: each partition's last generation number, never reset, so a name is never used twice.
// bulk_files: one row per stored file (R2 key `{year}/{name}`); `current` marks the partition's listed
// generation. Older generations stay an hour for downloads begun before, then go with their objects.
export const BULK_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS bulk_stale (year INTEGER NOT NULL, region TEXT NOT NULL, mark INTEGER NOT NULL,
    first_at INTEGER NOT NULL, marked_at INTEGER NOT NULL, PRIMARY KEY (year, region)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS bulk_generations (year INTEGER NOT NULL, region TEXT NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (year, region)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS bulk_files (name TEXT PRIMARY KEY, year INTEGER NOT NULL, region TEXT NOT NULL, format TEXT NOT NULL,
    generation INTEGER NOT NULL, current INTEGER NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL,
    generated_at TEXT NOT NULL, superseded_at TEXT) WITHOUT ROWID`,
  'CREATE INDEX IF NOT EXISTS bulk_files_partition ON bulk_files (year, region, generation)',
] as const;
