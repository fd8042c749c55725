// The coverage ledger, pure: from the department registry, the datasets of a year, the regions' deadlines
// and the moment asked, who was expected to publish, who has, who has not, who withdrew, and who is late.
// No I/O: the Worker reads the Registry and hands everything in.
import { regionName } from '../classification/region-names.ts';
import type { Coverage, CoverageDeadline, CoverageDepartment, CoverageRegion, CoverageSummary } from '../contract/coverage.ts';
import { datasetPath } from '../contract/urls.ts';
import type { DeadlineRecord, DepartmentRecord } from '../ledger/departments.ts';

/** 部门决算 are made public within 20 days of their approval (批复) by the finance bureau. */
export const STATUTORY_DAYS_AFTER_APPROVAL = 20;
/** Dates are China's: a deadline ends at 24:00 China Standard Time (UTC+8). */
const CST_OFFSET = '+08:00';
const DAY_MS = 86_400_000;

/** A date plus n days (YYYY-MM-DD, calendar arithmetic in UTC so no time zone shifts it). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The deadline a region's record gives: the date entered, else the approval date + 20 days; else none. */
export function effectiveDeadline(d: Pick<DeadlineRecord, 'deadline' | 'approvalDate'> | undefined): CoverageDeadline | null {
  if (!d) return null;
  if (d.deadline) return { date: d.deadline, source: 'entered', approvalDate: d.approvalDate };
  if (d.approvalDate) return { date: addDays(d.approvalDate, STATUTORY_DAYS_AFTER_APPROVAL), source: 'approval', approvalDate: d.approvalDate };
  return null;
}

/** The first instant after the deadline day (China Standard Time), in ms. */
export function deadlineEnd(date: string): number {
  return Date.parse(`${date}T00:00:00${CST_OFFSET}`) + DAY_MS;
}

/** What the ledger needs of a dataset (the Registry's datasets table). */
export interface CoverageDataset {
  departmentId: string;
  departmentName: string;
  regionCode: string;
  year: number;
  /** published: a version is public; withdrawn: every version was withdrawn. */
  status: 'published' | 'withdrawn';
  /** When its first version was published (a later correction does not move it). */
  firstPublishedAt: string;
  /** The last change: for a withdrawn dataset, its last withdrawal. */
  modifiedAt: string;
  latestVersion: number;
}

export interface CoverageInput {
  year: number;
  /** A region code or prefix (2, 4 or 6 digits); undefined for every region. */
  region?: string;
  departments: readonly DepartmentRecord[];
  datasets: readonly CoverageDataset[];
  deadlines: readonly DeadlineRecord[];
  /** The moment the ledger is for, in ms. */
  now: number;
  /** List at most this many departments (the counts are of all); default: every one. */
  limit?: number;
}

/** published ÷ expected in percent, two decimals, half up, exactly (integers only). */
export function rate(published: number, expected: number): string | null {
  if (expected === 0) return null;
  const hundredths = (BigInt(published) * 20000n + BigInt(expected)) / (2n * BigInt(expected));
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

function summarise(rows: readonly CoverageDepartment[]): CoverageSummary {
  const count = (f: (r: CoverageDepartment) => boolean) => rows.filter(f).length;
  const published = count((r) => r.status === 'published');
  const publishedLate = count((r) => r.timeliness === 'late');
  const notPublished = count((r) => r.timeliness === 'overdue');
  return {
    expected: rows.length, published, missing: count((r) => r.status === 'missing'), withdrawn: count((r) => r.status === 'withdrawn'),
    late: { total: publishedLate + notPublished, publishedLate, notPublished }, noDeadline: count((r) => r.timeliness === 'no-deadline'),
    rate: rate(published, rows.length),
  };
}

function timeliness(status: CoverageDepartment['status'], firstPublishedAt: string | null, deadline: CoverageDeadline | null, end: number, now: number): CoverageDepartment['timeliness'] {
  if (!deadline) return 'no-deadline';
  // A withdrawn dataset is not public now: like a missing one, it is judged by whether the deadline has passed.
  if (status === 'published') return Date.parse(firstPublishedAt!) < end ? 'on-time' : 'late';
  return now >= end ? 'overdue' : 'pending';
}

const inRegion = (code: string, region: string | undefined) => !region || code.startsWith(region);
/** Code-point order (ids and region codes are ASCII): no locale, so no ICU in a sort of thousands. */
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function computeCoverage(input: CoverageInput): Coverage {
  const { year, region, now } = input;
  const deadlines = new Map(input.deadlines.filter((d) => d.year === year).map((d) => [d.regionCode, effectiveDeadline(d)]));
  const ends = new Map([...deadlines].map(([code, d]) => [code, d ? deadlineEnd(d.date) : NaN]));
  const datasets = new Map(input.datasets.filter((d) => d.year === year).map((d) => [d.departmentId, d]));
  const registered = new Set(input.departments.map((d) => d.id));
  const expected = input.departments
    .filter((d) => d.firstYear !== null && d.firstYear <= year && inRegion(d.regionCode, region))
    .sort((a, b) => order(a.regionCode, b.regionCode) || order(a.id, b.id));
  const departments: CoverageDepartment[] = expected.map((d) => {
    const ds = datasets.get(d.id);
    const deadline = deadlines.get(d.regionCode) ?? null;
    const status = !ds ? 'missing' : ds.status;
    return {
      id: d.id, name: d.name, regionCode: d.regionCode, parentId: d.parentId, firstYear: d.firstYear!, status,
      timeliness: timeliness(status, ds?.firstPublishedAt ?? null, deadline, ends.get(d.regionCode) ?? NaN, now), deadline: deadline?.date ?? null,
      firstPublishedAt: ds?.firstPublishedAt ?? null, withdrawnAt: ds?.status === 'withdrawn' ? ds.modifiedAt : null,
      latestVersion: ds?.latestVersion ?? null, dataset: ds ? datasetPath(d.id, year) : null,
    };
  });
  const byRegion = new Map<string, CoverageDepartment[]>();
  for (const d of departments) (byRegion.get(d.regionCode) ?? byRegion.set(d.regionCode, []).get(d.regionCode)!).push(d);
  for (const code of deadlines.keys()) if (inRegion(code, region) && !byRegion.has(code)) byRegion.set(code, []);
  const regions: CoverageRegion[] = [...byRegion.keys()].sort(order).map((code) => ({
    regionCode: code, regionName: regionName(code, 'zh'), deadline: deadlines.get(code) ?? null, summary: summarise(byRegion.get(code)!),
  }));
  const unregistered = [...datasets.values()]
    .filter((d) => !registered.has(d.departmentId) && inRegion(d.regionCode, region))
    .sort((a, b) => order(a.regionCode, b.regionCode) || order(a.departmentId, b.departmentId))
    .map((d) => ({ departmentId: d.departmentId, name: d.departmentName, regionCode: d.regionCode, status: d.status, dataset: datasetPath(d.departmentId, year) }));
  const limit = input.limit ?? Infinity;
  return {
    year, region: region ?? null, asOf: new Date(now).toISOString(), summary: summarise(departments), regions,
    departments: departments.length > limit ? departments.slice(0, limit) : departments, truncated: departments.length > limit,
    unregistered: unregistered.length > limit ? unregistered.slice(0, limit) : unregistered,
  };
}
