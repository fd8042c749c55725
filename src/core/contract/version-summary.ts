// One version as a dataset document lists it (and the head of the version document).
import * as v from 'valibot';
import { SummarySchema } from '../checks/finding.ts';
import { ApiPathSchema, IsoTimeSchema, Sha256Schema, StatusSchema, VersionNumberSchema } from './fields.ts';

export const VersionSummarySchema = v.strictObject({
  version: VersionNumberSchema,
  publishedAt: IsoTimeSchema,
  status: StatusSchema,
  /** Only on a withdrawn version. */
  withdrawnAt: v.optional(IsoTimeSchema),
  withdrawnReason: v.optional(v.string()),
  /** The sha256 of the version's manifest.json, as the change feed announced it. */
  sha256: Sha256Schema,
  filingSha256: Sha256Schema,
  keyId: v.string(),
  findings: SummarySchema,
  links: v.strictObject({ self: ApiPathSchema, manifest: ApiPathSchema }),
});

export type VersionSummary = v.InferOutput<typeof VersionSummarySchema>;
