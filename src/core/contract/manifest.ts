// A version's manifest (manifest.json): every file with its size and sha256, and the department's
// signature over the submission, so that a mirror can verify both integrity and authorship offline.
import * as v from 'valibot';
import { SUBMISSION_PATH } from './files.ts';

export const MANIFEST_FORMAT = 'gongkai.manifest/1';

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const ManifestFileSchema = v.object({
  path: v.pipe(v.string(), v.regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/)),
  mediaType: v.string(),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sha256: Sha256,
});

export const StoredSignatureSchema = v.object({
  algorithm: v.literal('ed25519'),
  keyId: v.string(),
  label: v.string(),
  /** The Signature-Input and Signature headers as received (RFC 9421). */
  signatureInput: v.string(),
  signature: v.string(),
  /** The covered components' values as received, to rebuild the signature base. */
  components: v.record(v.string(), v.string()),
  /** The file whose bytes the Content-Digest covers. */
  signedFile: v.literal(SUBMISSION_PATH),
});

export const ManifestSchema = v.object({
  format: v.literal(MANIFEST_FORMAT),
  departmentId: v.string(),
  year: v.number(),
  version: v.number(),
  publishedAt: v.string(),
  corrects: v.optional(v.number()),
  filingSha256: Sha256,
  files: v.array(ManifestFileSchema),
  signature: StoredSignatureSchema,
});

export type ManifestFile = v.InferOutput<typeof ManifestFileSchema>;
export type StoredSignature = v.InferOutput<typeof StoredSignatureSchema>;
export type Manifest = v.InferOutput<typeof ManifestSchema>;

/** Deterministic serialisation: the manifest's sha256 is what the change feed announces. */
export function serializeManifest(m: Manifest): string {
  return JSON.stringify({ ...m, files: [...m.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) }, null, 2) + '\n';
}

export function parseManifest(text: string): Manifest | null {
  try {
    const r = v.safeParse(ManifestSchema, JSON.parse(text));
    return r.success ? r.output : null;
  } catch {
    return null;
  }
}
