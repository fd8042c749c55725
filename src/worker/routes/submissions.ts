import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { checkFiling } from '../../core/checks/index.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { provenanceIssues } from '../../core/model/provenance.ts';
import { registry, type AppEnv } from '../env.ts';
import { originOf } from '../http.ts';
import { problem } from '../problem.ts';
import { readSignature, verifyRequest, vetKey } from '../submission/authenticate.ts';
import { MAX_BODY_BYTES, parseJsonBody, readLimited } from '../submission/body.ts';
import { unwrap } from '../submission/envelope.ts';
import { publish, summarise } from '../submission/publish.ts';

export const submissions = new Hono<AppEnv>();

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

submissions.post(
  '/v1/submissions',
  describeRoute({
    tags: ['Submissions'],
    summary: 'Submit a signed annual filing',
    description:
      'The body is a filing (JSON), or an envelope {"format":"gongkai.submission/1","filing":…,"provenance":…,"original":{"name","mediaType":"application/pdf","sha256","base64"}} that also carries where the figures were printed (published as provenance.json) and the report PDF (published as source/report.pdf, its sha256 checked). The request must be signed with HTTP Message Signatures (RFC 9421, ed25519) covering "@method" "@target-uri" "content-type" "content-digest" with created, keyid and nonce; Content-Digest is RFC 9530 sha-256. `?dryRun=1` checks everything and returns the findings without storing. Idempotency-Key makes retries safe.',
    parameters: [
      { name: 'dryRun', in: 'query', schema: { type: 'string', enum: ['0', '1', 'true', 'false'] } },
      { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } },
      { name: 'Signature-Input', in: 'header', required: true, schema: { type: 'string' } },
      { name: 'Signature', in: 'header', required: true, schema: { type: 'string' } },
      { name: 'Content-Digest', in: 'header', required: true, schema: { type: 'string' } },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Filing' }, { $ref: '#/components/schemas/Submission' }] } } } },
    responses: {
      200: { description: 'Dry run: the findings; nothing stored' },
      201: { description: 'Published as the next version' },
      400: { description: 'Malformed JSON or Content-Digest mismatch' },
      401: { description: 'Missing or bad signature, or a replay' },
      403: { description: 'Key unknown, revoked, outside its validity, or not the department\'s' },
      409: { description: 'Same Idempotency-Key still in progress' },
      413: { description: 'Body over 2 MiB' },
      415: { description: 'Not application/json' },
      422: { description: 'The filing is invalid (every problem with its path), or an Idempotency-Key reused with another body' },
      429: { description: 'Rate limit for this key; see Retry-After' },
    },
  }),
  async (c) => {
    const now = Date.now();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      problem({ status: 415, type: 'media-type', title: 'Unsupported media type', detail: `a submission is application/json; got "${type || 'nothing'}"`, headers: { accept: 'application/json' } });
    }
    const dryRunParam = c.req.query('dryRun');
    if (dryRunParam !== undefined && !['0', '1', 'true', 'false'].includes(dryRunParam)) {
      problem({ status: 400, type: 'bad-request', title: 'Bad request', detail: 'dryRun is 1, 0, true or false' });
    }
    const dryRun = dryRunParam === '1' || dryRunParam === 'true';
    const idempotencyKey = c.req.header('idempotency-key') ?? null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      problem({ status: 400, type: 'bad-request', title: 'Bad Idempotency-Key', detail: 'Idempotency-Key is 1 to 255 visible ASCII characters' });
    }
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) await readLimited(c.req.raw); // refuses on the declared length, unread
    const sig = readSignature(c.req.raw, now);
    const reg = registry(c.env);
    const vetted = vetKey(await reg.getKey(sig.keyid), sig.keyid, now);
    const body = await readLimited(c.req.raw);
    const { signature, bodySha256 } = await verifyRequest(c.req.raw, body, sig, vetted);
    // Counted only once the signature holds: key ids are public, so forged requests must not use up a department's allowance.
    const perMinute = Number(c.env.RATE_LIMIT_PER_MINUTE ?? '600');
    const { retryAfter } = await reg.authorize(sig.keyid, now, perMinute);
    if (retryAfter !== null) {
      problem({ status: 429, type: 'rate-limited', title: 'Too many submissions', detail: `key "${sig.keyid}" may make ${perMinute} submissions a minute`, headers: { 'retry-after': String(retryAfter) } });
    }
    const received = await unwrap(parseJsonBody(body));
    const parsed = parseFiling(received.filing);
    if (!parsed.ok) {
      const issues = parsed.issues.map((i) => ({ ...i, path: received.filingPath + i.path }));
      problem({
        status: 422, type: 'invalid-filing', title: 'Invalid filing',
        detail: `${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.slice(0, 3).map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}${issues.length > 3 ? '; …' : ''}`,
        extra: { errors: issues },
      });
    }
    const { filing } = parsed;
    const misfits = received.provenance ? provenanceIssues(received.provenance, filing) : [];
    if (misfits.length) {
      problem({
        status: 422, type: 'invalid-submission', title: 'Invalid submission',
        detail: `the provenance does not fit the filing: ${misfits.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}${misfits.length > 3 ? '; …' : ''}`,
        extra: { errors: misfits },
      });
    }
    if (filing.department.id !== vetted.departmentId) {
      problem({ status: 403, type: 'key-refused', title: 'Key not allowed', detail: `key "${vetted.keyId}" signs for ${vetted.departmentId}, not for ${filing.department.id}` });
    }
    const report = checkFiling(filing, received.provenance ? { provenance: received.provenance } : {});
    if (dryRun) {
      return c.json({ dryRun: true, departmentId: filing.department.id, year: filing.year, summary: summarise(report), findings: report.findings, rules: report.rules }, 200, { 'cache-control': 'no-store' });
    }
    const result = await publish(c.env, {
      filing, body, bodySha256, signature, nonce: sig.nonce, idempotencyKey, report,
      ...(received.provenance ? { provenance: received.provenance } : {}), ...(received.original ? { original: received.original } : {}),
    }, originOf(c));
    const receipt = JSON.parse(result.body) as { links: { self: string } };
    return new Response(result.body, {
      status: result.status,
      headers: {
        'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', location: receipt.links.self,
        ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
    });
  },
);
