// Every JSON document the API answers, by the name its schema has in the OpenAPI document
// (#/components/schemas/{name}), with a title and what it is. The Worker generates the JSON Schemas from
// these (also served at /schemas/{schemaNameOf(name)}.json), and its routes' responses refer to them by name.
import * as v from 'valibot';
import { BulkIndexSchema, BulkYearSchema } from './bulk.ts';
import { CatalogPageSchema } from './catalog-page.ts';
import { ChangesPageSchema } from './changes-page.ts';
import { CoverageSchema, DeadlinesSchema, DepartmentRegistrySchema } from './coverage.ts';
import { DataJsonIndexSchema, DataJsonSchema } from './data-json.ts';
import { DatasetSchema } from './dataset.ts';
import { DcatCatalogSchema } from './dcat-catalog.ts';
import { DryRunSchema } from './dry-run.ts';
import { AggregateSchema, DepartmentsPageSchema, FactsPageSchema, RegionsSchema, SeriesSchema } from './facts.ts';
import { KeySetSchema } from './key-set.ts';
import { LogEntrySchema, LogPageSchema, PlatformKeySchema } from './log.ts';
import { ProblemSchema } from './problem.ts';
import { PublicKeySchema } from './public-key.ts';
import { ReceiptSchema } from './receipt.ts';
import { VersionDocumentSchema } from './version.ts';
import { WithdrawalSchema } from './withdrawal.ts';

export interface ResponseDocument {
  schema: v.GenericSchema;
  title: string;
  description: string;
}

export const RESPONSE_DOCUMENTS = {
  CatalogPage: { schema: CatalogPageSchema, title: 'Gongkai catalog page', description: 'GET /v1/datasets: a page of datasets, with the link to the next page.' },
  Dataset: { schema: DatasetSchema, title: 'Gongkai dataset', description: 'GET /v1/datasets/{departmentId}/{year}: one department-year with every version.' },
  Version: { schema: VersionDocumentSchema, title: 'Gongkai version', description: 'GET /v1/datasets/{departmentId}/{year}/versions/{n}: one version, its files with sizes, sha256 and URLs, and the signature.' },
  Receipt: { schema: ReceiptSchema, title: 'Gongkai submission receipt', description: 'POST /v1/submissions (201): the version published.' },
  DryRun: { schema: DryRunSchema, title: 'Gongkai dry run', description: 'POST /v1/submissions?dryRun=1 (200): the accounting checks; nothing stored.' },
  Changes: { schema: ChangesPageSchema, title: 'Gongkai change feed page', description: 'GET /v1/changes: publications, corrections and withdrawals in a strictly increasing sequence.' },
  KeySet: { schema: KeySetSchema, title: 'Gongkai public keys (JWK Set)', description: 'GET /v1/keys: every department public key, current and past.' },
  PublicKey: { schema: PublicKeySchema, title: 'Gongkai public key (JWK)', description: 'A department public key with its validity and revocation.' },
  LogPage: { schema: LogPageSchema, title: 'Gongkai transparency log page', description: 'GET /v1/log: entries after `since`, hash-chained and signed by the platform key, and the head.' },
  LogEntry: { schema: LogEntrySchema, title: 'Gongkai transparency log entry', description: 'GET /v1/log/{seq}: one entry, signed by the platform key.' },
  PlatformKey: { schema: PlatformKeySchema, title: 'Gongkai platform key (JWK)', description: 'GET /v1/log/key: the public key that signs the log, with its fingerprint.' },
  FactsPage: { schema: FactsPageSchema, title: 'Gongkai facts page', description: 'GET /v1/facts: line items across filings, one printed figure each, with the cursor of the next page.' },
  Aggregate: { schema: AggregateSchema, title: 'Gongkai aggregate', description: 'GET /v1/aggregate: cells by drilldown with exact sums in 元, shaped like OpenSpending babbage.' },
  Series: { schema: SeriesSchema, title: 'Gongkai department series', description: 'GET /v1/departments/{id}/series: one line of one department year over year, with the change computed exactly.' },
  DepartmentsPage: { schema: DepartmentsPageSchema, title: 'Gongkai departments', description: 'GET /v1/departments: the departments that have published, with their names, region and years.' },
  Regions: { schema: RegionsSchema, title: 'Gongkai regions', description: 'GET /v1/regions: the region codes that have published departments, with names where known.' },
  Withdrawal: { schema: WithdrawalSchema, title: 'Gongkai withdrawal', description: 'A version withdrawn, with the sequence number of its tombstone in the change feed.' },
  DcatCatalog: { schema: DcatCatalogSchema, title: 'Gongkai catalog as DCAT-AP 3 (JSON-LD)', description: 'GET /v1/catalog.jsonld: a page of the catalog for harvesters, paged with Hydra.' },
  DataJson: { schema: DataJsonSchema, title: 'Gongkai department catalog as Project Open Data 1.1', description: 'GET /v1/departments/{id}/data.json: every year\'s dataset of one department, its tables as CSV distributions.' },
  DataJsonIndex: { schema: DataJsonIndexSchema, title: 'Gongkai index of the departments\' catalogs', description: 'GET /data.json: the departments, each with its years and the URLs of its own data.json and DCAT-AP 3 catalog, paged.' },
  Coverage: { schema: CoverageSchema, title: 'Gongkai coverage ledger', description: 'GET /v1/coverage: for a year and region, the registered departments expected to publish, who has, who has not, who withdrew, who is late against the deadline, and 公开率.' },
  DepartmentRegistry: { schema: DepartmentRegistrySchema, title: 'Gongkai department registry', description: 'GET /v1/admin/departments: the departments the administrator registered, with their names, region, parent and first year expected.' },
  Deadlines: { schema: DeadlinesSchema, title: 'Gongkai deadlines', description: 'GET /v1/admin/deadlines: the regions\' deadlines by year, as entered and as they apply.' },
  BulkIndex: { schema: BulkIndexSchema, title: 'Gongkai bulk files', description: 'GET /v1/bulk: every year\'s bulk files (CSV, NDJSON, Parquet) with their sha256, bytes and rows, and the columns they hold.' },
  BulkYear: { schema: BulkYearSchema, title: 'Gongkai bulk files of a year', description: 'GET /v1/bulk/{year}: the year\'s partitions (the whole year, each province, city and county) and their files.' },
  Problem: { schema: ProblemSchema, title: 'Problem details (RFC 9457)', description: 'Every error the API answers (application/problem+json).' },
} as const satisfies Record<string, ResponseDocument>;

export type ResponseDocumentName = keyof typeof RESPONSE_DOCUMENTS;

/** The name of a document's JSON Schema, served at /schemas/{name}.json (schemaPath): CatalogPage → catalog-page. */
export const schemaNameOf = (name: ResponseDocumentName): string => name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();
