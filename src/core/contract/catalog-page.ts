// GET /v1/datasets: a page of the catalog, with the link to the next page (null on the last).
import * as v from 'valibot';
import { DatasetItemSchema } from './dataset-item.ts';
import { ApiPathSchema } from './fields.ts';

export const CatalogPageSchema = v.strictObject({
  items: v.array(DatasetItemSchema),
  links: v.strictObject({ self: ApiPathSchema, next: v.nullable(ApiPathSchema) }),
});

export type CatalogPage = v.InferOutput<typeof CatalogPageSchema>;
