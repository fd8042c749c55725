// Admission as middleware: one call to the sequencer once the signature holds (forged requests never
// use up a department's allowance). It applies the rate limit, refuses a replayed nonce, answers a
// completed Idempotency-Key from its record, and marks a new one pending; if the request then fails,
// the mark is freed so that a retry is not kept waiting.
import { createMiddleware } from 'hono/factory';
import { registry } from '../env.ts';
import { problem } from '../problem.ts';
import { idempotencyMismatch, receiptResponse } from './answers.ts';
import type { SubmissionEnv } from './context.ts';

export const admitted = createMiddleware<SubmissionEnv>(async (c, next) => {
  const { key, nonce, bodySha256 } = c.get('signed');
  const dryRun = c.get('dryRun');
  const idempotencyKey = c.get('idempotencyKey');
  const perMinute = rateLimit(c.env.RATE_LIMIT_PER_MINUTE);
  const reg = registry(c.env);
  let ticket: number | null = null;
  const a = await reg.admit({ keyId: key.keyId, x: key.x, nonce, idempotencyKey, requestSha256: bodySha256, now: Date.now(), perMinute, dryRun });
  switch (a.kind) {
    case 'key-refused':
      return problem({ status: 403, type: 'key-refused', title: 'Key not allowed', detail: a.detail });
    case 'rate-limited':
      return problem({ status: 429, type: 'rate-limited', title: 'Too many submissions', detail: `key "${key.keyId}" may make ${perMinute} submissions a minute`, headers: { 'retry-after': String(a.retryAfter) } });
    case 'replayed-nonce':
      return problem({ status: 401, type: 'replay', title: 'Replayed request', detail: `nonce "${nonce}" was already used: each signed request needs a fresh nonce`, headers: { 'www-authenticate': 'Signature' } });
    case 'idempotency-mismatch':
      return idempotencyMismatch(idempotencyKey);
    case 'in-progress':
      return problem({ status: 409, type: 'in-progress', title: 'Request in progress', detail: `a request with Idempotency-Key "${idempotencyKey}" is still being processed; retry shortly`, headers: { 'retry-after': '1' } });
    case 'idempotent':
      return receiptResponse(a.status, a.body, true);
    case 'admitted':
      // The key as the sequencer holds it, not the isolate's cached copy: what the handler checks the department against.
      c.set('signed', { ...c.get('signed'), key: a.key });
      ticket = a.ticket;
      break;
  }
  await next();
  if (c.error && !dryRun) await reg.abandon(key.keyId, idempotencyKey, ticket).catch(() => undefined);
});

/** The per-minute allowance as configured; a value that is not a positive whole number is the default, never "unlimited". */
function rateLimit(configured: string | undefined): number {
  return configured !== undefined && /^[1-9]\d{0,6}$/.test(configured) ? Number(configured) : 600;
}
