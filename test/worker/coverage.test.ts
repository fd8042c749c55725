// The coverage ledger and the department registry: five registered departments, three published; the
// API lists two as missing with their deadline, a withdrawal shows, lateness is judged against the
// deadline (entered, or the approval date + 20 days), and the administrator's routes refuse a request
// without the credential or from another origin.
import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { CoverageSchema, DeadlinesSchema, DepartmentRegistrySchema, type Coverage } from '../../src/core/contract/coverage.ts';
import { ADMIN_DEADLINES_PATH, adminDeadlinePath, adminDepartmentPath, adminWithdrawPath, ADMIN_DEPARTMENTS_PATH, ADMIN_KEYS_PATH, coveragePath, OPENAPI_PATH } from '../../src/core/contract/urls.ts';
import { addDays, computeCoverage, deadlineEnd, effectiveDeadline, rate } from '../../src/core/coverage/coverage.ts';
import { generatedFiling } from '../generate/filings.ts';
import { ADMIN, call, expectProblem, ORIGIN, registerKey, submit } from './support.ts';

const YEAR = 2021;
// Departments 0, 10, 20, 30, 40 of 50: all in region 140602 (the generator's regions repeat every 10), the seed's template.
const gen = [0, 10, 20, 30, 40].map((i) => generatedFiling(i, { departments: 50, prefix: 'cov' }));
const REGION = gen[0]!.regionCode;
const json = (body: unknown, headers: Record<string, string> = {}) => ({ headers: { ...ADMIN, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function ledger(): Promise<Coverage> {
  const res = await call(coveragePath({ region: REGION, year: YEAR }));
  expect(res.status).toBe(200);
  const body = await res.json();
  const r = v.safeParse(CoverageSchema, body);
  expect(r.success, JSON.stringify(r.issues)).toBe(true);
  return body as Coverage;
}
const mine = (c: Coverage) => c.departments.filter((d) => d.id.startsWith('cov-'));
const byId = (c: Coverage) => new Map(mine(c).map((d) => [d.id, d]));

describe('the coverage ledger', () => {
  beforeAll(async () => {
    for (const g of gen) {
      const res = await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: g.departmentId, name: g.filing.department.name, regionCode: g.regionCode, firstYear: YEAR, aliases: [`第${g.departmentId.slice(-2)}局`] }) });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    for (const g of gen.slice(0, 3)) expect((await submit(g.filing, await registerKey(g.departmentId))).status).toBe(201);
  }, 60_000);

  it('lists the two that have not published as missing, with no deadline until one is entered (none is made up)', async () => {
    const c = await ledger();
    expect(mine(c).map((d) => [d.id, d.status])).toEqual(gen.map((g, i) => [g.departmentId, i < 3 ? 'published' : 'missing']));
    expect(mine(c).every((d) => d.deadline === null && d.timeliness === 'no-deadline')).toBe(true);
    expect(c.regions.find((r) => r.regionCode === REGION)!.deadline).toBeNull();
    expect(c.summary).toMatchObject({ expected: 5, published: 3, missing: 2, withdrawn: 0, noDeadline: 5, rate: '60.00' });
    expect(byId(c).get(gen[0]!.departmentId)!.dataset).toBe(`/v1/datasets/${gen[0]!.departmentId}/${YEAR}`);
  });

  it('with a deadline still to come: published on time, missing pending, each with its deadline', async () => {
    const put = await call(adminDeadlinePath(REGION, YEAR), { method: 'PUT', ...json({ deadline: '2099-08-31' }) });
    expect(put.status).toBe(200);
    const c = await ledger();
    expect(mine(c).map((d) => [d.status, d.timeliness, d.deadline])).toEqual([
      ...Array(3).fill(['published', 'on-time', '2099-08-31']), ...Array(2).fill(['missing', 'pending', '2099-08-31'])]);
    expect(c.regions.find((r) => r.regionCode === REGION)!.deadline).toEqual({ date: '2099-08-31', source: 'entered', approvalDate: null });
    expect(c.summary.late).toEqual({ total: 0, publishedLate: 0, notPublished: 0 });
  });

  it('with the deadline from the approval date (+20 days), passed: published after it is late, missing is overdue', async () => {
    const put = await call(adminDeadlinePath(REGION, YEAR), { method: 'PUT', ...json({ approvalDate: '2022-07-11', note: '区财政局批复' }) });
    const set = v.parse(DeadlinesSchema, await put.json());
    expect(set.deadlines[0]!.effective).toEqual({ date: '2022-07-31', source: 'approval', approvalDate: '2022-07-11' });
    const c = await ledger();
    expect(mine(c).map((d) => [d.status, d.timeliness, d.deadline])).toEqual([
      ...Array(3).fill(['published', 'late', '2022-07-31']), ...Array(2).fill(['missing', 'overdue', '2022-07-31'])]);
    expect(c.summary).toMatchObject({ expected: 5, published: 3, missing: 2, late: { total: 5, publishedLate: 3, notPublished: 2 }, noDeadline: 0, rate: '60.00' });
  });

  it('after a withdrawal, the department shows as withdrawn (not public: overdue once the deadline has passed)', async () => {
    const g = gen[2]!;
    const w = await call(adminWithdrawPath(g.departmentId, YEAR, 1), { method: 'POST', ...json({ reason: '报送错误，撤回' }) });
    expect(w.status).toBe(200);
    const c = await ledger();
    const d = byId(c).get(g.departmentId)!;
    expect(d).toMatchObject({ status: 'withdrawn', timeliness: 'overdue', latestVersion: 1 });
    expect(d.withdrawnAt).toMatch(/^\d{4}-/);
    expect(c.summary).toMatchObject({ expected: 5, published: 2, missing: 2, withdrawn: 1, rate: '40.00', late: { total: 5, publishedLate: 2, notPublished: 3 } });
  });

  it('leaves out a department whose first year is later, and one registered without a first year', async () => {
    const later = generatedFiling(5, { departments: 50, prefix: 'cov' }); // region 140603: its own region
    await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'cov-later', name: '后来的局', regionCode: REGION, firstYear: YEAR + 1 }) });
    await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'cov-unset', name: '未定的局', regionCode: REGION }) });
    const ids = mine(await ledger()).map((d) => d.id);
    expect(ids).not.toContain('cov-later');
    expect(ids).not.toContain('cov-unset');
    expect(later.regionCode).not.toBe(REGION);
  });

  it('counts a registered department in its registered region, whatever region its filing names', async () => {
    const g = generatedFiling(1, { departments: 50, prefix: 'cov' }); // region 140603 by the generator
    const registered = gen[0]!.regionCode;
    expect(g.regionCode).not.toBe(registered);
    expect((await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: g.departmentId, name: g.filing.department.name, regionCode: registered, firstYear: YEAR }) })).status).toBe(201);
    expect((await submit(g.filing, await registerKey(g.departmentId))).status).toBe(201);
    const c = await ledger();
    expect(byId(c).get(g.departmentId)).toMatchObject({ status: 'published', regionCode: registered });
    // Listed under its registered region only: not as an unregistered dataset of the region it filed under.
    const filed = (await (await call(coveragePath({ region: g.regionCode, year: YEAR }))).json()) as Coverage;
    expect(filed.departments.some((d) => d.id === g.departmentId)).toBe(false);
    expect(filed.unregistered.some((d) => d.departmentId === g.departmentId)).toBe(false);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await (await call(OPENAPI_PATH)).json()) as { paths: Record<string, any>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/v1/coverage']!.get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Coverage');
    expect(doc.components.schemas.Coverage).toBeTruthy();
    expect(doc.paths['/v1/coverage']!.get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['region', 'year']);
  });

  it('refuses a bad region or year with a located 400', async () => {
    await expectProblem(await call('/v1/coverage?region=1'), 400, 'bad-request');
    await expectProblem(await call('/v1/coverage?year=21'), 400, 'bad-request');
  });
});

describe('the department registry (administrator)', () => {
  it('is seeded from data/departments.json, and changes by PATCH', async () => {
    const list = v.parse(DepartmentRegistrySchema, await (await call(ADMIN_DEPARTMENTS_PATH, { headers: ADMIN })).json());
    expect(list.departments.find((d) => d.id === '140602-xzspfwglj')).toMatchObject({ name: '朔州市朔城区行政审批服务管理局', regionCode: '140602', firstYear: 2023, parentId: null });
    await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'reg-parent', name: '上级局', regionCode: '310101', firstYear: 2022 }) });
    await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'reg-child', name: '下属中心', regionCode: '310101', firstYear: 2022, parentId: 'reg-parent' }) });
    const res = await call(adminDepartmentPath('reg-child'), { method: 'PATCH', ...json({ aliases: ['下属服务中心'], nameEn: 'Service Centre' }) });
    expect(res.status).toBe(200);
    expect((v.parse(DepartmentRegistrySchema, await res.json())).departments[0]).toMatchObject({ id: 'reg-child', name: '下属中心', aliases: ['下属服务中心'], nameEn: 'Service Centre', parentId: 'reg-parent', firstYear: 2022 });
  });

  it('refuses a second registration, an unknown parent, a loop of parents, an unknown department and a name with a bidirectional control', async () => {
    await expectProblem(await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'reg-parent', name: '又一个', regionCode: '310101' }) }), 409, 'department-exists');
    await expectProblem(await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'reg-orphan', name: '孤儿', regionCode: '310101', parentId: 'reg-nobody' }) }), 400, 'bad-request');
    await expectProblem(await call(adminDepartmentPath('reg-parent'), { method: 'PATCH', ...json({ parentId: 'reg-child' }) }), 400, 'bad-request');
    await expectProblem(await call(adminDepartmentPath('reg-nobody'), { method: 'PATCH', ...json({ name: '无' }) }), 404, 'not-found');
    const bidi = await expectProblem(await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'reg-bidi', name: '财政\u202E局', regionCode: '310101' }) }), 400, 'bad-request');
    expect(bidi.detail).toMatch(/bidirectional/);
    await expectProblem(await call(adminDeadlinePath('310101', 2022), { method: 'PUT', ...json({ deadline: '2023-02-30' }) }), 400, 'bad-request');
    // A deadline's note is shown to people like a name: no control or bidirectional character either.
    const note = await expectProblem(await call(adminDeadlinePath('310101', 2022), { method: 'PUT', ...json({ deadline: '2023-06-30', note: '\u202e\u0007x' }) }), 400, 'bad-request');
    expect(note.detail).toMatch(/a note has a control or formatting character/);
    // Year 0000 is not "every year".
    for (const year of ['0000', '2101']) await expectProblem(await call(`${ADMIN_DEADLINES_PATH}?year=${year}`, { headers: ADMIN }), 400, 'bad-request');
  });

  it('refuses every administration route without the credential', async () => {
    for (const [path, init] of [
      [ADMIN_DEPARTMENTS_PATH, {}],
      [ADMIN_DEPARTMENTS_PATH, { method: 'POST', body: JSON.stringify({ id: 'x-no', name: '无', regionCode: '310101' }), headers: { 'content-type': 'application/json' } }],
      [adminDepartmentPath('reg-parent'), { method: 'PATCH', body: JSON.stringify({ name: '无' }), headers: { 'content-type': 'application/json' } }],
      [adminDeadlinePath('310101', 2022), { method: 'PUT', body: JSON.stringify({ deadline: '2023-01-01' }), headers: { 'content-type': 'application/json' } }],
      ['/v1/admin/deadlines', {}],
    ] as const) {
      await expectProblem(await call(path, init as RequestInit), 401, 'admin-required');
    }
  });

  it('refuses a request from another origin, with the credential (Origin or Sec-Fetch-Site), and answers the platform\'s own page', async () => {
    const body = { keyId: 'xo-key-1', departmentId: 'reg-parent', publicKey: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } };
    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: ORIGIN }] as Record<string, string>[]) {
      const p = await expectProblem(await call(ADMIN_KEYS_PATH, { method: 'POST', ...json(body, headers) }), 403, 'cors-refused');
      expect(p.detail).toMatch(/origin|Sec-Fetch-Site/i);
      await expectProblem(await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'xo-dept', name: '跨站', regionCode: '310101' }, headers) }), 403, 'cors-refused');
      await expectProblem(await call(ADMIN_DEPARTMENTS_PATH, { headers: { ...ADMIN, ...headers } }), 403, 'cors-refused');
    }
    // Nothing was stored by the refused requests.
    const list = v.parse(DepartmentRegistrySchema, await (await call(ADMIN_DEPARTMENTS_PATH, { headers: ADMIN })).json());
    expect(list.departments.some((d) => d.id === 'xo-dept')).toBe(false);
    // The platform's own page: same origin.
    const ok = await call(ADMIN_DEPARTMENTS_PATH, { method: 'POST', ...json({ id: 'xo-dept', name: '本站', regionCode: '310101' }, { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }) });
    expect(ok.status).toBe(201);
    expect([...ok.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('the ledger computed (pure)', () => {
  it('adds the statutory 20 days, ends a deadline at 24:00 China time, and rounds 公开率 half up exactly', () => {
    expect(addDays('2024-02-20', 20)).toBe('2024-03-11');
    expect(effectiveDeadline({ deadline: null, approvalDate: '2024-12-25' })).toEqual({ date: '2025-01-14', source: 'approval', approvalDate: '2024-12-25' });
    expect(effectiveDeadline({ deadline: '2025-01-10', approvalDate: '2024-12-25' })!.source).toBe('entered');
    expect(effectiveDeadline({ deadline: null, approvalDate: null })).toBeNull();
    expect(new Date(deadlineEnd('2024-08-31')).toISOString()).toBe('2024-08-31T16:00:00.000Z');
    expect([rate(2, 3), rate(1, 3), rate(1, 8), rate(0, 5), rate(5, 5), rate(0, 0)]).toEqual(['66.67', '33.33', '12.50', '0.00', '100.00', null]);
  });

  it('judges a publication at 23:59 China time on the deadline on time, and one a minute after midnight late', () => {
    const dep = (id: string) => ({ id, name: id, nameEn: null, aliases: [], regionCode: '110101', parentId: null, firstYear: 2023, createdAt: '', updatedAt: '' });
    const ds = (id: string, at: string) => ({ departmentId: id, departmentName: id, regionCode: '110101', year: 2023, status: 'published' as const, firstPublishedAt: at, modifiedAt: at, latestVersion: 1 });
    const c = computeCoverage({
      year: 2023, departments: [dep('a'), dep('b')], datasets: [ds('a', '2024-08-31T15:59:00Z'), ds('b', '2024-08-31T16:01:00Z'), ds('z', '2024-08-01T00:00:00Z')],
      deadlines: [{ regionCode: '110101', year: 2023, deadline: '2024-08-31', approvalDate: null, note: null, updatedAt: '' }], now: Date.parse('2024-09-10T00:00:00Z'),
    });
    expect(c.departments.map((d) => d.timeliness)).toEqual(['on-time', 'late']);
    expect(c.truncated).toBe(false);
    const one = computeCoverage({ year: 2023, departments: [dep('a'), dep('b')], datasets: [], deadlines: [], now: 0, limit: 1 });
    expect([one.departments.length, one.truncated, one.summary.expected, one.summary.missing]).toEqual([1, true, 2, 2]);
    expect(c.unregistered.map((u) => u.departmentId)).toEqual(['z']);
    expect(c.regions).toEqual([expect.objectContaining({ regionCode: '110101', regionName: '东城区' })]);
  });
});
