// Reading the facts index. Every query is one of a few shapes, each served by an index as a range scan of
// what it returns (schema.ts), bounded by a limit: the routes refuse any other shape before it gets here.
import { ensureSchema } from './writer.ts';

export interface FactRow {
  department_id: string;
  year: number;
  version: number;
  latest: number;
  region_code: string;
  template: string;
  table_id: string;
  section: string;
  row_id: string;
  row: string;
  row_code: string | null;
  level: number | null;
  row_name: string;
  column_key: string;
  value: string;
  unit: string;
  fen: number | null;
  page: number | null;
}

/**
 * The order of a page, and so of its cursor: a line across filings by year, region, department; one
 * filing's facts by table and row. Each is the order of the index that serves it.
 */
export const LINE_ORDER = ['year', 'region_code', 'department_id', 'row_id', 'version'] as const;
export const FILING_ORDER = ['table_id', 'row_id', 'column_key', 'version'] as const;
export type FactsCursor = readonly (string | number)[];

export const orderOf = (q: Pick<FactsQuery, 'table' | 'row' | 'column'>) => (q.table !== undefined && q.row !== undefined && q.column !== undefined ? LINE_ORDER : FILING_ORDER);
/** What each member of a cursor is: a tampered cursor is refused rather than read as a position. */
export const CURSOR_TYPES: Record<string, 'integer' | 'text'> = { year: 'integer', version: 'integer', region_code: 'text', department_id: 'text', row_id: 'text', table_id: 'text', column_key: 'text' };

export const cursorOf = (q: Pick<FactsQuery, 'table' | 'row' | 'column'>, r: FactRow): FactsCursor => orderOf(q).map((c) => r[c] as string | number);

/** What a facts query names: a line (table + row [+ column]) across filings, or one filing (department + year). */
export interface FactsQuery {
  table?: string;
  /** With a row, its section (a row key some tables lay out in two); alone, one filing's section. */
  section?: string;
  row?: string;
  column?: string;
  year?: number;
  region?: string;
  department?: string;
  /** A version of the one filing asked for; otherwise latest versions only. */
  version?: number;
  /** The last row of the previous page, in the query's order (orderOf). */
  after?: FactsCursor;
  limit: number;
}

/** A code prefix as a range, so that the index serves it ('1406' → ['1406', '1407')). */
function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

export async function queryFacts(db: D1Database, q: FactsQuery): Promise<FactRow[]> {
  await ensureSchema(db);
  const where: string[] = [];
  const args: (string | number)[] = [];
  const eq = (column: string, value: string | number | undefined) => {
    if (value !== undefined) { where.push(`${column} = ?`); args.push(value); }
  };
  eq('table_id', q.table);
  if (q.section !== undefined && q.row !== undefined) eq('row_id', `${q.section}:${q.row}`); // rowId is section:row (core/facts)
  else eq('section', q.section);
  eq('row', q.row);
  eq('column_key', q.column);
  eq('department_id', q.department);
  eq('year', q.year);
  if (q.version !== undefined) eq('version', q.version);
  else where.push('latest = 1');
  if (q.region) {
    const [lo, hi] = prefixRange(q.region);
    where.push('region_code >= ? AND region_code < ?');
    args.push(lo, hi);
  }
  if (q.after) {
    where.push(`(${orderOf(q).join(', ')}) > (${orderOf(q).map(() => '?').join(', ')})`);
    args.push(...q.after);
  }
  // A line of one department is a range of its own index; the planner, without statistics, would scan the
  // line across every department instead.
  const line = q.table !== undefined && q.row !== undefined && q.column !== undefined;
  const indexed = line && q.department !== undefined ? ' INDEXED BY facts_by_department' : '';
  const sql = `SELECT * FROM facts${indexed} WHERE ${where.join(' AND ')} ORDER BY ${orderOf(q).join(', ')} LIMIT ?`;
  return (await db.prepare(sql).bind(...args, q.limit).all<FactRow>()).results;
}

/** What an aggregate groups by: babbage's drilldown, over the index's own columns. */
export const DIMENSIONS = {
  year: 'year',
  region: 'region_code',
  province: 'substr(region_code, 1, 2)',
  city: 'substr(region_code, 1, 4)',
  department: 'department_id',
  /** The table's coded rows at one level (类 by default): the line is the class. */
  class: 'row',
} as const;
export type Dimension = keyof typeof DIMENSIONS;

export interface AggregateQuery {
  table: string;
  column: string;
  /** The row's section, where the row key is laid out in several. */
  section?: string;
  /** One line; absent with the `class` drilldown, which takes the coded rows at `level`. */
  row?: string;
  level?: number;
  drilldown: readonly Dimension[];
  cut: { year?: number; region?: string; department?: string };
  limit: number;
  offset: number;
}

export interface AggregateRow {
  /** The drilldown's values, in order. */
  keys: (string | number)[];
  /** The class's name, with the class drilldown. */
  label: string | null;
  /** Exact, in fen, as text (SQLite sums integers exactly; a JavaScript number would not). */
  sum: string | null;
  min: string | null;
  max: string | null;
  count: number;
  /** Figures in the group that are not money in a known unit (or not whole fen): counted apart, not summed. */
  unconverted: number;
}

function aggregateWhere(q: AggregateQuery): { where: string; args: (string | number)[] } {
  const where = ['latest = 1', 'table_id = ?', 'column_key = ?'];
  const args: (string | number)[] = [q.table, q.column];
  if (q.row !== undefined) { where.push('row = ?'); args.push(q.row); }
  else { where.push('level = ?'); args.push(q.level ?? 1); }
  if (q.row !== undefined && q.section !== undefined) { where.push('row_id = ?'); args.push(`${q.section}:${q.row}`); }
  if (q.cut.year !== undefined) { where.push('year = ?'); args.push(q.cut.year); }
  if (q.cut.department !== undefined) { where.push('department_id = ?'); args.push(q.cut.department); }
  if (q.cut.region) {
    const [lo, hi] = prefixRange(q.cut.region);
    where.push('region_code >= ? AND region_code < ?');
    args.push(lo, hi);
  }
  return { where: where.join(' AND '), args };
}

/**
 * The index an aggregate reads, named: SQLite here has no statistics, and left to itself it reads a class
 * drilldown through facts_line (every row and column of the table) and a department's cut through the line
 * across every department: seconds at a million facts instead of milliseconds.
 */
function aggregateIndex(q: AggregateQuery): string {
  if (q.cut.department !== undefined) return ' INDEXED BY facts_by_department';
  if (q.row === undefined) return ' INDEXED BY facts_class';
  return '';
}

const MEASURES = 'CAST(SUM(fen) AS TEXT) AS sum, CAST(MIN(fen) AS TEXT) AS min, CAST(MAX(fen) AS TEXT) AS max, COUNT(fen) AS count, COUNT(*) - COUNT(fen) AS unconverted';

export async function aggregate(db: D1Database, q: AggregateQuery): Promise<{ cells: AggregateRow[]; summary: AggregateRow; total: number }> {
  await ensureSchema(db);
  const { where, args } = aggregateWhere(q);
  const from = `facts${aggregateIndex(q)}`;
  const dims = q.drilldown.map((d) => DIMENSIONS[d]);
  const row = (r: Record<string, string | number | null>, prefix = ''): AggregateRow => ({
    keys: dims.map((_, i) => r[`k${i}`] as string | number),
    label: (r.label as string | null) ?? null,
    sum: r[`${prefix}sum`] as string | null, min: r[`${prefix}min`] as string | null, max: r[`${prefix}max`] as string | null,
    count: Number(r[`${prefix}count`] ?? 0), unconverted: Number(r[`${prefix}unconverted`] ?? 0),
  });
  if (!dims.length) {
    const one = (await db.prepare(`SELECT ${MEASURES}, NULL AS label FROM ${from} WHERE ${where}`).bind(...args).all<Record<string, string | number | null>>()).results[0]!;
    return { cells: [row(one)], summary: row(one), total: 1 };
  }
  // One statement: the groups of the page, and over all groups (window functions run before LIMIT) the
  // number of cells and the summary. A page past the last has no row to carry them: asked again apart.
  const label = q.drilldown.includes('class') ? ', MIN(row_name) AS label' : ', NULL AS label';
  const over = `COUNT(*) OVER () AS cells, CAST(SUM(SUM(fen)) OVER () AS TEXT) AS all_sum, CAST(MIN(MIN(fen)) OVER () AS TEXT) AS all_min,
    CAST(MAX(MAX(fen)) OVER () AS TEXT) AS all_max, SUM(COUNT(fen)) OVER () AS all_count, SUM(COUNT(*) - COUNT(fen)) OVER () AS all_unconverted`;
  const cells = (await db.prepare(
    `SELECT ${dims.map((e, i) => `${e} AS k${i}`).join(', ')}, ${MEASURES}${label}, ${over} FROM ${from} WHERE ${where}
     GROUP BY ${dims.join(', ')} ORDER BY ${dims.join(', ')} LIMIT ? OFFSET ?`,
  ).bind(...args, q.limit, q.offset).all<Record<string, string | number | null>>()).results;
  if (cells.length) return { cells: cells.map((r) => row(r)), summary: { ...row(cells[0]!, 'all_'), keys: [], label: null }, total: Number(cells[0]!.cells) };
  const [summary, total] = await db.batch<Record<string, string | number | null>>([
    db.prepare(`SELECT ${MEASURES}, NULL AS label FROM ${from} WHERE ${where}`).bind(...args),
    db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where} GROUP BY ${dims.join(', ')})`).bind(...args),
  ]);
  return { cells: [], summary: { ...row(summary!.results[0]!), keys: [] }, total: Number(total!.results[0]?.n ?? 0) };
}

export interface SeriesRow {
  year: number;
  version: number;
  row_id: string;
  row_name: string;
  value: string;
  unit: string;
  fen: string | null;
}

/** One department's line, year by year (latest versions). */
export async function series(db: D1Database, q: SeriesQuery): Promise<SeriesRow[]> {
  await ensureSchema(db);
  const section = q.section === undefined ? '' : ' AND row_id = ?';
  return (await db.prepare(
    `SELECT year, version, row_id, row_name, value, unit, CAST(fen AS TEXT) AS fen FROM facts WHERE department_id = ? AND table_id = ? AND row = ? AND column_key = ? AND latest = 1${section} ORDER BY row_id, year LIMIT 200`,
  ).bind(q.department, q.table, q.row, q.column, ...(q.section === undefined ? [] : [`${q.section}:${q.row}`])).all<SeriesRow>()).results;
}

export interface SeriesQuery { department: string; table: string; section?: string; row: string; column: string }

/** Whether the index knows a department at all (a series of none is a 404, not an empty line). */
export async function knowsDepartment(db: D1Database, id: string): Promise<boolean> {
  await ensureSchema(db);
  return (await db.prepare('SELECT 1 FROM departments WHERE department_id = ? LIMIT 1').bind(id).first()) !== null;
}

export interface DepartmentRow {
  department_id: string;
  year: number;
  name: string;
  region_code: string;
  template: string;
}

/** The departments with a published filing, under a region prefix, by id; a page from `after`. */
export async function departments(db: D1Database, q: { region?: string; after?: string; limit: number }): Promise<DepartmentRow[]> {
  await ensureSchema(db);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.region) {
    const [lo, hi] = prefixRange(q.region);
    where.push('region_code >= ? AND region_code < ?');
    args.push(lo, hi);
  }
  // A page of departments: every year of each (a department publishes once a year, so a bounded number of rows).
  const ids = `SELECT DISTINCT department_id FROM departments ${where.length || q.after ? 'WHERE ' : ''}${[...where, ...(q.after ? ['department_id > ?'] : [])].join(' AND ')} ORDER BY department_id LIMIT ?`;
  return (await db.prepare(`SELECT * FROM departments WHERE department_id IN (${ids}) ORDER BY department_id, year`).bind(...args, ...(q.after ? [q.after] : []), q.limit).all<DepartmentRow>()).results;
}

/** Region codes that have published departments, under a prefix, with how many departments each. */
export async function regions(db: D1Database, q: { under?: string }): Promise<{ region_code: string; departments: number }[]> {
  await ensureSchema(db);
  const [lo, hi] = q.under ? prefixRange(q.under) : ['', '\uffff'];
  return (await db.prepare('SELECT region_code, departments FROM regions WHERE region_code >= ? AND region_code < ? ORDER BY region_code LIMIT 5000').bind(lo, hi).all<{ region_code: string; departments: number }>()).results;
}

/** Thrown when a query outlives its time: D1 cannot cancel a statement, so the answer stops waiting. */
export class QueryTimeout extends Error {}

/** The index as the read routes use it (through the Worker's bindings, env.ts), each query bounded in time. */
export class FactsIndex {
  constructor(private readonly db: D1Database, private readonly timeoutMs = 5_000) {}

  private bounded<T>(query: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueryTimeout(`the query took longer than ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    });
    return Promise.race([query, late]).finally(() => clearTimeout(timer));
  }

  facts(q: FactsQuery) { return this.bounded(queryFacts(this.db, q)); }
  aggregate(q: AggregateQuery) { return this.bounded(aggregate(this.db, q)); }
  series(q: SeriesQuery) { return this.bounded(series(this.db, q)); }
  knowsDepartment(id: string) { return this.bounded(knowsDepartment(this.db, id)); }
  departments(q: { region?: string; after?: string; limit: number }) { return this.bounded(departments(this.db, q)); }
  regions(q: { under?: string }) { return this.bounded(regions(this.db, q)); }
}
