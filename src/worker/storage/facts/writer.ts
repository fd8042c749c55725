// Writing the facts index: a dataset is brought to what the ledger says — every published version indexed,
// every withdrawn one removed, `latest` on the latest — in one D1 batch, which is one transaction, so that
// a query never sees part of a filing. Idempotent: run again after a failure, or in any order, it converges.
import type { factRows } from '../../../core/facts/facts.ts';

export type FactRows = ReturnType<typeof factRows>;
import { FACTS_SCHEMA } from './schema.ts';
import { bulkStaleStatements } from '../bulk/stale.ts';

export interface DatasetState {
  departmentId: string;
  year: number;
  departmentName: string;
  regionCode: string;
  template: string;
  /** The latest published version, or null when every version is withdrawn. */
  latest: number | null;
  published: number[];
}

let ready: Promise<void> | null = null;

/** The tables, made once per isolate. */
export function ensureSchema(db: D1Database): Promise<void> {
  ready ??= db.batch(FACTS_SCHEMA.map((s) => db.prepare(s))).then(() => undefined, (e) => {
    ready = null;
    throw e;
  });
  return ready;
}

/** The versions of the dataset the index holds. */
export async function indexedVersions(db: D1Database, d: string, y: number): Promise<number[]> {
  await ensureSchema(db);
  const r = await db.prepare('SELECT version FROM indexed WHERE department_id = ? AND year = ?').bind(d, y).all<{ version: number }>();
  return r.results.map((x) => x.version);
}

/** Bring the dataset to `state`: `add` holds the fact rows (core/facts/facts.ts factRows) of the published versions not yet indexed. */
export async function syncDataset(db: D1Database, state: DatasetState, add: ReadonlyMap<number, FactRows>, remove: readonly number[], options: { rebuild?: boolean } = {}): Promise<void> {
  await ensureSchema(db);
  const { departmentId: d, year: y } = state;
  // The version marked latest now: one row read back from the highest version, where it nearly always is.
  const marked = options.rebuild ? null : await db.prepare('SELECT version FROM facts WHERE department_id = ? AND year = ? AND latest = 1 ORDER BY version DESC LIMIT 1').bind(d, y).first<{ version: number }>();
  const at = new Date().toISOString();
  const statements: D1PreparedStatement[] = [];
  for (const n of remove) {
    statements.push(db.prepare('DELETE FROM facts WHERE department_id = ? AND year = ? AND version = ?').bind(d, y, n));
    statements.push(db.prepare('DELETE FROM indexed WHERE department_id = ? AND year = ? AND version = ?').bind(d, y, n));
  }
  for (const [n, facts] of add) {
    statements.push(db.prepare('DELETE FROM facts WHERE department_id = ? AND year = ? AND version = ?').bind(d, y, n));
    statements.push(db.prepare(
      `INSERT INTO facts (department_id, year, version, latest, region_code, template, table_id, section, row_id, row, row_code, level, row_name, column_key, value, unit, fen, page)
       SELECT ?1, ?2, ?3, ?7, ?4, ?5, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'),
         json_extract(j.value, '$[4]'), json_extract(j.value, '$[5]'), json_extract(j.value, '$[6]'), json_extract(j.value, '$[7]'), json_extract(j.value, '$[8]'),
         json_extract(j.value, '$[9]'), json_extract(j.value, '$[10]'), json_extract(j.value, '$[11]')
       FROM json_each(?6) AS j`,
    ).bind(d, y, n, state.regionCode, state.template, facts.json, n === state.latest ? 1 : 0));
    statements.push(db.prepare('INSERT OR REPLACE INTO indexed (department_id, year, version, cells, indexed_at) VALUES (?, ?, ?, ?, ?)').bind(d, y, n, facts.cells, at));
  }
  if (options.rebuild) {
    // Every row of the dataset's versions, whatever it said before.
    statements.push(db.prepare('UPDATE facts SET latest = (version = ?) WHERE department_id = ? AND year = ? AND latest <> (version = ?)').bind(state.latest ?? -1, d, y, state.latest ?? -1));
  } else {
    // Only the rows that change: a version's rows are written with their mark, so a publication moves the mark off
    // one version and a withdrawal onto another, never rescanning every version (O(cells), not O(versions × cells)).
    const was = marked?.version ?? null;
    if (was !== null && was !== state.latest) statements.push(db.prepare('UPDATE facts SET latest = 0 WHERE department_id = ? AND year = ? AND version = ?').bind(d, y, was));
    if (state.latest !== null && state.latest !== was && !add.has(state.latest)) statements.push(db.prepare('UPDATE facts SET latest = 1 WHERE department_id = ? AND year = ? AND version = ?').bind(d, y, state.latest));
  }
  statements.push(state.latest === null
    ? db.prepare('DELETE FROM departments WHERE department_id = ? AND year = ?').bind(d, y)
    : db.prepare('INSERT OR REPLACE INTO departments (department_id, year, name, region_code, template) VALUES (?, ?, ?, ?, ?)').bind(d, y, state.departmentName, state.regionCode, state.template));
  // The region's count, and the previous region's if the department moved.
  statements.push(db.prepare(
    `INSERT OR REPLACE INTO regions (region_code, departments)
     SELECT r.code, (SELECT COUNT(DISTINCT department_id) FROM departments WHERE region_code = r.code) FROM (SELECT ? AS code) r`,
  ).bind(state.regionCode));
  statements.push(db.prepare('DELETE FROM regions WHERE departments = 0'));
  // The bulk files of the year and region are stale from this same transaction on (storage/bulk/stale.ts).
  await db.batch([...bulkStaleStatements(db, d, y, state.regionCode), ...statements]);
}
