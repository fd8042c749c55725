// GET /v1/datasets: a page of the catalog, with the link to the next page (null on the last), the number
// of datasets the query matches and their facets. total, sort and facets are in every answer of the API;
// they are optional so that a static copy of a page (a mirror's) may leave them out.
import * as v from 'valibot';
import { DatasetItemSchema } from './dataset-item.ts';
import { ApiPathSchema, YearSchema } from './fields.ts';

/** The orders of the catalog: by department id (the default), department name, year, or time of the last change; "-" descends. */
export const CATALOG_SORTS = ['department', 'name', 'year', '-year', 'modified', '-modified'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

/** A dataset's worst finding in its latest version: "none" when it has none. */
export const SEVERITIES = ['error', 'warning', 'info', 'none'] as const;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const CatalogFacetsSchema = v.strictObject({
  /** By region code one level below the query's `region`: provinces (2 digits) without one, cities (4) under a province, counties (6) under a city. */
  region: v.array(v.strictObject({ value: v.pipe(v.string(), v.regex(/^\d{2}(\d{2}){0,2}$/)), count: Count })),
  /** By year, latest first. */
  year: v.array(v.strictObject({ value: YearSchema, count: Count })),
  /** By template id, the most used first. */
  template: v.array(v.strictObject({ value: v.string(), count: Count })),
  /** By the latest version's worst finding. */
  findings: v.strictObject({ error: Count, warning: Count, info: Count, none: Count }),
});

export const CatalogPageSchema = v.strictObject({
  items: v.array(DatasetItemSchema),
  /** How many datasets the query's filters match, on every page. */
  total: v.optional(Count),
  /** The order of the items. */
  sort: v.optional(v.picklist(CATALOG_SORTS)),
  /** Counts of the datasets the query's filters match, by region, year, template and worst finding. */
  facets: v.optional(CatalogFacetsSchema),
  links: v.strictObject({ self: ApiPathSchema, next: v.nullable(ApiPathSchema) }),
});

export type CatalogFacets = v.InferOutput<typeof CatalogFacetsSchema>;
export type CatalogPage = v.InferOutput<typeof CatalogPageSchema>;
