// The administrator's department registry and the regions' deadlines: who is expected to publish (names,
// other names, region, parent, first year) and by when. Behind the admin credential, same-origin only,
// JSON of at most 64 KiB (admin-request.ts), like every administration route.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Deadlines, DepartmentRegistry } from '../../core/contract/coverage.ts';
import { ADMIN_DEADLINES_PATH, ADMIN_DEPARTMENTS_PATH, ROUTES } from '../../core/contract/urls.ts';
import { effectiveDeadline } from '../../core/coverage/coverage.ts';
import { DeadlineInputSchema, DepartmentChangeSchema, DepartmentIdSchema, FiscalYearSchema, NewDepartmentSchema, RegionCodeSchema } from '../../core/ledger/departments.ts';
import { requireAdmin } from '../admin.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';

export const registryAdmin = new Hono<AppEnv>();

const admin = { tags: ['Administration'], security: [{ admin: [] }] };
const refused = { 401: problemDoc('No administrator credential'), 403: problemDoc('From another origin') };

/** The registry's refusal of a change (registry/departments.ts), as the route answers it. */
type RegistryRefusal = { refused: 'exists' | 'unknown-parent' | 'parent-cycle'; detail: string };
function refuse(r: RegistryRefusal): never {
  if (r.refused === 'exists') problem({ status: 409, type: 'department-exists', title: 'Department registered already', detail: r.detail });
  problem({ status: 400, type: 'bad-request', title: r.refused === 'unknown-parent' ? 'Unknown parent department' : 'A department cannot report to itself', detail: r.detail });
}

const RegionQuery = v.optional(v.pipe(v.string(), v.regex(/^\d{2}(\d{2}){0,2}$/, 'is a region code or prefix of 2, 4 or 6 digits')));

registryAdmin.get(
  ADMIN_DEPARTMENTS_PATH,
  describeRoute({ ...admin, summary: 'The department registry: every department expected to publish, with its names, region, parent and first year', responses: { 200: documented('The registry', 'DepartmentRegistry'), ...refused } }),
  requireAdmin,
  valid('query', v.object({ region: RegionQuery })),
  async (c) => {
    const body: DepartmentRegistry = { departments: await registry(c.env).listDepartments(c.req.valid('query').region) };
    return jsonResponse(c, body, 'no-store');
  },
);

registryAdmin.post(
  ADMIN_DEPARTMENTS_PATH,
  describeRoute({ ...admin, summary: 'Register a department (names, other names, region, parent, the first year it is expected to publish)', responses: { 201: documented('Registered', 'DepartmentRegistry'), 400: problemDoc('A bad field, or an unknown parent'), 409: problemDoc('Registered already'), ...refused } }),
  requireAdmin,
  valid('json', NewDepartmentSchema),
  async (c) => {
    const r = await registry(c.env).createDepartment(c.req.valid('json'));
    if ('refused' in r) return refuse(r);
    const body: DepartmentRegistry = { departments: [r.created] };
    return c.json(body, 201);
  },
);

registryAdmin.patch(
  ROUTES.adminDepartment,
  describeRoute({ ...admin, summary: 'Change a department: the fields given change, the others stay', responses: { 200: documented('Changed', 'DepartmentRegistry'), 400: problemDoc('A bad field, an unknown parent or a loop of parents'), 404: problemDoc('No such department'), ...refused } }),
  requireAdmin,
  valid('param', v.object({ departmentId: DepartmentIdSchema })),
  valid('json', DepartmentChangeSchema),
  async (c) => {
    const id = c.req.param('departmentId');
    const r = await registry(c.env).updateDepartment(id, c.req.valid('json'));
    if (!r) return problem({ status: 404, type: 'not-found', title: 'No such department', detail: `no department "${id}" is registered; register it with POST ${ADMIN_DEPARTMENTS_PATH}` });
    if ('refused' in r) return refuse(r);
    const body: DepartmentRegistry = { departments: [r.updated] };
    return c.json(body);
  },
);

registryAdmin.get(
  ADMIN_DEADLINES_PATH,
  describeRoute({ ...admin, summary: 'The regions\' deadlines entered, by year and region, with the deadline each gives', responses: { 200: documented('The deadlines', 'Deadlines'), ...refused } }),
  requireAdmin,
  valid('query', v.object({ region: RegionQuery, year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/, 'is a fiscal year such as 2023'), v.transform(Number), FiscalYearSchema)) })),
  async (c) => {
    const q = c.req.valid('query');
    const list = await registry(c.env).listDeadlines({ ...(q.year !== undefined ? { year: q.year } : {}), ...(q.region ? { region: q.region } : {}) });
    const body: Deadlines = { deadlines: list.map((d) => ({ ...d, effective: effectiveDeadline(d) })) };
    return jsonResponse(c, body, 'no-store');
  },
);

registryAdmin.put(
  ROUTES.adminDeadline,
  describeRoute({ ...admin, summary: 'Set a region\'s deadline for a year: the date itself, or the approval date (批复; the deadline is then 20 days after it); both null clears it', responses: { 200: documented('Set (or cleared: an empty list)', 'Deadlines'), 400: problemDoc('A bad date'), ...refused } }),
  requireAdmin,
  valid('param', v.object({ regionCode: RegionCodeSchema, year: v.pipe(v.string(), v.regex(/^\d{4}$/)) })),
  valid('json', DeadlineInputSchema),
  async (c) => {
    const year = v.safeParse(FiscalYearSchema, Number(c.req.param('year')));
    if (!year.success) return problem({ status: 404, type: 'not-found', title: 'Not found', detail: `param year: ${year.issues[0]!.message}` });
    const input = c.req.valid('json');
    if (input.deadline && input.approvalDate && input.deadline < input.approvalDate) {
      problem({ status: 400, type: 'bad-request', title: 'Bad deadline', detail: `the deadline ${input.deadline} is before the approval date ${input.approvalDate}` });
    }
    const d = await registry(c.env).setDeadline(c.req.param('regionCode'), year.output, input);
    const body: Deadlines = { deadlines: d ? [{ ...d, effective: effectiveDeadline(d) }] : [] };
    return c.json(body);
  },
);
