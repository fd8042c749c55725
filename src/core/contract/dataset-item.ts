// A dataset (one department's final accounts for one year) as the catalog lists it: GET /v1/datasets's
// items, and the head of GET /v1/datasets/{d}/{y}.
import * as v from 'valibot';
import { SummarySchema } from '../checks/finding.ts';
import { ApiPathSchema, DepartmentIdSchema, IsoTimeSchema, StatusSchema, VersionNumberSchema, YearSchema } from './fields.ts';

export const DatasetLinksSchema = v.strictObject({
  self: ApiPathSchema,
  /** The latest version's immutable URL. */
  latest: ApiPathSchema,
  /** …/versions/latest, which redirects to `latest`. */
  latestAlias: ApiPathSchema,
  filing: ApiPathSchema,
  datapackage: ApiPathSchema,
});

export const DatasetItemSchema = v.strictObject({
  /** {departmentId}/{year} */
  id: v.string(),
  departmentId: DepartmentIdSchema,
  departmentName: v.string(),
  /** The 6-digit 行政区划代码. */
  regionCode: v.string(),
  year: YearSchema,
  template: v.string(),
  status: StatusSchema,
  latestVersion: VersionNumberSchema,
  firstPublishedAt: IsoTimeSchema,
  modifiedAt: IsoTimeSchema,
  /** The latest version's findings, counted. */
  findings: SummarySchema,
  links: DatasetLinksSchema,
});

export type DatasetLinks = v.InferOutput<typeof DatasetLinksSchema>;
export type DatasetItem = v.InferOutput<typeof DatasetItemSchema>;
