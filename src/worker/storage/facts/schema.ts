// The facts index's D1 schema. Made on first use with IF NOT EXISTS, in one batch: the index is derived
// data, rebuilt from the version packs (POST /v1/admin/index/rebuild), so a new shape is a new table and a
// rebuild, never a migration of rows.
//
// facts: one row per printed figure of every indexed version (core/facts/facts.ts); `latest` marks the
// dataset's latest published version. Indexes serve every query the API allows, each a range scan of what
// it returns: by line (table, row, column → year → region → department), by class, by department (series).
export const FACTS_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS facts (
    department_id TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL, latest INTEGER NOT NULL,
    region_code TEXT NOT NULL, template TEXT NOT NULL,
    table_id TEXT NOT NULL, section TEXT NOT NULL, row_id TEXT NOT NULL, row TEXT NOT NULL, row_code TEXT, level INTEGER,
    row_name TEXT NOT NULL, column_key TEXT NOT NULL, value TEXT NOT NULL, unit TEXT NOT NULL, fen INTEGER, page INTEGER,
    PRIMARY KEY (department_id, year, version, table_id, row_id, column_key)
  ) WITHOUT ROWID`,
  // A line (table, row, column) across filings, in the order pages and drilldowns read it; it carries fen,
  // so that an aggregate reads the index alone. The class drilldown's is the same over coded rows at a level.
  'DROP INDEX IF EXISTS facts_by_line',
  'DROP INDEX IF EXISTS facts_by_class',
  'CREATE INDEX IF NOT EXISTS facts_line ON facts (table_id, row, column_key, latest, year, region_code, department_id, row_id, version, fen)',
  'CREATE INDEX IF NOT EXISTS facts_class ON facts (table_id, column_key, level, latest, year, region_code, department_id, row, fen) WHERE level IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS facts_by_department ON facts (department_id, table_id, row, column_key, latest, year)',
  // Which versions are indexed, and each dataset's department as its latest version names it.
  `CREATE TABLE IF NOT EXISTS indexed (department_id TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL,
    cells INTEGER NOT NULL, indexed_at TEXT NOT NULL, PRIMARY KEY (department_id, year, version)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS departments (department_id TEXT NOT NULL, year INTEGER NOT NULL, name TEXT NOT NULL, region_code TEXT NOT NULL,
    template TEXT NOT NULL, PRIMARY KEY (department_id, year)) WITHOUT ROWID`,
  'CREATE INDEX IF NOT EXISTS departments_region ON departments (region_code, department_id)',
  // How many departments each region code has, kept with every sync: listing regions never reads departments.
  'CREATE TABLE IF NOT EXISTS regions (region_code TEXT PRIMARY KEY, departments INTEGER NOT NULL) WITHOUT ROWID',
] as const;
