import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { requireAdmin } from '../admin.ts';
import { registry, versionFiles, type AppEnv } from '../env.ts';
import type { Change } from '../../core/contract/change.ts';
import type { ChangesPage } from '../../core/contract/changes-page.ts';
import { MANIFEST_PATH } from '../../core/contract/files.ts';
import { CHANGES_PATH, filePath, ROUTES, versionPath } from '../../core/contract/urls.ts';
import type { Withdrawal } from '../../core/contract/withdrawal.ts';
import { jsonResponse, valid } from '../http.ts';
import { logUnavailable, problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';

export const changes = new Hono<AppEnv>();

// Not strict: parameters the feed does not define (utm_*, _=…) are ignored.
const ChangesQuery = v.object({
  since: v.optional(v.pipe(v.string('since is given once'), v.regex(/^\d{1,15}$/, 'since is a cursor this feed gave (a sequence number)'), v.description('The `next` of the page before (0 or absent: from the start)'))),
  limit: v.optional(v.pipe(v.string('limit is given once'), v.regex(/^\d+$/, 'limit is a whole number from 1 to 1000'), v.transform(Number), v.minValue(1, 'limit is at least 1'), v.maxValue(1000, 'limit is at most 1000'), v.description('Changes a page (default 100, at most 1000)'))),
});

changes.get(
  CHANGES_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The change feed: every publication, correction and withdrawal in a strictly increasing sequence',
    description: 'Pass the returned `next` as `since` to continue; an empty page means caught up. Withdrawals are tombstones to apply. Parameters the feed does not define (`utm_*`, `_=`…) are ignored.',
    responses: { 200: documented('A page of changes', 'Changes'), 400: problemDoc('A bad cursor') },
  }),
  valid('query', ChangesQuery),
  async (c) => {
    const q = c.req.valid('query');
    const since = Number(q.since ?? '0');
    const page = await registry(c.env).changes(since, q.limit ?? 100);
    const results = page.changes.map((ch): Change => ({
      seq: ch.seq, dataset: `${ch.departmentId}/${ch.year}`, departmentId: ch.departmentId, year: ch.year, version: ch.version,
      kind: ch.kind, at: ch.at, manifestSha256: ch.manifestSha256, ...(ch.reason !== null ? { reason: ch.reason } : {}),
      links: { version: versionPath(ch.departmentId, ch.year, ch.version), manifest: filePath(ch.departmentId, ch.year, ch.version, MANIFEST_PATH) },
    }));
    const next = results.at(-1)?.seq ?? since;
    const body: ChangesPage = { results, next: String(next), last: String(page.last), caughtUp: next >= page.last };
    return jsonResponse(c, body, 'no-cache', 200, { 'access-control-allow-origin': '*' });
  },
);

const WithdrawBody = v.strictObject({ reason: v.pipe(v.string('a reason is required'), v.minLength(3, 'state the reason'), v.maxLength(1000)) });

changes.post(
  ROUTES.adminWithdraw,
  describeRoute({ tags: ['Administration'], summary: 'Withdraw a version (a signed entry in the transparency log, a tombstone in the feed; its files answer 410)', security: [{ admin: [] }], responses: { 200: documented('Withdrawn', 'Withdrawal'), 404: problemDoc('No such version'), 409: problemDoc('Already withdrawn') } }),
  requireAdmin,
  valid('param', v.object({ departmentId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)), year: v.pipe(v.string(), v.regex(/^\d{4}$/)), version: v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/)) })),
  valid('json', WithdrawBody),
  async (c) => {
    const d = c.req.param('departmentId');
    const y = Number(c.req.param('year'));
    const n = Number(c.req.param('version'));
    const { reason } = c.req.valid('json');
    const reg = registry(c.env);
    const result = await reg.withdraw(d, y, n, reason);
    if (!result.ok && result.status === 503) logUnavailable(result.unavailable);
    if (!result.ok) {
      problem(result.status === 404
        ? { status: 404, type: 'not-found', title: 'Unknown version', detail: `dataset ${d}/${y} has no version ${n}` }
        : { status: 409, type: 'already-withdrawn', title: 'Already withdrawn', detail: `version ${n} of ${d}/${y} is already withdrawn` });
    }
    // Overwrite the version's pack with a tombstone so that one read answers 410 for any of its URLs.
    // The sequencer's alarm writes it too, after any pack still in flight: a failure here (KV allows about one
    // write a second to a key) must not turn a committed withdrawal into an error.
    await versionFiles(c.env).withdraw(d, y, n, reason).catch((e: Error) => console.warn(`tombstone of ${d}/${y} v${n} left to the sequencer: ${e.message}`));
    // The latest pointer is the sequencer's to write (queued in the withdrawal's transaction): a write from
    // here could land after a newer version's and take the pointer back.
    const body: Withdrawal = { departmentId: d, year: y, version: n, status: 'withdrawn', reason, seq: result.ok ? result.seq : null, log: result.ok ? result.log : null };
    return c.json(body);
  },
);
