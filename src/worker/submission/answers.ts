// The answers a submission gets besides problems: its receipt (first time or replayed), and the refusal
// of an Idempotency-Key reused with another body.
import * as v from 'valibot';
import { ReceiptSchema } from '../../core/contract/receipt.ts';
import { problem } from '../problem.ts';

export function idempotencyMismatch(key: string | null): never {
  return problem({ status: 422, type: 'idempotency-mismatch', title: 'Idempotency-Key reused', detail: `Idempotency-Key "${key}" was used before with a different body` });
}

/** A receipt as stored, answered again. */
export function receiptResponse(status: number, body: string, replayed: boolean): Response {
  const receipt = v.safeParse(ReceiptSchema, JSON.parse(body));
  const self = receipt.success ? receipt.output.links.self : undefined;
  return new Response(body, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(self ? { location: self } : {}),
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  });
}
