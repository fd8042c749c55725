// GET /v1/datasets/{d}/{y}/versions/{n}: one version, its files with sizes, sha256 and URLs, and the
// department's signature (as manifest.json holds them).
import * as v from 'valibot';
import { ApiPathSchema, DepartmentIdSchema, VersionNumberSchema, YearSchema } from './fields.ts';
import { LogRefSchema } from './log.ts';
import { ManifestFileSchema, StoredSignatureSchema } from './manifest.ts';
import { VersionSummarySchema } from './version-summary.ts';

export const VersionFileSchema = v.strictObject({
  ...ManifestFileSchema.entries,
  href: ApiPathSchema,
});

export const VersionDocumentSchema = v.strictObject({
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  ...VersionSummarySchema.entries,
  /** The version this one corrects; null for a first publication. */
  corrects: v.nullable(VersionNumberSchema),
  /** Every file of the version, manifest.json included. */
  files: v.array(VersionFileSchema),
  signature: v.nullable(StoredSignatureSchema),
  /** The transparency log's entries for the version: its publication, and its withdrawal once withdrawn. */
  log: v.strictObject({ published: v.nullable(LogRefSchema), withdrawn: v.nullable(LogRefSchema) }),
  links: v.strictObject({ ...VersionSummarySchema.entries.links.entries, dataset: ApiPathSchema }),
});

export type VersionFile = v.InferOutput<typeof VersionFileSchema>;
export type VersionDocument = v.InferOutput<typeof VersionDocumentSchema>;
