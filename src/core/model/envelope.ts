// A submission body is a filing, or an envelope that carries the filing with where its figures were printed
// and the report PDF itself. Read the same way by the Worker (before anything is stored) and by whoever
// re-derives a published version from its signed submission.json (core/version/reproduce.ts).
import * as v from 'valibot';
import { fromBase64 } from '../bytes.ts';
import { sha256Hex } from '../hash.ts';
import type { InputIssue } from './issue.ts';
import { pointer } from './issue.ts';
import type { Provenance } from './provenance.ts';
import { SUBMISSION_FORMAT, SubmissionSchema } from './submission.ts';

export interface Unwrapped {
  /** The filing, not yet validated. */
  filing: unknown;
  /** Where the filing's issues are, in the body: "" for a bare filing, "/filing" in an envelope. */
  filingPath: string;
  provenance?: Provenance;
  original?: { bytes: Uint8Array<ArrayBuffer>; sha256: string; name: string };
}

/** The body's parts, the PDF's digest checked; or every problem with its place. */
export async function unwrapSubmission(body: unknown): Promise<{ ok: true; value: Unwrapped } | { ok: false; issues: InputIssue[] }> {
  if (typeof body !== 'object' || body === null || (body as { format?: unknown }).format !== SUBMISSION_FORMAT) return { ok: true, value: { filing: body, filingPath: '' } };
  const parsed = v.safeParse(SubmissionSchema, body, { abortPipeEarly: true });
  if (!parsed.success) {
    return { ok: false, issues: parsed.issues.map((i) => ({ path: pointer((i.path ?? []).map((p) => (p as { key: string | number }).key)), message: i.message })) };
  }
  const fail = (path: string, message: string) => ({ ok: false as const, issues: [{ path, message }] });
  const { filing, provenance, original } = parsed.output;
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (original) {
    try {
      bytes = fromBase64(original.base64);
    } catch {
      return fail('/original/base64', 'not base64');
    }
    const digest = await sha256Hex(bytes);
    if (digest !== original.sha256) return fail('/original/sha256', `the PDF's bytes have sha256 ${digest}, not ${original.sha256}`);
    if (!bytes.subarray(0, 5).every((b, i) => b === '%PDF-'.charCodeAt(i))) return fail('/original/base64', 'the bytes are not a PDF (no %PDF- header)');
  }
  if (provenance && original && provenance.source.sha256 !== original.sha256) {
    return fail('/provenance/source/sha256', `the provenance names the PDF ${provenance.source.sha256}; the submission carries ${original.sha256}`);
  }
  return { ok: true, value: { filing, filingPath: '/filing', ...(provenance ? { provenance } : {}), ...(original ? { original: { bytes: bytes!, sha256: original.sha256, name: original.name } } : {}) } };
}
