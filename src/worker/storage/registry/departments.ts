// The department registry and the regions' deadlines, kept by the administrator in the sequencer (strongly
// consistent). Filled once from data/departments.json at the first start after its migration; from then
// on the administrator's changes rule. Rows are read back through the ledger's schemas.
import * as v from 'valibot';
import seedList from '../../../../data/departments.json';
import type { CoverageDataset } from '../../../core/coverage/coverage.ts';
import {
  DeadlineRecordSchema, DepartmentRecordSchema, SeedDepartmentSchema,
  type DeadlineInput, type DeadlineRecord, type DepartmentChange, type DepartmentRecord, type NewDepartment,
} from '../../../core/ledger/departments.ts';

type Row = Record<string, SqlStorageValue>;

function read<S extends v.GenericSchema>(schema: S, table: string, value: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (!r.success) throw new Error(`a row of ${table} does not fit its schema: ${r.issues.map((i) => `${v.getDotPath(i) ?? '/'}: ${i.message}`).join('; ')}`);
  return r.output;
}

const departmentRecord = (r: Row): DepartmentRecord => read(DepartmentRecordSchema, 'departments', {
  id: r.id, name: r.name, nameEn: r.name_en, aliases: typeof r.aliases === 'string' ? JSON.parse(r.aliases) : r.aliases,
  regionCode: r.region_code, parentId: r.parent_id, firstYear: r.first_year, createdAt: r.created_at, updatedAt: r.updated_at,
});

const deadlineRecord = (r: Row): DeadlineRecord => read(DeadlineRecordSchema, 'deadlines', {
  regionCode: r.region_code, year: r.year, deadline: r.deadline, approvalDate: r.approval_date, note: r.note, updatedAt: r.updated_at,
});

/** A refusal the route answers as a 400 or 409 naming it. */
export type RegistryRefusal = { refused: 'exists' | 'unknown-parent' | 'parent-cycle'; detail: string };

const SEEDED = 'departments-seeded';

export class Departments {
  constructor(private readonly sql: SqlStorage, private readonly storage: DurableObjectStorage) {}

  /** Fill an empty registry from data/departments.json, once per store (a later edit of the file does not overwrite the administrator's). */
  seedOnce(list: unknown = seedList): void {
    if (this.sql.exec('SELECT 1 FROM meta WHERE name = ?', SEEDED).toArray().length) return;
    const at = new Date().toISOString();
    this.storage.transactionSync(() => {
      for (const entry of Array.isArray(list) ? list : []) {
        const d = v.safeParse(SeedDepartmentSchema, entry);
        if (!d.success) {
          console.warn(`data/departments.json: an entry left out of the registry: ${d.issues.map((i) => `${v.getDotPath(i) ?? '/'}: ${i.message}`).join('; ')}`);
          continue;
        }
        const o = d.output;
        this.sql.exec(
          'INSERT OR IGNORE INTO departments (id, name, name_en, aliases, region_code, parent_id, first_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          o.id, o.name, o.nameEn, JSON.stringify(o.aliases), o.regionCode, o.parentId, o.firstYear, at, at,
        );
      }
      this.sql.exec('INSERT INTO meta (name, value) VALUES (?, 1)', SEEDED);
    });
  }

  get(id: string): DepartmentRecord | null {
    const row = this.sql.exec('SELECT * FROM departments WHERE id = ?', id).toArray()[0];
    return row ? departmentRecord(row) : null;
  }

  /** The registered ones of these ids (a page of the public department list: at most a few hundred). */
  some(ids: readonly string[]): DepartmentRecord[] {
    if (!ids.length) return [];
    return this.sql.exec('SELECT * FROM departments WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)).toArray().map(departmentRecord);
  }

  list(region?: string): DepartmentRecord[] {
    return this.sql.exec("SELECT * FROM departments WHERE region_code LIKE ? || '%' ORDER BY region_code, id", region ?? '').toArray().map(departmentRecord);
  }

  create(d: NewDepartment): { created: DepartmentRecord } | RegistryRefusal {
    const existing = this.get(d.id);
    if (existing) return { refused: 'exists', detail: `department "${d.id}" is registered already; change it with PATCH` };
    if (d.parentId !== null && !this.get(d.parentId)) return { refused: 'unknown-parent', detail: `parent department "${d.parentId}" is not registered` };
    if (d.parentId === d.id) return { refused: 'parent-cycle', detail: 'a department is not its own parent' };
    const at = new Date().toISOString();
    this.sql.exec(
      'INSERT INTO departments (id, name, name_en, aliases, region_code, parent_id, first_year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      d.id, d.name, d.nameEn, JSON.stringify(d.aliases), d.regionCode, d.parentId, d.firstYear, at, at,
    );
    return { created: this.get(d.id)! };
  }

  /** null for an unknown department. */
  update(id: string, change: DepartmentChange): { updated: DepartmentRecord } | RegistryRefusal | null {
    const d = this.get(id);
    if (!d) return null;
    const next = { ...d, ...Object.fromEntries(Object.entries(change).filter(([, x]) => x !== undefined)) } as DepartmentRecord;
    if (next.parentId !== null) {
      if (!this.get(next.parentId)) return { refused: 'unknown-parent', detail: `parent department "${next.parentId}" is not registered` };
      // Walk up from the new parent: meeting this department again would make a loop.
      const seen = new Set<string>();
      for (let p: string | null = next.parentId; p !== null; p = this.get(p)?.parentId ?? null) {
        if (p === id || seen.has(p)) return { refused: 'parent-cycle', detail: `"${next.parentId}" is "${id}" or reports to it: a department cannot report to itself` };
        seen.add(p);
      }
    }
    this.sql.exec(
      'UPDATE departments SET name = ?, name_en = ?, aliases = ?, region_code = ?, parent_id = ?, first_year = ?, updated_at = ? WHERE id = ?',
      next.name, next.nameEn, JSON.stringify(next.aliases), next.regionCode, next.parentId, next.firstYear, new Date().toISOString(), id,
    );
    return { updated: this.get(id)! };
  }

  /** Set a region's deadline for a year; both dates null clears it (returns null). */
  setDeadline(regionCode: string, year: number, input: DeadlineInput): DeadlineRecord | null {
    if (input.deadline === null && input.approvalDate === null) {
      this.sql.exec('DELETE FROM deadlines WHERE region_code = ? AND year = ?', regionCode, year);
      return null;
    }
    this.sql.exec(
      `INSERT INTO deadlines (region_code, year, deadline, approval_date, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, year) DO UPDATE SET deadline = excluded.deadline, approval_date = excluded.approval_date, note = excluded.note, updated_at = excluded.updated_at`,
      regionCode, year, input.deadline, input.approvalDate, input.note, new Date().toISOString(),
    );
    return this.deadlines({ year, region: regionCode }).find((d) => d.regionCode === regionCode) ?? null;
  }

  deadlines(q: { year?: number; region?: string } = {}): DeadlineRecord[] {
    return this.sql.exec("SELECT * FROM deadlines WHERE (? IS NULL OR year = ?) AND region_code LIKE ? || '%' ORDER BY year DESC, region_code", q.year ?? null, q.year ?? null, q.region ?? '')
      .toArray().map(deadlineRecord);
  }

  /**
   * What the coverage ledger of a year and region is computed from, in one read: the departments of the
   * region (and those of the region's datasets, wherever they are registered), its datasets, its deadlines.
   */
  coverageInputs(year: number, region?: string): { departments: DepartmentRecord[]; datasets: CoverageDataset[]; deadlines: DeadlineRecord[] } {
    const prefix = region ?? '';
    const departments = this.sql.exec(
      `SELECT * FROM departments WHERE region_code LIKE ?1 || '%'
         OR id IN (SELECT department_id FROM datasets WHERE year = ?2 AND region_code LIKE ?1 || '%') ORDER BY region_code, id`,
      prefix, year,
    ).toArray().map(departmentRecord);
    const datasets = this.sql.exec(
      // A registered department's dataset counts in the region the registry gives it, whatever region its filing
      // names (a filing's region code is the department's own word; the registry is the administrator's).
      `SELECT department_id, department_name, region_code, year, status, first_published, modified, latest FROM datasets WHERE year = ?1
         AND (region_code LIKE ?2 || '%' OR department_id IN (SELECT id FROM departments WHERE region_code LIKE ?2 || '%')) ORDER BY department_id`,
      year, prefix,
    ).toArray().map((r): CoverageDataset => ({
      departmentId: String(r.department_id), departmentName: String(r.department_name), regionCode: String(r.region_code), year: Number(r.year),
      status: r.status === 'withdrawn' ? 'withdrawn' : 'published', firstPublishedAt: String(r.first_published), modifiedAt: String(r.modified), latestVersion: Number(r.latest),
    }));
    return { departments, datasets, deadlines: this.deadlines({ year, region }) };
  }
}
