// Project Open Data Metadata Schema 1.1, for harvesters that read it (ckanext-datajson, data.gov-style
// aggregators). The schema has no paging, so one document cannot hold a national catalog (6.8 MB at 1,000
// datasets): as agencies each publish their own data.json, each department has one
// (/v1/departments/{id}/data.json, its years), and /data.json is the index of them, paged by department.
//
// It lists the datasets without reading every manifest: each table's CSV follows from the template,
// at the immutable URL of the latest version; describedBy points at the version's CSVW metadata.
// Withdrawn datasets stay listed with no distribution, their description saying why.
import { templateById } from '../templates/index.ts';
import { datasetDescription, datasetTitle, datasetUrl, fileUrl, KEYWORDS, RIGHTS, type HarvestDataset } from './dcat.ts';
import { DATA_JSON_INDEX_FORMAT, type DataJson, type DataJsonIndex, type PodDataset, type PodDistribution } from '../contract/data-json.ts';
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, tableCsvPath } from '../contract/files.ts';
import { absolute, DATA_JSON_PATH, departmentCatalogPath, departmentDataJsonPath } from '../contract/urls.ts';

export const POD_SCHEMA = 'https://project-open-data.cio.gov/v1.1/schema';

export type { PodDistribution };

function podDistributions(origin: string, d: HarvestDataset): PodDistribution[] {
  if (d.status === 'withdrawn') return [];
  const url = (path: string) => fileUrl(origin, d, d.latestVersion, path);
  const csvw = url(CSVW_PATH);
  const tables = (templateById(d.template)?.tables ?? []).map((t): PodDistribution => ({
    '@type': 'dcat:Distribution',
    title: `${t.number ? t.number + ' ' : ''}${t.title}`,
    format: 'CSV',
    mediaType: 'text/csv',
    downloadURL: url(tableCsvPath(t.id)),
    describedBy: csvw,
    describedByType: 'application/csvm+json',
  }));
  return [
    ...tables,
    { '@type': 'dcat:Distribution', title: '完整报表（JSON）', format: 'JSON', mediaType: 'application/json', downloadURL: url(FILING_PATH), describedBy: `${origin}/schemas/filing.json`, describedByType: 'application/schema+json' },
    { '@type': 'dcat:Distribution', title: '数据包描述（Frictionless Data Package v2）', format: 'JSON', mediaType: 'application/json', downloadURL: url(DATA_PACKAGE_PATH), conformsTo: 'https://datapackage.org/standard/data-package/' },
  ];
}

export function podDataset(origin: string, d: HarvestDataset): PodDataset {
  return {
    '@type': 'dcat:Dataset',
    identifier: datasetUrl(origin, d),
    title: datasetTitle(d),
    description: datasetDescription(d),
    keyword: [...KEYWORDS, d.departmentName, String(d.year)],
    issued: d.firstPublishedAt,
    modified: d.modifiedAt,
    publisher: { '@type': 'org:Organization', name: d.departmentName },
    // POD asks for an email too; departments publish none here, so only the name is given.
    contactPoint: { '@type': 'vcard:Contact', fn: d.departmentName },
    accessLevel: 'public',
    rights: RIGHTS,
    spatial: d.regionCode,
    temporal: `${d.year}-01-01/${d.year}-12-31`,
    language: ['zh-CN'],
    distribution: podDistributions(origin, d),
  };
}

/** One publisher's catalog (a department's datasets, every year): a whole Project Open Data 1.1 document. */
export function renderDataJson(input: { origin: string; datasets: readonly HarvestDataset[]; departmentId: string }): DataJson {
  return {
    '@context': `${POD_SCHEMA}/catalog.jsonld`,
    '@id': absolute(input.origin, departmentDataJsonPath(input.departmentId)),
    '@type': 'dcat:Catalog',
    conformsTo: POD_SCHEMA,
    describedBy: `${POD_SCHEMA}/catalog.json`,
    dataset: input.datasets.map((d) => podDataset(input.origin, d)),
  };
}

/**
 * Which of the datasets read for an index page it lists, and after which department the next page starts:
 * a department whose years run past the read's end starts the next page instead (unless it is all there is).
 */
export function indexPage<D extends { departmentId: string }>(read: readonly D[], more: boolean): { datasets: D[]; nextAfter: string | null } {
  const lastId = read.at(-1)?.departmentId;
  const datasets = more && read.some((d) => d.departmentId !== lastId) ? read.filter((d) => d.departmentId !== lastId) : [...read];
  return { datasets, nextAfter: more && datasets.length ? datasets.at(-1)!.departmentId : null };
}

/**
 * A page of the index: each department on it with its years and the URLs of its own catalogs, in
 * department order. The datasets are given in that order; a department's years all on one page.
 */
export function renderDataJsonIndex(input: { origin: string; datasets: readonly HarvestDataset[]; self: string; next: string | null; region?: string }): DataJsonIndex {
  const byDepartment = new Map<string, HarvestDataset[]>();
  for (const d of input.datasets) byDepartment.set(d.departmentId, [...(byDepartment.get(d.departmentId) ?? []), d]);
  return {
    format: DATA_JSON_INDEX_FORMAT,
    '@id': absolute(input.origin, input.self),
    conformsTo: POD_SCHEMA,
    description: `每个部门一个 Project Open Data 1.1 目录（data.json，含该部门历年数据集）与一个 DCAT-AP 3 目录（含其 dcat:DatasetSeries）；本索引按部门分页${input.region ? `，限行政区划代码 ${input.region}` : ''}。`,
    region: input.region ?? null,
    catalogs: [...byDepartment.entries()].map(([departmentId, ds]) => ({
      departmentId,
      publisher: ds.at(-1)!.departmentName,
      regionCode: ds.at(-1)!.regionCode,
      years: ds.map((d) => d.year).sort((a, b) => a - b),
      modified: ds.reduce((m, d) => (d.modifiedAt > m ? d.modifiedAt : m), ds[0]!.modifiedAt),
      dataJson: absolute(input.origin, departmentDataJsonPath(departmentId)),
      dcat: absolute(input.origin, departmentCatalogPath(departmentId)),
    })),
    next: input.next === null ? null : absolute(input.origin, input.next),
  };
}

export { DATA_JSON_PATH };
