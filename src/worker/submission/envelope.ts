// A submission body is a filing, or an envelope that carries the filing with where its figures were printed
// and the report PDF itself. The whole body is what the department signed, so all of it is covered; the
// PDF's digest is checked here, before anything is stored.
import * as v from 'valibot';
import type { Provenance } from '../../core/model/provenance.ts';
import { SUBMISSION_FORMAT, SubmissionSchema } from '../../core/model/submission.ts';
import { pointer } from '../../core/model/issue.ts';
import { sha256Hex } from '../../core/hash.ts';
import { problem } from '../problem.ts';

export interface Unwrapped {
  /** The filing, not yet validated. */
  filing: unknown;
  /** Where the filing's issues are, in the body: "" for a bare filing, "/filing" in an envelope. */
  filingPath: string;
  provenance?: Provenance;
  original?: { bytes: Uint8Array<ArrayBuffer>; sha256: string; name: string };
}

export async function unwrap(body: unknown): Promise<Unwrapped> {
  if (typeof body !== 'object' || body === null || (body as { format?: unknown }).format !== SUBMISSION_FORMAT) return { filing: body, filingPath: '' };
  const parsed = v.safeParse(SubmissionSchema, body, { abortPipeEarly: true });
  if (!parsed.success) {
    const errors = parsed.issues.map((i) => ({ path: pointer((i.path ?? []).map((p) => (p as { key: string | number }).key)), message: i.message }));
    problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: errors.slice(0, 3).map((e) => `${e.path || '/'}: ${e.message}`).join('; '), extra: { errors } });
  }
  const { filing, provenance, original } = parsed.output;
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (original) {
    try {
      bytes = Uint8Array.from(atob(original.base64), (c) => c.charCodeAt(0)) as Uint8Array<ArrayBuffer>;
    } catch {
      problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: '/original/base64: not base64' });
    }
    const digest = await sha256Hex(bytes!);
    if (digest !== original.sha256) {
      problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: `/original/sha256: the PDF's bytes have sha256 ${digest}, not ${original.sha256}` });
    }
    if (!bytes!.subarray(0, 5).every((b, i) => b === '%PDF-'.charCodeAt(i))) {
      problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: '/original/base64: the bytes are not a PDF (no %PDF- header)' });
    }
  }
  if (provenance && original && provenance.source.sha256 !== original.sha256) {
    problem({ status: 422, type: 'invalid-submission', title: 'Invalid submission', detail: `/provenance/source/sha256: the provenance names the PDF ${provenance.source.sha256}; the submission carries ${original.sha256}` });
  }
  return { filing, filingPath: '/filing', ...(provenance ? { provenance } : {}), ...(original ? { original: { bytes: bytes!, sha256: original.sha256, name: original.name } } : {}) };
}
