// Reading a response document against its schema, with every mismatch named by its place in the
// document (versions.0.sha256: …) and the document's URL: what a client says when a server answers
// something that is not the contract.
import * as v from 'valibot';
import { lenient } from './lenient.ts';

/** "versions.0.sha256: Invalid format: Expected /^[0-9a-f]{64}$/ but received \"x\"", one line an issue. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], max = 5): string {
  const lines = issues.slice(0, max).map((i) => `${v.getDotPath(i) ?? '(the document)'}: ${i.message}`);
  if (issues.length > max) lines.push(`… and ${issues.length - max} more`);
  return lines.join('; ');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The document as a client reads it, or why it is not one (`where` names it: a URL, a file). Members
 * the schema does not declare are ignored and left out of the value (a later server may add one, a
 * compatible change: see lenient.ts); a missing or mistyped member is refused with its place.
 */
export function parseDocument<S extends v.GenericSchema>(schema: S, doc: unknown, where: string): Parsed<v.InferOutput<S>> {
  const r = v.safeParse(lenient(schema), doc);
  if (r.success) return { ok: true, value: r.output };
  return { ok: false, problem: `${where} does not match the API's schema: ${describeIssues(r.issues)}` };
}
