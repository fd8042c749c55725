import * as v from 'valibot';
import { NameSchema } from './key.ts';
import { ProvenanceSchema } from './provenance.ts';

export const SUBMISSION_FORMAT = 'gongkai.submission/1';

/** The department's own document (its report PDF), carried whole and covered by the signature with the rest. */
export const OriginalSchema = v.strictObject({
  name: v.pipe(NameSchema, v.regex(/^[^/\\\u0000-\u001f]+\.[pP][dD][fF]$/, 'the original is a .pdf file name without a path')),
  mediaType: v.literal('application/pdf', 'the original is application/pdf'),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits')),
  /** The bytes, base64 (RFC 4648 §4). */
  base64: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 (RFC 4648 §4) without line breaks')),
});

/**
 * A submission that carries more than the filing: where its figures were printed, and the PDF they were
 * read from. A bare filing is a submission too (the filing alone).
 */
export const SubmissionSchema = v.strictObject({
  format: v.literal(SUBMISSION_FORMAT),
  filing: v.unknown(),
  provenance: v.optional(ProvenanceSchema),
  original: v.optional(OriginalSchema),
});

export type Original = v.InferOutput<typeof OriginalSchema>;
export type SubmissionEnvelope = v.InferOutput<typeof SubmissionSchema>;
