// The DCAT-AP 3 catalog read by a JSON-LD processor nobody here wrote (jsonld.js): the short spellings
// (iana:text/csv, the rights statement given once) expand to the full vocabulary IRIs, each dataset is
// in its department's dcat:DatasetSeries, and a department's own catalog gives the series its span.
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { renderDcatCatalog, type HarvestDataset } from '../../../src/core/render/dcat.ts';
import { indexPage, renderDataJson, renderDataJsonIndex } from '../../../src/core/render/data-json.ts';

const ORIGIN = 'https://gongkai.example';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const file = (path: string, mediaType: string) => ({ path, mediaType, bytes: 1234, sha256: 'ab'.repeat(32) });
const dataset = (departmentId: string, year: number, over: Partial<HarvestDataset> = {}): HarvestDataset => ({
  departmentId, departmentName: `${departmentId}局`, regionCode: '140602', year, template: 'shanxi-2023', status: 'published', latestVersion: 1,
  firstPublishedAt: `${year + 1}-03-01T00:00:00.000Z`, modifiedAt: `${year + 1}-04-01T00:00:00.000Z`,
  files: [file('tables/income.csv', 'text/csv; charset=utf-8'), file('filing.json', 'application/json'), file('csv-metadata.json', 'application/csvm+json')],
  ...over,
});
const paging = (n: number) => ({ page: 1, perPage: 100, total: n, query: {} });

type Node = Record<string, { '@id'?: string; '@value'?: string }[] | string | string[]>;
async function flat(doc: unknown): Promise<Map<string, Node>> {
  const graph = (await jsonld.flatten(doc as jsonld.JsonLdDocument)) as unknown as { '@graph'?: Node[] } | Node[];
  const nodes = Array.isArray(graph) ? graph : graph['@graph'] ?? [];
  return new Map(nodes.map((n) => [n['@id'] as string, n]));
}
const ids = (n: Node | undefined, p: string) => ((n?.[p] ?? []) as { '@id'?: string }[]).map((o) => o['@id']);
const values = (n: Node | undefined, p: string) => ((n?.[p] ?? []) as { '@value'?: string }[]).map((o) => o['@value']);

describe('DCAT-AP 3 as JSON-LD', () => {
  it('expands to the vocabularies\' IRIs: media types, formats, statuses and one rights statement', async () => {
    const doc = renderDcatCatalog({ origin: ORIGIN, datasets: [dataset('a-dept', 2023), dataset('b-dept', 2023, { status: 'withdrawn', withdrawnReason: '错误' })], paging: paging(2) });
    const nodes = await flat(doc);
    const csv = nodes.get(`${ORIGIN}/v1/datasets/a-dept/2023#tables/income.csv`)!;
    expect(csv['@type']).toEqual([`${DCAT}Distribution`]);
    expect(ids(csv, `${DCAT}mediaType`)).toEqual(['http://www.iana.org/assignments/media-types/text/csv']);
    expect(ids(csv, `${DCT}format`)).toEqual(['http://publications.europa.eu/resource/authority/file-type/CSV']);
    expect(ids(csv, 'http://www.w3.org/ns/adms#status')).toEqual(['http://publications.europa.eu/resource/authority/distribution-status/COMPLETED']);
    const gone = nodes.get(`${ORIGIN}/v1/datasets/b-dept/2023#tables/income.csv`)!;
    expect(ids(gone, 'http://www.w3.org/ns/adms#status')).toEqual(['http://publications.europa.eu/resource/authority/distribution-status/WITHDRAWN']);
    const rights = ids(csv, `${DCT}rights`)[0]!;
    expect(nodes.get(rights)!['@type']).toEqual([`${DCT}RightsStatement`]);
    expect(values(nodes.get(rights), `${DCT}description`)[0]).toContain('政府信息公开');
  });

  it('puts every dataset in its department\'s dcat:DatasetSeries, listed in the catalog', async () => {
    const doc = renderDcatCatalog({ origin: ORIGIN, datasets: [dataset('a-dept', 2022), dataset('a-dept', 2023), dataset('b-dept', 2023)], paging: paging(3) });
    const nodes = await flat(doc);
    const series = `${ORIGIN}/v1/departments/a-dept/catalog.jsonld#series`;
    expect(ids(nodes.get(`${ORIGIN}/v1/datasets/a-dept/2022`), `${DCAT}inSeries`)).toEqual([series]);
    expect(ids(nodes.get(`${ORIGIN}/v1/datasets/a-dept/2023`), `${DCAT}inSeries`)).toEqual([series]);
    expect(nodes.get(series)!['@type']).toEqual([`${DCAT}DatasetSeries`]);
    const catalog = nodes.get(`${ORIGIN}/v1/catalog.jsonld`)!;
    expect(ids(catalog, `${DCAT}dataset`)).toEqual(expect.arrayContaining([series, `${ORIGIN}/v1/departments/b-dept/catalog.jsonld#series`, `${ORIGIN}/v1/datasets/a-dept/2022`]));
    // On a page the series is listed once per department, without a span it cannot know.
    expect(doc['@graph'][0]['dcat:dataset'].filter((n) => n['@type'] === 'dcat:DatasetSeries')).toHaveLength(2);
    expect(nodes.get(series)![`${DCAT}first`]).toBeUndefined();
  });

  it('gives a department\'s own catalog the series\' span: first, last, the period and the newest change', async () => {
    const years = [dataset('a-dept', 2023, { modifiedAt: '2025-01-01T00:00:00.000Z' }), dataset('a-dept', 2021), dataset('a-dept', 2022)];
    const doc = renderDcatCatalog({ origin: ORIGIN, datasets: years, paging: paging(3), department: 'a-dept' });
    const nodes = await flat(doc);
    const series = nodes.get(`${ORIGIN}/v1/departments/a-dept/catalog.jsonld#series`)!;
    expect(ids(series, `${DCAT}first`)).toEqual([`${ORIGIN}/v1/datasets/a-dept/2021`]);
    expect(ids(series, `${DCAT}last`)).toEqual([`${ORIGIN}/v1/datasets/a-dept/2023`]);
    expect(values(series, `${DCT}modified`)).toEqual(['2025-01-01T00:00:00.000Z']);
    const period = nodes.get(ids(series, `${DCT}temporal`)[0]!)!;
    expect(values(period, `${DCAT}startDate`)).toEqual(['2021-01-01']);
    expect(values(period, `${DCAT}endDate`)).toEqual(['2023-12-31']);
    expect(doc['@graph'][1]['@id']).toBe(`${ORIGIN}/v1/departments/a-dept/catalog.jsonld?page=1`);
  });
});

describe('Project Open Data', () => {
  it('a department\'s data.json is a whole POD 1.1 catalog of its years; the index lists each department once', () => {
    const pod = renderDataJson({ origin: ORIGIN, datasets: [dataset('a-dept', 2022), dataset('a-dept', 2023)], departmentId: 'a-dept' });
    expect(pod['@id']).toBe(`${ORIGIN}/v1/departments/a-dept/data.json`);
    expect(pod.dataset.map((d) => d.identifier)).toEqual([`${ORIGIN}/v1/datasets/a-dept/2022`, `${ORIGIN}/v1/datasets/a-dept/2023`]);
    const index = renderDataJsonIndex({ origin: ORIGIN, datasets: [dataset('a-dept', 2023), dataset('a-dept', 2022), dataset('b-dept', 2021)], self: '/data.json', next: '/data.json?after=b-dept' });
    expect(index.catalogs.map((c) => [c.departmentId, c.years])).toEqual([['a-dept', [2022, 2023]], ['b-dept', [2021]]]);
    expect(index.catalogs[0]).toMatchObject({ modified: '2024-04-01T00:00:00.000Z', dataJson: `${ORIGIN}/v1/departments/a-dept/data.json`, dcat: `${ORIGIN}/v1/departments/a-dept/catalog.jsonld` });
    expect(index.next).toBe(`${ORIGIN}/data.json?after=b-dept`);
  });

  it('an index page never splits a department\'s years: one cut off at the end of the read starts the next page', () => {
    const read = [dataset('a', 2021), dataset('a', 2022), dataset('b', 2021), dataset('c', 2021), dataset('c', 2022)];
    expect(indexPage(read, true)).toEqual({ datasets: read.slice(0, 3), nextAfter: 'b' });
    expect(indexPage(read, false)).toEqual({ datasets: read, nextAfter: null });
    // A read of one department only (more years than a page: not a real department) is listed whole.
    expect(indexPage(read.slice(0, 2), true)).toEqual({ datasets: read.slice(0, 2), nextAfter: 'a' });
    expect(indexPage([], false)).toEqual({ datasets: [], nextAfter: null });
  });
});
