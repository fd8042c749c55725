import * as v from 'valibot';
import { conformanceIssues } from './conformance.ts';
import { FilingSchema, type Filing } from './filing.ts';
import { pointer, type InputIssue } from './issue.ts';

export type ParseResult = { ok: true; filing: Filing } | { ok: false; issues: InputIssue[] };

/** Filings this module produced: already in canonical form, so rendering need not validate them again. */
const canonical = new WeakSet<Filing>();

/** Whether a filing is the untouched output of parseFiling (a 100 KB filing takes milliseconds to validate). */
export function isParsed(filing: Filing): boolean {
  return canonical.has(filing);
}

/** Validate an untrusted value as a filing: structure first, then conformance to its template. Never throws. */
export function parseFiling(input: unknown): ParseResult {
  const result = v.safeParse(FilingSchema, input, { abortEarly: false, abortPipeEarly: true });
  if (!result.success) return { ok: false, issues: result.issues.map(toInputIssue) };
  const issues = conformanceIssues(result.output);
  if (issues.length) return { ok: false, issues };
  canonical.add(result.output);
  return { ok: true, filing: result.output };
}

function toInputIssue(issue: v.BaseIssue<unknown>): InputIssue {
  const segments = (issue.path ?? []).map((p) => (p as { key: unknown }).key as string | number);
  // valibot says "Expected never" for a key a strict object does not know: say it in plain words.
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return { path: pointer(segments), message: `unknown field ${issue.received}; the filing format (gongkai.filing/1) has no such field` };
  }
  return { path: pointer(segments), message: issue.message };
}
