// GET /v1/catalog.jsonld: a page of the catalog as DCAT-AP 3 JSON-LD (compacted with the prefixes in
// @context), paged with a hydra:PagedCollection node as ckanext-dcat reads it.
import * as v from 'valibot';
import { AbsoluteUrlSchema } from './fields.ts';

const Ref = v.strictObject({ '@id': v.string() });
const Zh = v.strictObject({ '@value': v.string(), '@language': v.literal('zh') });
const Typed = v.strictObject({ '@value': v.string(), '@type': v.string() });

export const DcatDistributionSchema = v.strictObject({
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('dcat:Distribution'),
  'dct:title': Zh,
  'dcat:accessURL': Ref,
  /** Absent on a withdrawn dataset's distributions. */
  'dcat:downloadURL': v.optional(Ref),
  'dcat:mediaType': Ref,
  'dct:format': Ref,
  'dcat:byteSize': Typed,
  'spdx:checksum': v.strictObject({ '@type': v.literal('spdx:Checksum'), 'spdx:algorithm': Ref, 'spdx:checksumValue': Typed }),
  'adms:status': Ref,
  /** The rights statement, given once on the catalog node. */
  'dct:rights': Ref,
  'dct:conformsTo': v.optional(Ref),
});

export const DcatDatasetSchema = v.strictObject({
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('dcat:Dataset'),
  'dct:identifier': v.string(),
  'dct:title': Zh,
  'dct:description': Zh,
  'dct:publisher': v.strictObject({ '@type': v.literal('foaf:Agent'), 'foaf:name': Zh, 'dct:identifier': v.string() }),
  'dct:issued': Typed,
  'dct:modified': Typed,
  'dct:spatial': v.strictObject({ '@type': v.literal('dct:Location'), 'dct:identifier': v.string(), 'skos:prefLabel': Zh }),
  'dct:temporal': v.strictObject({ '@type': v.literal('dct:PeriodOfTime'), 'dcat:startDate': Typed, 'dcat:endDate': Typed }),
  'dct:language': Ref,
  'dct:accessRights': Ref,
  'dcat:keyword': v.array(Zh),
  'dcat:version': v.string(),
  /** The department's dcat:DatasetSeries (its years). */
  'dcat:inSeries': Ref,
  'dcat:distribution': v.array(DcatDistributionSchema),
});

/** A department's years as one series (DCAT-AP 3 dcat:DatasetSeries); the span only in the department's own catalog. */
export const DcatDatasetSeriesSchema = v.strictObject({
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('dcat:DatasetSeries'),
  'dct:identifier': v.string(),
  'dct:title': Zh,
  'dct:description': Zh,
  'dct:publisher': v.strictObject({ '@type': v.literal('foaf:Agent'), 'foaf:name': Zh, 'dct:identifier': v.string() }),
  'dct:spatial': v.strictObject({ '@type': v.literal('dct:Location'), 'dct:identifier': v.string(), 'skos:prefLabel': Zh }),
  'dct:issued': v.optional(Typed),
  'dct:modified': v.optional(Typed),
  'dct:temporal': v.optional(v.strictObject({ '@type': v.literal('dct:PeriodOfTime'), 'dcat:startDate': Typed, 'dcat:endDate': Typed })),
  /** The first and the last year's dataset. */
  'dcat:first': v.optional(Ref),
  'dcat:last': v.optional(Ref),
});

export const DcatCatalogNodeSchema = v.strictObject({
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('dcat:Catalog'),
  'dct:title': Zh,
  'dct:description': Zh,
  'dct:publisher': v.strictObject({ '@type': v.literal('foaf:Agent'), 'foaf:name': Zh }),
  'foaf:homepage': Ref,
  /** The coverage ledger's page: who was expected to publish, who has and who has not. */
  'foaf:page': Ref,
  /** The rights statement every distribution refers to. */
  'dct:rights': v.strictObject({ '@id': AbsoluteUrlSchema, '@type': v.literal('dct:RightsStatement'), 'dct:description': Zh }),
  'dct:language': Ref,
  'dct:conformsTo': Ref,
  /** The newest modification among the page's datasets; absent on an empty page. */
  'dct:modified': v.optional(Typed),
  /** The page's datasets, then the series of their departments. */
  'dcat:dataset': v.array(v.union([DcatDatasetSchema, DcatDatasetSeriesSchema])),
});

const PageLink = v.optional(AbsoluteUrlSchema);

export const HydraPagingSchema = v.strictObject({
  '@id': AbsoluteUrlSchema,
  '@type': v.literal('hydra:PagedCollection'),
  'hydra:totalItems': Typed,
  'hydra:itemsPerPage': Typed,
  'hydra:first': PageLink,
  'hydra:firstPage': PageLink,
  'hydra:last': PageLink,
  'hydra:lastPage': PageLink,
  'hydra:next': PageLink,
  'hydra:nextPage': PageLink,
  'hydra:previous': PageLink,
  'hydra:previousPage': PageLink,
});

export const DcatCatalogSchema = v.strictObject({
  '@context': v.record(v.string(), v.string()),
  '@graph': v.tuple([DcatCatalogNodeSchema, HydraPagingSchema]),
});

export type DcatCatalog = v.InferOutput<typeof DcatCatalogSchema>;
export type DcatDataset = v.InferOutput<typeof DcatDatasetSchema>;
export type DcatDatasetSeries = v.InferOutput<typeof DcatDatasetSeriesSchema>;
export type DcatDistribution = v.InferOutput<typeof DcatDistributionSchema>;
export type HydraPaging = v.InferOutput<typeof HydraPagingSchema>;
