// The coverage ledger: for a year and a region, the registered departments expected to publish, who has,
// who has not, who withdrew, and who is late against the region's deadline. Computed by the core
// (core/coverage) from what the Registry holds; read it as /v1/coverage?region=&year=.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Coverage } from '../../core/contract/coverage.ts';
import { COVERAGE_PATH } from '../../core/contract/urls.ts';
import { computeCoverage } from '../../core/coverage/coverage.ts';
import { coalescing } from '../coalesce.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { documented, problemDoc } from './schemas.ts';

export const coverage = new Hono<AppEnv>();

/** Departments listed in one answer (a province has some thousands; the counts are always of all). */
export const LISTED = 5000;

/** The fiscal year whose accounts are being published now: last year, in China's calendar. */
export function defaultYear(now: number): number {
  return new Date(now + 8 * 3_600_000).getUTCFullYear() - 1;
}

/** Identical ledgers asked for at once are read from the Registry once. */
const shared = coalescing<Coverage>();

const Query = v.object({
  region: v.optional(v.pipe(v.string(), v.regex(/^\d{2}(\d{2}){0,2}$/, 'is a region code or prefix of 2, 4 or 6 digits (14, 1406, 140602)'))),
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/, 'is a fiscal year such as 2023'), v.transform(Number), v.minValue(1990, 'is 1990 or later'), v.maxValue(2100, 'is before 2100'))),
});

coverage.get(
  COVERAGE_PATH,
  describeRoute({
    tags: ['Coverage'],
    summary: 'Who was expected to publish, who has, who has not, who withdrew, and who is late (公开率)',
    description: 'For a fiscal year (default: last year) and a region code or prefix (default: every region): each registered department expected that year (its first year on or before it) with its status — `published`, `missing` (never published), `withdrawn` (published, then every version withdrawn) — and its timeliness against its region\'s deadline: `on-time` or `late` (first published after the deadline), `overdue` (not public and the deadline passed) or `pending`; `no-deadline` where none was entered for the region and year (none is made up). A deadline is the date the administrator entered, or the approval date (批复) plus the statutory 20 days; it ends at 24:00 China Standard Time. Counts and 公开率 (published ÷ expected, exact to two decimals) for the whole and for each region. Datasets of departments the registry does not list are named apart and not counted. At most 5,000 departments are listed (`truncated` says when there are more: narrow the region); the counts are of all.',
    responses: { 200: documented('The coverage ledger', 'Coverage'), 400: problemDoc('A bad region or year') },
  }),
  valid('query', Query),
  async (c) => {
    const q = c.req.valid('query');
    const now = Date.now();
    const year = q.year ?? defaultYear(now);
    const body: Coverage = await shared(`${year}|${q.region ?? ''}`, async () =>
      computeCoverage({ year, ...(q.region ? { region: q.region } : {}), ...(await registry(c.env).coverageInputs(year, q.region)), now, limit: LISTED }));
    return jsonResponse(c, body, 'public, max-age=30', 200, { 'access-control-allow-origin': '*' });
  },
);
