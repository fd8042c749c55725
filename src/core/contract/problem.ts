// Every error the API answers: RFC 9457 problem details (application/problem+json). Members beyond
// these are allowed (errors, reason…), as the RFC allows.
import * as v from 'valibot';

export const ProblemSchema = v.looseObject({
  /** /docs#problem-{slug}, or about:blank. */
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  detail: v.string(),
  /** The path the problem was answered for. */
  instance: v.string(),
  /** Every problem with its place, where a request part was invalid. */
  errors: v.optional(v.array(v.looseObject({ path: v.string(), message: v.string() }))),
});

export type ProblemDocument = v.InferOutput<typeof ProblemSchema>;
