// The catalog for harvesters as DCAT-AP 3 in JSON-LD (issue 6): one dcat:Dataset per department-year,
// its latest version's CSV tables, filing JSON and metadata as distributions with size and sha256,
// paged with Hydra the way ckanext-dcat reads it. Pure: the route gives the records and manifests.
//
// Withdrawn datasets stay in the catalog (ckanext-dcat deletes what vanishes from a source): their
// distributions are marked WITHDRAWN and point at the version document instead of a 410 download.
import { templateById } from '../templates/index.ts';
import { DATA_LICENSES } from './datapackage.ts';
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH } from '../contract/files.ts';
import { absolute, CATALOG_JSONLD_PATH, COVERAGE_PAGE_PATH, datasetPath, departmentCatalogPath, filePath, versionPath } from '../contract/urls.ts';
import type { DcatCatalog, DcatDataset, DcatDatasetSeries, DcatDistribution, HydraPaging } from '../contract/dcat-catalog.ts';

/** One file of a version, as its manifest lists it. */
export interface HarvestFile {
  readonly path: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What a catalog entry needs to know of a dataset (a department-year). */
export interface HarvestDataset {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly regionCode: string;
  readonly year: number;
  readonly template: string;
  readonly status: 'published' | 'withdrawn';
  readonly latestVersion: number;
  readonly firstPublishedAt: string;
  readonly modifiedAt: string;
  /** The latest version's files (from its manifest); empty when unknown. */
  readonly files: readonly HarvestFile[];
  /** Why the last version was withdrawn, when every version is. */
  readonly withdrawnReason?: string | null;
}

export interface HarvestPaging {
  /** 1-based. */
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  /** Query parameters every page link keeps (modified_since, limit). */
  readonly query: Readonly<Record<string, string>>;
}

export { CATALOG_JSONLD_PATH };
export const DEFAULT_PER_PAGE = 100;
/** A page's bound: at most this many datasets (about 15 KB each, compact JSON), so that a page stays about 1.5 MB (40 KB gzipped). */
export const MAX_PER_PAGE = 100;

const NS = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  spdx: 'http://spdx.org/rdf/terms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  // Prefixes of the vocabularies' values, so that each distribution spells them short (the same IRIs).
  iana: 'http://www.iana.org/assignments/media-types/',
  filetype: 'http://publications.europa.eu/resource/authority/file-type/',
  diststatus: 'http://publications.europa.eu/resource/authority/distribution-status/',
} as const;

const EU = 'http://publications.europa.eu/resource/authority';
const rightsUrl = (origin: string) => `${origin}${CATALOG_JSONLD_PATH}#rights`;

// ---- shared with data.json ----------------------------------------------------------------------

export const datasetUrl = (origin: string, d: { departmentId: string; year: number }) => absolute(origin, datasetPath(d.departmentId, d.year));
export const versionUrl = (origin: string, d: { departmentId: string; year: number }, n: number) => absolute(origin, versionPath(d.departmentId, d.year, n));
export const fileUrl = (origin: string, d: { departmentId: string; year: number }, n: number, path: string) => absolute(origin, filePath(d.departmentId, d.year, n, path));
/** A department's years as one dcat:DatasetSeries: the node in the department's own catalog document. */
export const seriesUrl = (origin: string, departmentId: string) => `${absolute(origin, departmentCatalogPath(departmentId))}#series`;

export function datasetTitle(d: HarvestDataset): string {
  return `${d.departmentName}${d.year}年度部门决算`;
}

export function datasetDescription(d: HarvestDataset): string {
  const template = templateById(d.template);
  const what = template ? `按${template.title}公开的${template.tables.length}张决算表` : '部门决算公开表';
  const base = `${d.departmentName}（行政区划代码 ${d.regionCode}）${d.year}年度部门决算：${what}，每张表提供 CSV 与 JSON，附数据包描述与核对结果。当前为第 ${d.latestVersion} 版。`;
  return d.status === 'withdrawn' ? `【已撤回】${d.withdrawnReason ? `撤回原因：${d.withdrawnReason}。` : ''}${base}` : base;
}

export const KEYWORDS = ['部门决算', '决算公开', '财政'] as const;

export const RIGHTS = DATA_LICENSES[0].title;

/** The media type without parameters ("text/csv; charset=utf-8" → "text/csv"). */
export function bareMediaType(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

export type DistributionKind = 'table' | 'filing' | 'datapackage' | 'csvw';

export interface DistributionView {
  readonly kind: DistributionKind;
  readonly file: HarvestFile;
  readonly title: string;
  readonly format: 'CSV' | 'JSON';
  /** The specification a metadata file follows. */
  readonly conformsTo?: string;
}

const tableTitle = (template: string, tableId: string): string => {
  const t = templateById(template)?.tables.find((x) => x.id === tableId);
  return t ? `${t.number ? t.number + ' ' : ''}${t.title}` : tableId;
};

/** Which files a harvester sees as distributions: each table's CSV (template order), the filing, the metadata. */
export function distributions(d: HarvestDataset): DistributionView[] {
  const order = templateById(d.template)?.tables.map((t) => t.id) ?? [];
  const rank = (path: string) => {
    const i = order.indexOf(path.slice('tables/'.length, -'.csv'.length) as (typeof order)[number]);
    return i < 0 ? order.length : i;
  };
  const tables = d.files
    .filter((f) => /^tables\/[a-z0-9-]+\.csv$/.test(f.path))
    .sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1))
    .map((file): DistributionView => ({ kind: 'table', file, title: `${tableTitle(d.template, file.path.slice(7, -4))}（CSV）`, format: 'CSV' }));
  const byPath = new Map(d.files.map((f) => [f.path, f]));
  const extra: DistributionView[] = [];
  const filing = byPath.get(FILING_PATH);
  if (filing) extra.push({ kind: 'filing', file: filing, title: '完整报表（JSON，含全部表格、说明与绩效信息）', format: 'JSON' });
  const dp = byPath.get(DATA_PACKAGE_PATH);
  if (dp) extra.push({ kind: 'datapackage', file: dp, title: '数据包描述（Frictionless Data Package v2）', format: 'JSON', conformsTo: 'https://datapackage.org/standard/data-package/' });
  const csvw = byPath.get(CSVW_PATH);
  if (csvw) extra.push({ kind: 'csvw', file: csvw, title: 'CSV 元数据（W3C CSVW）', format: 'JSON', conformsTo: 'http://www.w3.org/ns/csvw' });
  return [...tables, ...extra];
}

// ---- JSON-LD --------------------------------------------------------------------------------------

const zh = (value: string) => ({ '@value': value, '@language': 'zh' as const });
const typed = (value: string, type: string) => ({ '@value': value, '@type': type });
const ref = (iri: string) => ({ '@id': iri });

function distributionNode(origin: string, d: HarvestDataset, v: DistributionView): DcatDistribution {
  const withdrawn = d.status === 'withdrawn';
  const url = fileUrl(origin, d, d.latestVersion, v.file.path);
  return {
    // A stable IRI per dataset and path, so that a harvester updates the same resource across versions.
    '@id': `${datasetUrl(origin, d)}#${v.file.path}`,
    '@type': 'dcat:Distribution',
    'dct:title': zh(v.title),
    'dcat:accessURL': ref(withdrawn ? versionUrl(origin, d, d.latestVersion) : url),
    ...(withdrawn ? {} : { 'dcat:downloadURL': ref(url) }),
    'dcat:mediaType': ref(`iana:${bareMediaType(v.file.mediaType)}`),
    'dct:format': ref(`filetype:${v.format}`),
    'dcat:byteSize': typed(String(v.file.bytes), 'xsd:nonNegativeInteger'),
    'spdx:checksum': {
      '@type': 'spdx:Checksum',
      'spdx:algorithm': ref('spdx:checksumAlgorithm_sha256'),
      'spdx:checksumValue': typed(v.file.sha256, 'xsd:hexBinary'),
    },
    'adms:status': ref(`diststatus:${withdrawn ? 'WITHDRAWN' : 'COMPLETED'}`),
    // The one statement, given once on the catalog node: each distribution refers to it.
    'dct:rights': ref(rightsUrl(origin)),
    ...(v.conformsTo ? { 'dct:conformsTo': ref(v.conformsTo) } : {}),
  };
}

export function datasetNode(origin: string, d: HarvestDataset): DcatDataset {
  return {
    '@id': datasetUrl(origin, d),
    '@type': 'dcat:Dataset',
    'dct:identifier': `${d.departmentId}/${d.year}`,
    'dct:title': zh(datasetTitle(d)),
    'dct:description': zh(datasetDescription(d)),
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': zh(d.departmentName), 'dct:identifier': d.departmentId },
    'dct:issued': typed(d.firstPublishedAt, 'xsd:dateTime'),
    'dct:modified': typed(d.modifiedAt, 'xsd:dateTime'),
    'dct:spatial': { '@type': 'dct:Location', 'dct:identifier': d.regionCode, 'skos:prefLabel': zh(`行政区划代码 ${d.regionCode}`) },
    'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': typed(`${d.year}-01-01`, 'xsd:date'), 'dcat:endDate': typed(`${d.year}-12-31`, 'xsd:date') },
    'dct:language': ref(`${EU}/language/ZHO`),
    'dct:accessRights': ref(`${EU}/access-right/PUBLIC`),
    'dcat:keyword': [...KEYWORDS, d.departmentName].map(zh),
    'dcat:version': String(d.latestVersion),
    'dcat:inSeries': ref(seriesUrl(origin, d.departmentId)),
    'dcat:distribution': distributions(d).map((v) => distributionNode(origin, d, v)),
  };
}

/** What the series node says beyond its department: the years it spans, when the whole series is known. */
export interface SeriesSpan {
  readonly first: HarvestDataset;
  readonly last: HarvestDataset;
  readonly modifiedAt: string;
  readonly issuedAt: string;
}

/** The dcat:DatasetSeries of a department's years (DCAT-AP 3): every dataset of the department names it with dcat:inSeries. */
export function seriesNode(origin: string, d: Pick<HarvestDataset, 'departmentId' | 'departmentName' | 'regionCode'>, span?: SeriesSpan): DcatDatasetSeries {
  return {
    '@id': seriesUrl(origin, d.departmentId),
    '@type': 'dcat:DatasetSeries',
    'dct:identifier': d.departmentId,
    'dct:title': zh(`${d.departmentName}部门决算（历年）`),
    'dct:description': zh(`${d.departmentName}各年度的部门决算公开数据集，每年一个，逐版本保存；本系列的全部年度见 ${absolute(origin, departmentCatalogPath(d.departmentId))}。`),
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': zh(d.departmentName), 'dct:identifier': d.departmentId },
    'dct:spatial': { '@type': 'dct:Location', 'dct:identifier': d.regionCode, 'skos:prefLabel': zh(`行政区划代码 ${d.regionCode}`) },
    ...(span
      ? {
          'dct:issued': typed(span.issuedAt, 'xsd:dateTime'),
          'dct:modified': typed(span.modifiedAt, 'xsd:dateTime'),
          'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': typed(`${span.first.year}-01-01`, 'xsd:date'), 'dcat:endDate': typed(`${span.last.year}-12-31`, 'xsd:date') },
          'dcat:first': ref(datasetUrl(origin, span.first)),
          'dcat:last': ref(datasetUrl(origin, span.last)),
        }
      : {}),
  };
}

/** The series of the departments on a page, once each, in the order they first appear. */
function seriesOf(origin: string, datasets: readonly HarvestDataset[]): DcatDatasetSeries[] {
  const seen = new Map<string, HarvestDataset>();
  for (const d of datasets) if (!seen.has(d.departmentId)) seen.set(d.departmentId, d);
  return [...seen.values()].map((d) => seriesNode(origin, d));
}

/** The span of one department's datasets (all of its years), for its own catalog document. */
export function seriesSpan(datasets: readonly HarvestDataset[]): SeriesSpan | undefined {
  if (!datasets.length) return undefined;
  const byYear = [...datasets].sort((a, b) => a.year - b.year);
  return {
    first: byYear[0]!,
    last: byYear.at(-1)!,
    modifiedAt: datasets.reduce((m, d) => (d.modifiedAt > m ? d.modifiedAt : m), datasets[0]!.modifiedAt),
    issuedAt: datasets.reduce((m, d) => (d.firstPublishedAt < m ? d.firstPublishedAt : m), datasets[0]!.firstPublishedAt),
  };
}

function pageUrl(origin: string, page: number, query: Readonly<Record<string, string>>, path: string): string {
  const q = new URLSearchParams({ ...query, page: String(page) });
  return `${origin}${path}?${q}`;
}

/** ckanext-dcat's paging node: hydra:PagedCollection with both the current and the deprecated link names. */
function pagingNode(origin: string, p: HarvestPaging, path: string): HydraPaging {
  const last = Math.max(1, Math.ceil(p.total / p.perPage));
  const link = (n: number) => pageUrl(origin, n, p.query, path);
  const both = (name: string, legacy: string, n: number | null) => (n === null ? {} : { [`hydra:${name}`]: link(n), [`hydra:${legacy}`]: link(n) });
  return {
    '@id': link(p.page),
    '@type': 'hydra:PagedCollection',
    'hydra:totalItems': typed(String(p.total), 'xsd:integer'),
    'hydra:itemsPerPage': typed(String(p.perPage), 'xsd:integer'),
    ...both('first', 'firstPage', 1),
    ...both('last', 'lastPage', last),
    ...both('next', 'nextPage', p.page < last ? p.page + 1 : null),
    ...both('previous', 'previousPage', p.page > 1 ? Math.min(p.page - 1, last) : null),
  };
}

/**
 * One page of the catalog as a JSON-LD document (a value; the route serialises it): its datasets, then the
 * dcat:DatasetSeries of their departments (each dataset names its own with dcat:inSeries). `department`
 * makes it that department's own catalog: every year of it, and the series with the years it spans.
 */
export function renderDcatCatalog(input: { origin: string; datasets: readonly HarvestDataset[]; paging: HarvestPaging; department?: string }): DcatCatalog {
  const { origin, datasets, paging } = input;
  const modified = datasets.reduce<string | null>((m, d) => (m === null || d.modifiedAt > m ? d.modifiedAt : m), null);
  const path = input.department ? departmentCatalogPath(input.department) : CATALOG_JSONLD_PATH;
  const series = input.department && datasets[0] ? [seriesNode(origin, datasets[0], seriesSpan(datasets))] : seriesOf(origin, datasets);
  return {
    '@context': { ...NS },
    '@graph': [
      {
        '@id': `${origin}${path}`,
        '@type': 'dcat:Catalog',
        'dct:title': zh('公开：部门决算公开数据目录'),
        'dct:description': zh('各部门决算公开报表的开放数据：每个部门每年一个数据集，逐版本保存，表格为 CSV 与 JSON，附数据包描述、核对结果与部门签名。'),
        'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': zh('公开 Gongkai') },
        'foaf:homepage': ref(`${origin}/`),
        'foaf:page': ref(`${origin}${COVERAGE_PAGE_PATH}`),
        'dct:language': ref(`${EU}/language/ZHO`),
        'dct:conformsTo': ref('https://semiceu.github.io/DCAT-AP/releases/3.0.0/'),
        'dct:rights': { '@id': rightsUrl(origin), '@type': 'dct:RightsStatement', 'dct:description': zh(RIGHTS) },
        ...(modified ? { 'dct:modified': typed(modified, 'xsd:dateTime') } : {}),
        'dcat:dataset': [...datasets.map((d) => datasetNode(origin, d)), ...series],
      },
      pagingNode(origin, paging, path),
    ],
  };
}
