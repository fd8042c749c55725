// The facts index: after publication it holds exactly the cells of each dataset's latest version; a
// correction replaces them, a withdrawal removes them, a rebuild from the packs gives the same rows; the
// aggregates are exact sums; bad queries are located 400s.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Aggregate, Fact, FactsPage, Series } from '../../src/core/contract/facts.ts';
import { filingFacts } from '../../src/core/facts/facts.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { registry, type Env } from '../../src/worker/env.ts';
import { generatedFiling } from '../generate/filings.ts';
import { ADMIN, call, envelope, kvWritten, registerKey, seedFiling, submit, type TestKey } from './support.ts';

async function indexed(timeoutMs = 30_000): Promise<void> {
  const reg = registry(env as Env);
  const deadline = Date.now() + timeoutMs;
  while ((await reg.pendingIndex()) > 0 || (await reg.pendingWrites()) > 0) {
    if (Date.now() > deadline) throw new Error('index jobs still pending');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function allFacts(query: string): Promise<Fact[]> {
  const out: Fact[] = [];
  let next: string | null = `/v1/facts?${query}&limit=97`;
  while (next) {
    const r = await call(next);
    expect(r.status, next).toBe(200);
    const page = (await r.json()) as FactsPage;
    out.push(...page.items);
    next = page.next;
  }
  return out;
}

/** What the index should hold for a filing: its facts, as the pure function gives them. */
function expected(filing: unknown) {
  const parsed = parseFiling(filing);
  if (!parsed.ok) throw new Error('not a filing');
  return filingFacts(parsed.filing).map((f) => `${f.table}|${f.rowId}|${f.column}|${f.value}|${f.unit}`).sort();
}
const held = (facts: Fact[]) => facts.map((f) => `${f.table}|${f.rowId}|${f.column}|${f.value}|${f.unit}`).sort();

const keys = new Map<string, TestKey>();
async function publish(filing: Record<string, any>): Promise<void> {
  const d = filing.department.id as string;
  if (!keys.has(d)) keys.set(d, await registerKey(d));
  const r = await submit(filing, keys.get(d)!);
  expect(r.status, `${d}/${filing.year}`).toBe(201);
}

const withdraw = (d: string, y: number, n: number) => call(`/v1/admin/datasets/${d}/${y}/versions/${n}/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '测试撤回' }) });

describe('the facts index', () => {
  it('holds exactly the cells of the latest version of each of 50 generated filings and the seed; a rebuild gives the same rows', async () => {
    const generated = [
      { filing: seedFiling(), departmentId: '140602-xzspfwglj', year: 2023, regionCode: '140602' },
      ...Array.from({ length: 50 }, (_, i) => generatedFiling(i, { departments: 25, prefix: 'fx' })),
    ];
    for (const g of generated) await publish(g.filing);
    await indexed();
    const before = new Map<string, string[]>();
    for (const g of generated) {
      const facts = await allFacts(`department=${g.departmentId}&year=${g.year}`);
      expect(held(facts), `${g.departmentId}/${g.year}`).toEqual(expected(g.filing));
      expect(facts.every((f) => f.latest && f.version === 1 && f.regionCode === g.regionCode)).toBe(true);
      before.set(`${g.departmentId}/${g.year}`, held(facts));
    }
    // The index is derived: emptied, it is made again from the version packs.
    await (env as Env).INDEX!.batch(['DELETE FROM facts', 'DELETE FROM indexed'].map((q) => (env as Env).INDEX!.prepare(q)));
    expect(await allFacts(`department=${generated[1]!.departmentId}&year=${generated[1]!.year}`)).toEqual([]);
    const rebuilt = await call('/v1/admin/index/rebuild', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{}' });
    expect(rebuilt.status).toBe(202);
    expect(((await rebuilt.json()) as { queued: number }).queued).toBeGreaterThanOrEqual(50);
    await indexed();
    for (const g of generated) expect(held(await allFacts(`department=${g.departmentId}&year=${g.year}`))).toEqual(before.get(`${g.departmentId}/${g.year}`));
  }, 120_000);

  it('replaces a corrected version\'s cells, and a withdrawal removes them (the version before is latest again)', async () => {
    const g = generatedFiling(7, { prefix: 'fc' });
    await publish(g.filing);
    const corrected = structuredClone(g.filing);
    corrected.tables[0].sections[0].rows[0].name += '（更正）';
    await publish(corrected);
    await indexed();
    const latest = await allFacts(`department=${g.departmentId}&year=${g.year}`);
    expect(new Set(latest.map((f) => f.version))).toEqual(new Set([2]));
    expect(latest.some((f) => f.rowName.endsWith('（更正）'))).toBe(true);
    expect(held(await allFacts(`department=${g.departmentId}&year=${g.year}&version=1`))).toEqual(expected(g.filing));
    expect((await withdraw(g.departmentId, g.year, 2)).status).toBe(200);
    await indexed();
    const after = await allFacts(`department=${g.departmentId}&year=${g.year}`);
    expect(new Set(after.map((f) => f.version))).toEqual(new Set([1]));
    expect(await allFacts(`department=${g.departmentId}&year=${g.year}&version=2`)).toEqual([]);
    expect((await withdraw(g.departmentId, g.year, 1)).status).toBe(200);
    await indexed();
    expect(await allFacts(`department=${g.departmentId}&year=${g.year}`)).toEqual([]);
    await kvWritten();
  }, 60_000);

  it('aggregates exactly: sums of amounts whose float sum is wrong, by region and year', { timeout: 30_000 }, async () => {
    // 三公 totals of 0.1, 0.2 and 0.3 万元 in one region: 0.1 + 0.2 + 0.3 is 0.6000000000000001 in binary floats.
    const amounts = ['0.10', '0.20', '0.30'];
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    for (const [i, a] of amounts.entries()) {
      const g = generatedFiling(i * 2, { prefix: 'fa' }); // the seed's template (even indexes)
      g.filing.department.regionCode = '650102';
      const t = g.filing.tables.find((x: { id: string }) => x.id === 'three-public');
      t.sections[0].rows.find((r: { key?: string }) => r.key === 'amounts').values.final_total = a;
      g.filing.year = 2023;
      await publish(g.filing);
    }
    await indexed();
    const r = await call('/v1/aggregate?table=three-public&row=amounts&column=final_total&drilldown=region|year&cut=region:65');
    expect(r.status).toBe(200);
    const agg = (await r.json()) as Aggregate;
    expect(agg.cells).toEqual([{ region: '650102', year: 2023, 'amount.sum': '6000.00', 'amount.min': '1000.00', 'amount.max': '3000.00', _count: 3, _unconverted: 0 }]);
    expect(agg.summary['amount.sum']).toBe('6000.00');
    expect(agg.total_cell_count).toBe(1);
    // By region alone, and a page past the last: no cells, the summary and the count of cells all the same.
    const byRegion = (await (await call('/v1/aggregate?table=three-public&row=amounts&column=final_total&drilldown=province&cut=year:2023')).json()) as Aggregate;
    expect(byRegion.cells.find((c) => c.province === '65')).toMatchObject({ 'amount.sum': '6000.00', _count: 3 });
    const past = (await (await call('/v1/aggregate?table=three-public&row=amounts&column=final_total&drilldown=region|year&cut=region:65&page=2&pagesize=1')).json()) as Aggregate;
    expect(past).toMatchObject({ cells: [], total_cell_count: 1, summary: { 'amount.sum': '6000.00', _count: 3 } });
    // The same figures as line items, in 元 and as printed.
    const items = await allFacts('table=three-public&row=amounts&column=final_total&region=65');
    expect(items.map((f) => [f.value, f.unit, f.yuan]).sort()).toEqual([['0.10', '万元', '1000.00'], ['0.20', '万元', '2000.00'], ['0.30', '万元', '3000.00']]);
  });

  it('gives a department\'s series with the change computed exactly, and marks a zero base not comparable', { timeout: 30_000 }, async () => {
    const base = generatedFiling(4, { prefix: 'fs' });
    const set = (f: Record<string, any>, value: string) => {
      f.tables.find((x: { id: string }) => x.id === 'three-public').sections[0].rows.find((r: { key?: string }) => r.key === 'amounts').values.final_total = value;
    };
    for (const [year, value] of [[2021, '0.00'], [2022, '3.30'], [2023, '1.10']] as const) {
      const f = structuredClone(base.filing);
      f.year = year;
      for (const t of f.tables) if (t.year !== undefined) t.year = year;
      set(f, value);
      await publish(f);
    }
    await indexed();
    const r = await call(`/v1/departments/${base.departmentId}/series?table=three-public&row=amounts&column=final_total`);
    expect(r.status).toBe(200);
    const s = (await r.json()) as Series;
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]!.points.map((p) => [p.year, p.value, p.yuan, p.change])).toEqual([
      [2021, '0.00', '0.00', null],
      [2022, '3.30', '33000.00', { yuan: '33000.00', rate: null, comparable: false, note: '基数为0，不可比' }],
      [2023, '1.10', '11000.00', { yuan: '-22000.00', rate: '-66.67', comparable: true, note: null }],
    ]);
  });

  it('names the page a figure was printed on, where the submission carried its provenance', async () => {
    const body = await envelope('fp-dept-1');
    const key = await registerKey('fp-dept-1');
    expect((await submit(body, key)).status).toBe(201);
    await indexed();
    const facts = await allFacts('department=fp-dept-1&year=2023');
    const placed = facts.find((f) => f.table === 'income-expenditure' && f.rowId === 'income:general_budget' && f.column === 'amount')!;
    expect(placed).toMatchObject({ page: 7, links: { provenance: '/v1/datasets/fp-dept-1/2023/versions/1/provenance.json' } });
    expect(facts.filter((f) => f.page !== null)).toHaveLength(1);
  });

  it('sums one figure a filing: a row of two sections names its section; a cut names a dimension once; cursors, Accept and units as documented', { timeout: 30_000 }, async () => {
    // The seed (published above): 01表 prints grand_total twice, 收入总计 and 支出总计, each 1322.38 万元.
    const seed = '140602-xzspfwglj';
    const line = 'table=income-expenditure&row=grand_total&column=amount';
    const twice = await call(`/v1/aggregate?${line}&cut=department:${seed}`);
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { detail: string; errors: { path: string }[] })).toMatchObject({ detail: expect.stringMatching(/several sections.*income, expenditure.*section=/), errors: [{ path: 'row' }] });
    const income = (await (await call(`/v1/aggregate?${line}&section=income&cut=department:${seed}`)).json()) as Aggregate;
    expect(income.summary).toMatchObject({ 'amount.sum': '13223800.00', _count: 1 });
    expect(income.measure.section).toBe('income');
    const items = await allFacts(`${line}&section=expenditure&department=${seed}`);
    expect(items.map((f) => [f.rowId, f.value])).toEqual([['expenditure:grand_total', '1322.38']]);
    // Line items of both sections are each named by section: listed, not summed.
    expect((await allFacts(`${line}&department=${seed}`)).map((f) => f.rowId).sort()).toEqual(['expenditure:grand_total', 'income:grand_total']);
    // The class drilldown, over every department and within one (each read through its own index).
    const classes = (await (await call(`/v1/aggregate?table=expenditure&column=total&drilldown=class&cut=department:${seed}`)).json()) as Aggregate;
    expect(classes.cells).toEqual([expect.objectContaining({ class: '201', 'amount.sum': '13223800.00', _count: 1 })]);
    const all = await call('/v1/aggregate?table=expenditure&column=total&drilldown=class|year&cut=year:2023');
    expect(all.status).toBe(200);
    expect(((await all.json()) as Aggregate).cells.find((c) => c.class === '201')?._count).toBeGreaterThan(1);
    // A tampered cursor is refused, never read as a position.
    const b64 = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const cursor of ['[1e400,"14","a","b",1]', '[2023.5,"14","a","b",1]', '[-1,"14","a","b",1]', '[2023,14,"a","b",1]']) {
      const r = await call(`/v1/facts?table=three-public&row=amounts&column=final_total&cursor=${b64(cursor)}`);
      expect(r.status, cursor).toBe(400);
    }
    const bad: [string, string, RegExp][] = [
      ['/v1/aggregate?table=three-public&row=amounts&column=final_total&cut=year:2023|year:2024', 'cut', /names year twice/],
      ['/v1/aggregate?table=three-public&row=amounts&column=final_total&cut=region:14|region:31', 'cut', /names region twice/],
      ['/v1/aggregate?table=three-public&row=amounts&column=final_total&level=2', 'level', /goes with drilldown=class/],
      ['/v1/aggregate?table=three-public&column=final_total&section=main&drilldown=class', 'section', /goes with row/],
      [`/v1/facts?table=income-expenditure&section=nope&row=grand_total&column=amount`, 'section', /has no section "nope"/],
    ];
    for (const [path, parameter, message] of bad) {
      const res = await call(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { detail: string; errors?: { path: string }[] };
      expect(body.detail, path).toMatch(message);
      expect(body.errors?.[0]?.path, path).toBe(parameter);
    }
    // A department the index does not know has no series: 404, not an empty line.
    const none = await call('/v1/departments/no-such-department/series?table=three-public&row=amounts&column=final_total');
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    // Accept is weighed: text/csv;q=0 is no wish for CSV; the aggregate answers CSV by Accept too.
    const json = await call(`/v1/facts?${line}&department=${seed}`, { headers: { accept: 'text/csv;q=0, application/json' } });
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const aggCsv = await call(`/v1/aggregate?${line}&section=income&drilldown=year`, { headers: { accept: 'text/csv' } });
    expect(aggCsv.headers.get('content-type')).toMatch(/text\/csv/);
    // A unit as printed that reads as a formula is neutralised in the CSV, as names are.
    const g = generatedFiling(3, { prefix: 'fu' });
    g.filing.tables[0].unit = '+1+2';
    await publish(g.filing);
    await indexed();
    const text = await (await call(`/v1/facts?department=${g.departmentId}&year=${g.year}&table=${g.filing.tables[0].id}&format=csv&limit=5`)).text();
    const rows = text.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain(",'+1+2,");
  });

  it('answers NDJSON and CSV, and refuses bad queries with located 400s', async () => {
    const nd = await call('/v1/facts?table=income-expenditure&row=total_income&column=amount&format=ndjson&limit=5');
    expect(nd.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await nd.text()).trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l)).toMatchObject({ table: 'income-expenditure', row: 'total_income' });
    const csv = await call('/v1/facts?table=income-expenditure&row=total_income&column=amount&limit=5', { headers: { accept: 'text/csv' } });
    expect((await csv.text()).split('\r\n')[0]).toBe('department_id,year,version,latest,region_code,template,table,section,row_id,row,code,level,row_name,column,value,unit,yuan,page');
    const bad: [string, string, RegExp][] = [
      ['/v1/facts?table=no-such&row=total', 'table', /no template has a table/],
      ['/v1/facts?table=three-public&row=amounts&column=nope', 'column', /has no column "nope"/],
      ['/v1/facts?table=three-public&row=nope', 'row', /has no row "nope"/],
      ['/v1/facts?year=2023', 'query', /too broad/],
      ['/v1/facts?table=three-public&row=amounts&column=final_total&cursor=xyz', 'cursor', /not a cursor/],
      ['/v1/facts?table=three-public&row=amounts', 'query', /too broad: name a line \(table, row and column/],
      ['/v1/facts?table=three-public&row=amounts&region=1', 'region', /region code or prefix/],
      ['/v1/aggregate?table=three-public&row=amounts&column=final_total&cut=month:5', 'cut', /cannot cut by "month"/],
      ['/v1/aggregate?table=three-public&row=amounts&column=final_total&drilldown=planet', 'drilldown', /one of year/],
      ['/v1/aggregate?table=expenditure&column=total', 'row', /is needed unless drilldown includes class/],
      ['/v1/departments/x/series?table=three-public&row=amounts&column=nope', 'column', /has no column/],
    ];
    for (const [path, parameter, message] of bad) {
      const res = await call(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toMatch(/problem\+json/);
      const body = (await res.json()) as { detail: string; errors?: { path: string }[] };
      expect(body.detail, path).toMatch(message);
      if (parameter !== 'drilldown') expect(body.errors?.[0]?.path, path).toBe(parameter);
    }
    // Regions with names at every level, counting departments up the tree.
    const regions = (await (await call('/v1/regions?under=14')).json()) as { items: { code: string; name: string | null; departments: number }[] };
    expect(regions.items.find((r) => r.code === '14')).toMatchObject({ name: '山西省' });
    expect(regions.items.find((r) => r.code === '1406')).toMatchObject({ name: '朔州市' });
    expect(regions.items.find((r) => r.code === '140602')).toMatchObject({ name: '朔城区' });
    const province = regions.items.find((r) => r.code === '14')!.departments;
    expect(province).toBe(regions.items.filter((r) => r.code.length === 6).reduce((n, r) => n + r.departments, 0));
    const departments = (await (await call('/v1/departments?region=140602&limit=500')).json()) as { items: { id: string; regionCode: string; nameEn: string | null; aliases: string[]; parent: string | null }[] };
    expect(departments.items.length).toBe(regions.items.find((r) => r.code === '140602')!.departments);
    // The department registry adds what no filing prints: the English name (data/departments.json seeds the
    // seed's), and the registered other names and parent once the administrator gives them.
    const seedId = '140602-xzspfwglj';
    expect(departments.items.find((d) => d.id === seedId)).toMatchObject({ nameEn: expect.stringMatching(/^Shuocheng District/), parent: null });
    const parentId = 'fx-parent-bureau';
    expect((await call('/v1/admin/departments', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ id: parentId, name: '朔城区人民政府', regionCode: '140602' }) })).status).toBe(201);
    expect((await call(`/v1/admin/departments/${seedId}`, { method: 'PATCH', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ parentId, aliases: ['朔城区审批局'] }) })).status).toBe(200);
    const after = (await (await call('/v1/departments?region=140602&limit=500')).json()) as typeof departments;
    expect(after.items.find((d) => d.id === seedId)).toMatchObject({ parent: parentId, aliases: expect.arrayContaining(['朔城区审批局']) });
    // A generated department the registry does not know keeps its printed names only.
    expect(after.items.filter((d) => d.id !== seedId).every((d) => d.nameEn === null && d.parent === null)).toBe(true);
    // A query that outlives its time is answered 503, never left hanging (50 ms here, 5 s by default).
    // The index here never answers.
    const stall = () => new Promise<never>(() => undefined);
    const hanging = { prepare: () => ({ bind: () => ({ all: stall, first: stall, run: stall }) }), batch: stall, exec: stall } as unknown as D1Database;
    const slow = await call('/v1/aggregate?table=expenditure&column=total&drilldown=class|year', {}, { INDEX: hanging, QUERY_TIMEOUT_MS: '50' });
    expect(slow.status).toBe(503);
    expect(((await slow.json()) as { type: string }).type).toBe('/docs#problem-query-timeout');
    // Unknown parameters are ignored.
    expect((await call('/v1/facts?table=three-public&row=amounts&column=final_total&utm_source=x&_=1')).status).toBe(200);
  });
});
