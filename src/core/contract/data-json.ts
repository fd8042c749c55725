// GET /data.json: the catalog as Project Open Data Metadata Schema 1.1 (one document, not paged).
import * as v from 'valibot';
import { AbsoluteUrlSchema, IsoTimeSchema } from './fields.ts';

export const PodDistributionSchema = v.strictObject({
  '@type': v.literal('dcat:Distribution'),
  title: v.string(),
  format: v.string(),
  mediaType: v.string(),
  downloadURL: AbsoluteUrlSchema,
  describedBy: v.optional(AbsoluteUrlSchema),
  describedByType: v.optional(v.string()),
  conformsTo: v.optional(AbsoluteUrlSchema),
});

export const PodDatasetSchema = v.strictObject({
  '@type': v.literal('dcat:Dataset'),
  identifier: AbsoluteUrlSchema,
  title: v.string(),
  description: v.string(),
  keyword: v.array(v.string()),
  issued: IsoTimeSchema,
  modified: IsoTimeSchema,
  publisher: v.strictObject({ '@type': v.literal('org:Organization'), name: v.string() }),
  contactPoint: v.strictObject({ '@type': v.literal('vcard:Contact'), fn: v.string() }),
  accessLevel: v.literal('public'),
  rights: v.string(),
  spatial: v.string(),
  /** {year}-01-01/{year}-12-31 */
  temporal: v.pipe(v.string(), v.regex(/^\d{4}-01-01\/\d{4}-12-31$/)),
  language: v.array(v.string()),
  /** Empty for a withdrawn dataset. */
  distribution: v.array(PodDistributionSchema),
});

export const DataJsonSchema = v.strictObject({
  '@context': AbsoluteUrlSchema,
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('dcat:Catalog'),
  conformsTo: AbsoluteUrlSchema,
  describedBy: AbsoluteUrlSchema,
  dataset: v.array(PodDatasetSchema),
});

export type PodDistribution = v.InferOutput<typeof PodDistributionSchema>;
export type PodDataset = v.InferOutput<typeof PodDatasetSchema>;
export type DataJson = v.InferOutput<typeof DataJsonSchema>;
