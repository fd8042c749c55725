// The transparency log over HTTP: pages of entries, one entry, and the platform key's public half. Entries
// never change once written, so one is cached for good; a page is not (the log grows).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { LogPage } from '../../core/contract/log.ts';
import { LOG_KEY_PATH, LOG_PATH, logPath, ROUTES } from '../../core/contract/urls.ts';
import { registry, type AppEnv } from '../env.ts';
import { IMMUTABLE, jsonResponse, valid } from '../http.ts';
import { logUnavailable, problem } from '../problem.ts';
import { documented, problemDoc } from './schemas.ts';

export const log = new Hono<AppEnv>();

const MAX_PAGE = 1000;

// Not strict: parameters the log does not define (utm_*, _=…) are ignored.
const LogQuery = v.object({
  since: v.optional(v.pipe(v.string('since is given once'), v.regex(/^\d{1,15}$/, 'since is the sequence number of the last entry you hold (0 for the start)'), v.description('The sequence number of the last entry you hold (0 or absent: from the start)'))),
  limit: v.optional(v.pipe(v.string('limit is given once'), v.regex(/^\d+$/, `limit is a whole number from 1 to ${MAX_PAGE}`), v.transform(Number), v.minValue(1, 'limit is at least 1'), v.maxValue(MAX_PAGE, `limit is at most ${MAX_PAGE}`), v.description(`Entries a page (at most ${MAX_PAGE}, the default)`))),
});

log.get(
  LOG_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The transparency log: every key registration and revocation, publication and withdrawal, hash-chained and signed by the platform key',
    description: 'Entries after `since`, in order; `head` is the log as it stands now. Each entry names the hash of the one before (`prev`) and carries an Ed25519 signature by the platform key over "gongkai.log/1\\n" and its canonical JSON (members sorted, without hash and signature). Entry 1 names the platform key. A mirror pins that key out of band, verifies every entry, and refuses a log that does not extend what it verified. Parameters the log does not define (`utm_*`, `_=`…) are ignored.',
    responses: { 200: documented('A page of the log', 'LogPage'), 400: problemDoc('A bad cursor') },
  }),
  valid('query', LogQuery),
  async (c) => {
    const q = c.req.valid('query');
    const since = Number(q.since ?? '0');
    const limit = q.limit ?? MAX_PAGE;
    const page = await registry(c.env).logPage(since, limit);
    const last = page.entries.at(-1)?.seq ?? since;
    const body: LogPage = { head: page.head, entries: page.entries, next: last < page.head.size ? logPath({ since: last, limit }) : null };
    return jsonResponse(c, body, 'no-cache');
  },
);

log.get(
  LOG_KEY_PATH,
  describeRoute({
    tags: ['Mirrors'],
    summary: 'The platform key that signs the log (JWK with its fingerprint)',
    description: 'A convenience: a mirror must get the fingerprint out of band (from the operator), or it trusts this server.',
    responses: { 200: documented('The platform public key', 'PlatformKey'), 503: problemDoc('No platform key is configured') },
  }),
  async (c) => {
    const key = await registry(c.env).platformKey();
    if (!key) return logUnavailable('the platform key is not configured');
    return jsonResponse(c, key, 'public, max-age=300');
  },
);

log.get(
  ROUTES.logEntry,
  describeRoute({ tags: ['Mirrors'], summary: 'One log entry, by its sequence number', responses: { 200: documented('The entry', 'LogEntry'), 404: problemDoc('No such entry') } }),
  async (c) => {
    const seq = Number(c.req.param('seq'));
    const entry = Number.isSafeInteger(seq) && seq >= 1 ? await registry(c.env).logEntry(seq) : null;
    if (!entry) return problem({ status: 404, type: 'not-found', title: 'No such log entry', detail: `the log has no entry ${c.req.param('seq')}` });
    return jsonResponse(c, entry, IMMUTABLE);
  },
);
