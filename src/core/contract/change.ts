// One entry of the change feed: a publication, a correction or a withdrawal (a tombstone to apply).
import * as v from 'valibot';
import { ApiPathSchema, DepartmentIdSchema, IsoTimeSchema, Sha256Schema, VersionNumberSchema, YearSchema } from './fields.ts';

export const ChangeKindSchema = v.picklist(['published', 'corrected', 'withdrawn']);

export const ChangeSchema = v.strictObject({
  /** Strictly increasing along the feed. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** {departmentId}/{year} */
  dataset: v.string(),
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  version: VersionNumberSchema,
  kind: ChangeKindSchema,
  at: IsoTimeSchema,
  /** The sha256 of the version's manifest.json: what a mirror checks the manifest it fetches against. */
  manifestSha256: Sha256Schema,
  /** A withdrawal's reason. */
  reason: v.optional(v.string()),
  links: v.strictObject({ version: ApiPathSchema, manifest: ApiPathSchema }),
});

export type ChangeKind = v.InferOutput<typeof ChangeKindSchema>;
export type Change = v.InferOutput<typeof ChangeSchema>;
