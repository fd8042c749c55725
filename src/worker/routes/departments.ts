// One department's line year over year (with the change computed exactly), and the registries the facts
// index knows: the departments that have published and the region codes they belong to.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { regionName } from '../../core/classification/region-names.ts';
import type { DepartmentsPage, Regions, Series, SeriesPoint } from '../../core/contract/facts.ts';
import { DEPARTMENTS_PATH, filePath, queryPath, REGIONS_PATH, ROUTES, seriesPath } from '../../core/contract/urls.ts';
import { fenToYuan } from '../../core/facts/facts.ts';
import { changeOf, type Point } from '../../core/facts/series.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { Id, index, Key, knownLine, Region, Section } from './facts.ts';
import { documented, problemDoc } from './schemas.ts';

export const departments = new Hono<AppEnv>();


departments.get(
  ROUTES.series,
  describeRoute({
    tags: ['Facts'],
    summary: 'One department\'s line year over year, with the change in 元 and the rate computed exactly; a zero base is not comparable (基数为0，不可比)',
    responses: { 200: documented('The series', 'Series'), 400: problemDoc('A bad table, row or column'), 404: problemDoc('Unknown department') },
  }),
  valid('param', v.object({ departmentId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'unknown department id')) })),
  valid('query', v.object({ table: Id, section: v.optional(Section), row: Key, column: Key })),
  async (c) => {
    const d = c.req.param('departmentId');
    const q = c.req.valid('query');
    knownLine(q);
    const rows = await index(c).series({ department: d, ...q });
    if (!rows.length && !(await index(c).knowsDepartment(d))) problem({ status: 404, type: 'not-found', title: 'Unknown department', detail: `no published filing of department "${d}" is indexed` });
    const lines = new Map<string, { rowId: string; rowName: string; points: SeriesPoint[]; last?: Point }>();
    for (const r of rows) {
      const line = lines.get(r.row_id) ?? { rowId: r.row_id, rowName: r.row_name, points: [] };
      const point: Point = { year: r.year, value: r.value, unit: r.unit, fen: r.fen === null ? null : BigInt(r.fen) };
      line.points.push({
        year: r.year, version: r.version, value: r.value, unit: r.unit, yuan: point.fen === null ? null : fenToYuan(point.fen),
        change: changeOf(line.last, point), links: { table: filePath(d, r.year, r.version, `tables/${q.table}.json`) },
      });
      line.last = point;
      lines.set(r.row_id, line);
    }
    const { section: _s, ...line } = q;
    const body: Series = { departmentId: d, ...line, lines: [...lines.values()].map(({ last: _, ...l }) => l) };
    return jsonResponse(c, body, 'public, max-age=30');
  },
);

departments.get(
  DEPARTMENTS_PATH,
  describeRoute({
    tags: ['Facts'],
    summary: 'The departments that have published: name (and the other names printed in other years or registered), English name and parent where the department registry has them, region, years',
    responses: { 200: documented('A page of departments', 'DepartmentsPage'), 400: problemDoc('A bad parameter') },
  }),
  valid('query', v.object({ region: v.optional(Region), after: v.optional(Id), limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'is a whole number'), v.transform(Number), v.minValue(1), v.maxValue(500, 'is at most 500'))) })),
  async (c) => {
    const q = c.req.valid('query');
    const limit = q.limit ?? 100;
    const rows = await index(c).departments({ ...q, limit: limit + 1 });
    const byId = new Map<string, typeof rows>();
    for (const r of rows) byId.set(r.department_id, [...(byId.get(r.department_id) ?? []), r]);
    const ids = [...byId.keys()];
    const page = ids.slice(0, limit);
    // The administrator's registry adds what no filing prints: registered other names, the English name, the parent.
    const registered = new Map((await registry(c.env).departmentsByIds(page)).map((d) => [d.id, d]));
    const items: DepartmentsPage['items'] = page.map((id) => {
      const years = byId.get(id)!;
      const latest = years.at(-1)!;
      const record = registered.get(id);
      const names = [...years.map((y) => y.name), ...(record ? [record.name, ...record.aliases] : [])];
      return {
        id, name: latest.name, nameEn: record?.nameEn ?? null, aliases: [...new Set(names)].filter((n) => n !== latest.name),
        regionCode: latest.region_code, parent: record?.parentId ?? null,
        years: years.map((y) => y.year),
        links: { series: seriesPath(id, { table: 'three-public', row: 'amounts', column: 'final_total' }) },
      };
    });
    const body: DepartmentsPage = { items, next: ids.length > limit ? queryPath(DEPARTMENTS_PATH, { region: q.region, limit, after: page.at(-1) }) : null };
    return jsonResponse(c, body, 'public, max-age=60');
  },
);

departments.get(
  REGIONS_PATH,
  describeRoute({
    tags: ['Facts'],
    summary: 'Region codes with published departments, at province, city and county level, with names where known',
    description: '`under` narrows to a province or city prefix. Names are GB/T 2260\'s as 国家统计局 lists them (2023): provinces in Chinese and English, cities and counties in Chinese (`nameEn` null); a code the list lacks has `name` null.',
    responses: { 200: documented('The regions', 'Regions'), 400: problemDoc('A bad prefix') },
  }),
  valid('query', v.object({ under: v.optional(Region) })),
  async (c) => {
    const { under } = c.req.valid('query');
    const rows = await index(c).regions(under ? { under } : {});
    const counts = new Map<string, number>();
    for (const r of rows) {
      // A county's departments count towards its city and province too.
      for (const len of [2, 4, 6]) if (r.region_code.length >= len) counts.set(r.region_code.slice(0, len), (counts.get(r.region_code.slice(0, len)) ?? 0) + r.departments);
    }
    const items: Regions['items'] = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, n]) => ({
      code, level: (code.length / 2) as 1 | 2 | 3,
      name: regionName(code, 'zh'),
      nameEn: regionName(code, 'en'),
      departments: n,
    }));
    const body: Regions = { items };
    return jsonResponse(c, body, 'public, max-age=300');
  },
);
