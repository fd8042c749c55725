import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { checkFiling } from '../../core/checks/index.ts';
import type { DryRun } from '../../core/contract/dry-run.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { provenanceIssues } from '../../core/model/provenance.ts';
import { originOf } from '../http.ts';
import { problem } from '../problem.ts';
import { admitted } from '../submission/admitted.ts';
import { parseJsonBody } from '../submission/body.ts';
import type { SubmissionEnv } from '../submission/context.ts';
import { unwrap } from '../submission/envelope.ts';
import { bodyLimit, submissionRequest } from '../submission/limits.ts';
import { publish } from '../submission/publish.ts';
import { findingsSummary } from '../../core/ledger/records.ts';
import { signer, verified } from '../submission/signed.ts';
import { documented } from './schemas.ts';

export const submissions = new Hono<SubmissionEnv>();

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
      200: documented('Dry run: the findings; nothing stored', 'DryRun'),
      201: documented('Published as the next version', 'Receipt'),
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
  submissionRequest,
  signer,
  bodyLimit(),
  verified,
  admitted,
  async (c) => {
    const { signed, dryRun } = c.var;
    const received = await unwrap(parseJsonBody(c.var.body));
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
    if (filing.department.id !== signed.key.departmentId) {
      problem({ status: 403, type: 'key-refused', title: 'Key not allowed', detail: `key "${signed.key.keyId}" signs for ${signed.key.departmentId}, not for ${filing.department.id}` });
    }
    const report = checkFiling(filing, received.provenance ? { provenance: received.provenance } : {});
    if (dryRun) {
      const answer: DryRun = { dryRun: true, departmentId: filing.department.id, year: filing.year, summary: findingsSummary(report), findings: report.findings, rules: report.rules };
      return c.json(answer, 200, { 'cache-control': 'no-store' });
    }
    return publish(c.env, {
      filing, body: c.var.body, signed, idempotencyKey: c.var.idempotencyKey, report,
      ...(received.provenance ? { provenance: received.provenance } : {}), ...(received.original ? { original: received.original } : {}),
    }, originOf(c));
  },
);
