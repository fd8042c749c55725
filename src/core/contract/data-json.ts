// Project Open Data Metadata Schema 1.1: GET /v1/departments/{id}/data.json is one department's catalog (a
// whole POD document); GET /data.json the index of them (contract 2: until then it was the whole catalog).
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

export const DATA_JSON_INDEX_FORMAT = 'gongkai.data-json-index/1';

export const DataJsonIndexEntrySchema = v.strictObject({
  departmentId: v.string(),
  /** The department's name, as its latest dataset gives it. */
  publisher: v.string(),
  regionCode: v.string(),
  /** The years it has published, ascending. */
  years: v.array(v.pipe(v.number(), v.integer())),
  /** The newest change among its datasets. */
  modified: IsoTimeSchema,
  /** Its Project Open Data 1.1 catalog: one harvest source. */
  dataJson: AbsoluteUrlSchema,
  /** Its DCAT-AP 3 catalog, with the dcat:DatasetSeries of its years. */
  dcat: AbsoluteUrlSchema,
});

export const DataJsonIndexSchema = v.strictObject({
  format: v.literal(DATA_JSON_INDEX_FORMAT),
  '@id': AbsoluteUrlSchema,
  /** What every listed data.json follows. */
  conformsTo: AbsoluteUrlSchema,
  description: v.string(),
  /** The region prefix the index is limited to, if any. */
  region: v.nullable(v.string()),
  catalogs: v.array(DataJsonIndexEntrySchema),
  /** The next page, absent on the last. */
  next: v.nullable(AbsoluteUrlSchema),
});

export type DataJsonIndex = v.InferOutput<typeof DataJsonIndexSchema>;
