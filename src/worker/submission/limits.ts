// The upload route's first steps: the media type, the query and headers it takes, and the body limit.
import { createMiddleware } from 'hono/factory';
import { problem } from '../problem.ts';
import { MAX_BODY_BYTES, readLimited } from './body.ts';
import type { SubmissionEnv } from './context.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** application/json only; dryRun and Idempotency-Key well formed. Before anything is read. */
export const submissionRequest = createMiddleware<SubmissionEnv>(async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    problem({ status: 415, type: 'media-type', title: 'Unsupported media type', detail: `a submission is application/json; got "${type || 'nothing'}"`, headers: { accept: 'application/json' } });
  }
  const dryRun = c.req.query('dryRun');
  if (dryRun !== undefined && !['0', '1', 'true', 'false'].includes(dryRun)) {
    problem({ status: 400, type: 'bad-request', title: 'Bad request', detail: 'dryRun is 1, 0, true or false' });
  }
  c.set('dryRun', dryRun === '1' || dryRun === 'true');
  const idempotencyKey = c.req.header('idempotency-key') ?? null;
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    problem({ status: 400, type: 'bad-request', title: 'Bad Idempotency-Key', detail: 'Idempotency-Key is 1 to 255 visible ASCII characters' });
  }
  c.set('idempotencyKey', idempotencyKey);
  await next();
});

/** The body, at most `max` bytes: a declared length over it is refused unread, a stream that runs over is cut. */
export function bodyLimit(max = MAX_BODY_BYTES) {
  return createMiddleware<SubmissionEnv>(async (c, next) => {
    c.set('body', await readLimited(c.req.raw, max));
    await next();
  });
}
