// GET /v1/datasets/{departmentId}/{year}: the dataset as the catalog lists it, with every version.
import * as v from 'valibot';
import { DatasetItemSchema } from './dataset-item.ts';
import { VersionSummarySchema } from './version-summary.ts';

export const DatasetSchema = v.strictObject({
  ...DatasetItemSchema.entries,
  versions: v.array(VersionSummarySchema),
});

export type Dataset = v.InferOutput<typeof DatasetSchema>;
