// /data.json: the catalog as Project Open Data Metadata Schema 1.1, for harvesters that read it
// (ckanext-datajson, data.gov-style aggregators). One document, not paged (the schema has no paging).
//
// It lists the datasets without reading every manifest: each table's CSV follows from the template,
// at the immutable URL of the latest version; describedBy points at the version's CSVW metadata.
// Withdrawn datasets stay listed with no distribution, their description saying why.
import { templateById } from '../templates/index.ts';
import { datasetDescription, datasetTitle, datasetUrl, fileUrl, KEYWORDS, RIGHTS, type HarvestDataset } from './dcat.ts';
import type { DataJson, PodDataset, PodDistribution } from '../contract/data-json.ts';
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, tableCsvPath } from '../contract/files.ts';
import { absolute, DATA_JSON_PATH } from '../contract/urls.ts';

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

export function renderDataJson(input: { origin: string; datasets: readonly HarvestDataset[] }): DataJson {
  return {
    '@context': `${POD_SCHEMA}/catalog.jsonld`,
    '@id': absolute(input.origin, DATA_JSON_PATH),
    '@type': 'dcat:Catalog',
    conformsTo: POD_SCHEMA,
    describedBy: `${POD_SCHEMA}/catalog.json`,
    dataset: input.datasets.map((d) => podDataset(input.origin, d)),
  };
}
