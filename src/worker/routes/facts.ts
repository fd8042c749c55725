// Questions across filings, answered from the facts index (D1): line items (GET /v1/facts) and aggregates
// shaped like babbage's (GET /v1/aggregate), in JSON, NDJSON or CSV. Only query shapes that an index serves
// as a range scan of what they return are accepted: a line (table and row), or one filing (department and
// year); anything broader, or naming a table, row or column no template has, is a located 400.
import { Hono, type Context } from 'hono';
import { accepts } from 'hono/accepts';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { fromBase64Url, toBase64Url, utf8 } from '../../core/bytes.ts';
import type { Aggregate, Fact, FactsPage } from '../../core/contract/facts.ts';
import { ADMIN_INDEX_REBUILD_PATH, AGGREGATE_PATH, FACTS_PATH, filePath, queryPath } from '../../core/contract/urls.ts';
import { FILING_PATH, PROVENANCE_PATH, tableJsonPath } from '../../core/contract/files.ts';
import { fenToYuan } from '../../core/facts/facts.ts';
import { vocabularyProblem } from '../../core/facts/vocabulary.ts';
import { csvRecord, neutraliseText } from '../../core/render/csv.ts';
import { requireAdmin } from '../admin.ts';
import { CURSOR_TYPES, cursorOf, DIMENSIONS, factsIndex, orderOf, registry, type AppEnv, type Dimension, type FactRow } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';

export const facts = new Hono<AppEnv>();

// The facts routes' parameters (departments.ts's too): one spelling of each, and of a bad query's answer.
export const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'is an id such as three-public or 140602-xzspfwglj'));
export const Key = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'is a row code (2010301) or key (total)'));
export const Section = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'is a section id such as main, income or expenditure'));
const Year = v.pipe(v.string(), v.regex(/^\d{4}$/, 'is a year such as 2023'), v.transform(Number));
export const Region = v.pipe(v.string(), v.regex(/^\d{2}(\d{2}){0,2}$/, 'is a region code or prefix of 2, 4 or 6 digits (14, 1406, 140602)'));
const Limit = (max: number) => v.pipe(v.string(), v.regex(/^\d+$/, 'is a whole number'), v.transform(Number), v.minValue(1), v.maxValue(max, `is at most ${max}`));
const Format = v.picklist(['json', 'ndjson', 'csv'], 'is json, ndjson or csv');

// Unknown parameters (utm_*, _=) are ignored: v.object, not strictObject.
const FactsQuery = v.object({
  table: v.optional(Id), section: v.optional(Section), row: v.optional(Key), column: v.optional(Key), year: v.optional(Year), region: v.optional(Region),
  department: v.optional(Id), version: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/, 'is a version number'), v.transform(Number))),
  cursor: v.optional(v.string()), limit: v.optional(Limit(1000)), format: v.optional(Format),
});

export function bad(parameter: string, message: string): never {
  return problem({ status: 400, type: 'bad-request', title: 'Bad query', detail: `${parameter} ${message}`, extra: { errors: [{ path: parameter, message }] } });
}

/** A table, section, row or column no template has: a 400 naming the parameter, before the index is read. */
export function knownLine(q: { table?: string; section?: string; row?: string; column?: string }, options: { oneFigure?: boolean } = {}): void {
  const named = vocabularyProblem(q, options);
  if (named) bad(named.parameter, named.message);
}

export function index(c: Context<AppEnv>) {
  const found = factsIndex(c.env);
  if (!found) problem({ status: 503, type: 'not-configured', title: 'No facts index', detail: 'this deployment has no facts index (the INDEX D1 binding)' });
  return found!;
}

function factOf(r: FactRow): Fact {
  return {
    departmentId: r.department_id, year: r.year, version: r.version, latest: r.latest === 1, regionCode: r.region_code, template: r.template,
    table: r.table_id, section: r.section, rowId: r.row_id, row: r.row, code: r.row_code, level: r.level, rowName: r.row_name,
    column: r.column_key, value: r.value, unit: r.unit, yuan: r.fen === null ? null : fenToYuan(BigInt(r.fen)), page: r.page,
    links: {
      table: filePath(r.department_id, r.year, r.version, tableJsonPath(r.table_id)), filing: filePath(r.department_id, r.year, r.version, FILING_PATH),
      provenance: r.page === null ? null : filePath(r.department_id, r.year, r.version, PROVENANCE_PATH),
    },
  };
}

const FACT_COLUMNS = ['department_id', 'year', 'version', 'latest', 'region_code', 'template', 'table', 'section', 'row_id', 'row', 'code', 'level', 'row_name', 'column', 'value', 'unit', 'yuan', 'page'] as const;

/** The formats by media type, for Accept (q-values weighed: text/csv;q=0 is not a wish for CSV). */
const ANSWERS = { 'application/json': 'json', 'application/x-ndjson': 'ndjson', 'text/csv': 'csv' } as const;

/** The answer in the asked format: JSON (a page), NDJSON (one fact a line) or CSV (formula-safe text cells). */
function answer(c: Context<AppEnv>, format: string | undefined, page: FactsPage): Response | Promise<Response> {
  const wanted = format ?? ANSWERS[accepts(c, { header: 'Accept', supports: Object.keys(ANSWERS), default: 'application/json' }) as keyof typeof ANSWERS];
  const link: Record<string, string> = page.next ? { link: `<${page.next}>; rel="next"` } : {};
  if (wanted === 'ndjson') return new Response(page.items.map((f) => JSON.stringify(f)).join('\n') + (page.items.length ? '\n' : ''), { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'public, max-age=30', ...link } });
  if (wanted === 'csv') {
    const text = csvRecord([...FACT_COLUMNS]) + page.items.map((f) => csvRecord([
      f.departmentId, String(f.year), String(f.version), String(f.latest), f.regionCode, f.template, f.table, f.section, f.rowId, f.row, f.code ?? '', f.level === null ? '' : String(f.level),
      neutraliseText(f.rowName), f.column, f.value, neutraliseText(f.unit), f.yuan ?? '', f.page === null ? '' : String(f.page),
    ])).join('');
    return new Response(text, { headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'cache-control': 'public, max-age=30', ...link } });
  }
  return jsonResponse(c, page, 'public, max-age=30', 200, link);
}

facts.get(
  FACTS_PATH,
  describeRoute({
    tags: ['Facts'],
    summary: 'Line items across filings: one printed figure per item, latest versions unless a version is asked for',
    description: 'Name a line — `table`, `row` (a code such as 2010301, or a key such as total) and `column`, with `year`, `region` (a code prefix) and `department` to narrow it — or one filing: `department` and `year`. Amounts are exact decimal strings with their unit as printed, and `yuan` converted exactly. Cursor paging (`cursor`, `next`, and a Link header); `format=json|ndjson|csv` or Accept. A blank cell is not a fact (a blank is not a zero). Unknown parameters are ignored.',
    responses: { 200: documented('A page of facts', 'FactsPage'), 400: problemDoc('A bad or too broad query, or a table, row or column no template has') },
  }),
  valid('query', FactsQuery),
  async (c) => {
    const q = c.req.valid('query');
    // What the query names first (a table no template has), then whether its shape is one an index serves.
    knownLine(q);
    const line = q.table !== undefined && q.row !== undefined && q.column !== undefined;
    const filing = q.department !== undefined && q.year !== undefined;
    if (!line && !filing) bad('query', 'is too broad: name a line (table, row and column, e.g. table=expenditure&row=2010301&column=total) or one filing (department and year)');
    if (q.version !== undefined && !filing) bad('version', 'needs department and year (one filing\'s version)');
    let after: (string | number)[] | undefined;
    if (q.cursor !== undefined) {
      try {
        after = JSON.parse(new TextDecoder().decode(fromBase64Url(q.cursor))) as (string | number)[];
      } catch { /* checked below */ }
      const order = orderOf(q);
      const fits = (x: unknown, i: number) => (CURSOR_TYPES[order[i]!] === 'integer' ? Number.isSafeInteger(x) && (x as number) >= 0 : typeof x === 'string' && x.length <= 200);
      if (!Array.isArray(after) || after.length !== order.length || !after.every(fits)) bad('cursor', 'is not a cursor this query gave');
    }
    const limit = q.limit ?? 100;
    const rows = await index(c).facts({ ...q, ...(after ? { after } : {}), limit: limit + 1 });
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const { cursor: _c, ...rest } = q;
    const next = more && last ? queryPath(FACTS_PATH, { ...rest, limit, cursor: toBase64Url(utf8.encode(JSON.stringify(cursorOf(q, last)))) }) : null;
    return answer(c, q.format, { items: items.map(factOf), next });
  },
);

const DimensionName = v.picklist(Object.keys(DIMENSIONS) as Dimension[], `is one of ${Object.keys(DIMENSIONS).join(', ')}`);

const AggregateQuery = v.object({
  table: Id, column: Key, section: v.optional(Section), row: v.optional(Key),
  level: v.optional(v.pipe(v.string(), v.regex(/^[123]$/, 'is 1 (类), 2 (款) or 3 (项)'), v.transform(Number))),
  drilldown: v.optional(v.pipe(v.string(), v.transform((s) => s.split('|').filter(Boolean)), v.array(DimensionName), v.maxLength(3, 'names at most three dimensions'))),
  cut: v.optional(v.string()),
  page: v.optional(Limit(100_000)), pagesize: v.optional(Limit(1000)), format: v.optional(v.picklist(['json', 'csv'], 'is json or csv')),
});

/** babbage's cut: "year:2023|region:1406". */
function parseCut(text: string | undefined): { year?: number; region?: string; department?: string } {
  const cut: { year?: number; region?: string; department?: string } = {};
  for (const part of (text ?? '').split('|').filter(Boolean)) {
    const [name, value, ...more] = part.split(':');
    if (value === undefined || more.length) bad('cut', `"${part}" is not dimension:value (e.g. year:2023|region:1406)`);
    if (name! in cut) bad('cut', `names ${name} twice: a cut takes one value a dimension`);
    if (name === 'year') {
      if (!/^\d{4}$/.test(value!)) bad('cut', `year:${value} is not a year`);
      cut.year = Number(value);
    } else if (name === 'region') {
      if (!/^\d{2}(\d{2}){0,2}$/.test(value!)) bad('cut', `region:${value} is not a region code or prefix`);
      cut.region = value!;
    } else if (name === 'department') {
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(value!)) bad('cut', `department:${value} is not a department id`);
      cut.department = value!;
    } else bad('cut', `cannot cut by "${name}"; cut by year, region or department`);
  }
  return cut;
}

const yuan = (fen: string | null) => (fen === null ? null : fenToYuan(BigInt(fen)));

facts.get(
  AGGREGATE_PATH,
  describeRoute({
    tags: ['Facts'],
    summary: 'Aggregate a line across filings, shaped like OpenSpending babbage: cells by drilldown, sum, count, min and max, exact',
    description: '`format=csv` answers the cells as CSV. The measure is one line — `table`, `column` and `row` — or, with `drilldown=class`, the table\'s coded rows at `level` (1 类 by default). `drilldown` is up to three of year, region, province, city, department, class, joined by |; `cut` is dimension:value pairs (year:2023|region:1406). Sums are exact, in 元 (every figure converted from its printed unit); figures not in a money unit are counted in `_unconverted`, not summed. Latest versions only.',
    responses: { 200: documented('The aggregate', 'Aggregate'), 400: problemDoc('A bad measure, drilldown or cut') },
  }),
  valid('query', AggregateQuery),
  async (c) => {
    const q = c.req.valid('query');
    const drilldown = (q.drilldown ?? []) as Dimension[];
    if (new Set(drilldown).size !== drilldown.length) bad('drilldown', 'names a dimension twice');
    if (q.row === undefined && !drilldown.includes('class')) bad('row', 'is needed unless drilldown includes class (the table\'s coded rows)');
    if (q.row !== undefined && drilldown.includes('class')) bad('row', 'and drilldown=class exclude each other: class takes every coded row at `level`');
    if (q.level !== undefined && !drilldown.includes('class')) bad('level', 'goes with drilldown=class (the coded rows at a level); a row names its own');
    if (q.section !== undefined && q.row === undefined) bad('section', 'goes with row (a row key laid out in several sections)');
    knownLine(q, { oneFigure: true });
    const cut = parseCut(q.cut);
    const pageSize = q.pagesize ?? 100;
    const page = q.page ?? 1;
    const r = await index(c).aggregate({ table: q.table, column: q.column, ...(q.section !== undefined ? { section: q.section } : {}), ...(q.row !== undefined ? { row: q.row } : {}), ...(q.level !== undefined ? { level: q.level } : {}), drilldown, cut, limit: pageSize, offset: (page - 1) * pageSize });
    const measures = (x: { sum: string | null; min: string | null; max: string | null; count: number; unconverted: number }) => ({
      'amount.sum': yuan(x.sum), 'amount.min': yuan(x.min), 'amount.max': yuan(x.max), _count: x.count, _unconverted: x.unconverted,
    });
    const body: Aggregate = {
      measure: { table: q.table, section: q.section ?? null, row: q.row ?? null, column: q.column, level: drilldown.includes('class') ? (q.level ?? 1) : null, unit: '元' },
      drilldown, cut: cut as Record<string, string | number>,
      aggregates: ['amount.sum', 'amount.min', 'amount.max', '_count'],
      cells: r.cells.map((x) => ({ ...Object.fromEntries(drilldown.map((d, i) => [d, x.keys[i]])), ...(x.label !== null ? { 'class.label': x.label } : {}), ...measures(x) })) as Aggregate['cells'],
      summary: measures(r.summary),
      total_cell_count: r.total, page, page_size: pageSize,
    };
    if ((q.format ?? (accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv' ? 'csv' : 'json')) === 'csv') {
      const head = [...drilldown, ...(drilldown.includes('class') ? ['class.label'] : []), 'amount.sum', 'amount.min', 'amount.max', '_count', '_unconverted'];
      const text = csvRecord(head) + body.cells.map((cell) => csvRecord(head.map((k) => {
        const value = (cell as Record<string, unknown>)[k];
        return value === null || value === undefined ? '' : k === 'class.label' ? neutraliseText(String(value)) : String(value);
      }))).join('');
      return new Response(text, { headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'cache-control': 'public, max-age=30' } });
    }
    return jsonResponse(c, body, 'public, max-age=30');
  },
);

facts.post(
  ADMIN_INDEX_REBUILD_PATH,
  describeRoute({ tags: ['Administration'], summary: 'Rebuild the facts index from the version packs (every dataset queued; the sequencer\'s alarm works through them)', security: [{ admin: [] }], responses: { 202: { description: 'Queued: the number of datasets to index' } } }),
  requireAdmin,
  async (c) => c.json({ queued: await registry(c.env).rebuildIndex() }, 202),
);
