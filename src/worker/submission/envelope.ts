// The submission body's parts (core/model/envelope.ts): the whole body is what the department signed, so all
// of it is covered; a part that does not fit (the PDF's digest among them) is a 422 before anything is stored.
import { unwrapSubmission, type Unwrapped } from '../../core/model/envelope.ts';
import { problem } from '../problem.ts';

export type { Unwrapped };

export async function unwrap(body: unknown): Promise<Unwrapped> {
  const r = await unwrapSubmission(body);
  if (r.ok) return r.value;
  return problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: r.issues.slice(0, 3).map((e) => `${e.path || '/'}: ${e.message}`).join('; '), extra: { errors: r.issues } });
}
