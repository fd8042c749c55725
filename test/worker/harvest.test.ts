// Catalogs for harvesters: DCAT-AP 3 JSON-LD paged the ckanext-dcat way, and Project Open Data 1.1.
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, ORIGIN, registerKey, seedFiling, submit } from './support.ts';

const json = (r: Response) => r.json() as Promise<Record<string, any>>;
const A = 'harvest-a';
const B = 'harvest-b';
const C = 'harvest-c';
const sha256 = async (bytes: ArrayBuffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
const local = (url: string) => {
  expect(url.startsWith(ORIGIN)).toBe(true);
  return url.slice(ORIGIN.length);
};
const datasetNodes = (doc: Record<string, any>) => (doc['@graph'][0]['dcat:dataset'] as Record<string, any>[]).filter((n) => n['@type'] === 'dcat:Dataset');
const seriesNodes = (doc: Record<string, any>) => (doc['@graph'][0]['dcat:dataset'] as Record<string, any>[]).filter((n) => n['@type'] === 'dcat:DatasetSeries');
const paging = (doc: Record<string, any>) => doc['@graph'].find((n: any) => n['@type'] === 'hydra:PagedCollection') as Record<string, any>;
let beforeWithdrawal = '';

beforeAll(async () => {
  for (const d of [A, B, C]) {
    const key = await registerKey(d);
    const r = await submit(seedFiling(d), key);
    if (r.status !== 201) throw new Error(await r.text());
    if (d === A) {
      const correction = seedFiling(d);
      correction.narrative.other = ['更正'];
      expect((await submit(correction, key)).status).toBe(201);
    }
  }
  await new Promise((r) => setTimeout(r, 5));
  beforeWithdrawal = new Date().toISOString();
  const w = await call(`/v1/admin/datasets/${C}/2023/versions/1/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '报送单位错误' }) });
  expect(w.status).toBe(200);
}, 60_000);

describe('GET /v1/catalog.jsonld (DCAT-AP 3)', () => {
  it('is JSON-LD with a dcat:Catalog and one dcat:Dataset per department-year', async () => {
    const r = await call('/v1/catalog.jsonld');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const doc = await json(r);
    expect(doc['@context']).toMatchObject({
      dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', spdx: 'http://spdx.org/rdf/terms#', hydra: 'http://www.w3.org/ns/hydra/core#',
      iana: 'http://www.iana.org/assignments/media-types/', diststatus: 'http://publications.europa.eu/resource/authority/distribution-status/',
    });
    const cat = doc['@graph'][0];
    expect(cat['@type']).toBe('dcat:Catalog');
    expect(cat['dct:title']['@value']).toBeTruthy();
    expect(cat['dct:publisher']['foaf:name']['@value']).toBeTruthy();
    const ids = datasetNodes(doc).map((d) => d['dct:identifier']);
    expect(ids).toEqual(expect.arrayContaining([`${A}/2023`, `${B}/2023`, `${C}/2023`]));
  });

  it('describes a dataset: title (zh), publisher, issued, modified, spatial, temporal, version', async () => {
    const a = datasetNodes(await json(await call('/v1/catalog.jsonld'))).find((d) => d['dct:identifier'] === `${A}/2023`)!;
    const ds = await json(await call(`/v1/datasets/${A}/2023`));
    expect(a['@id']).toBe(`${ORIGIN}/v1/datasets/${A}/2023`);
    expect(a['@type']).toBe('dcat:Dataset');
    expect(a['dct:title']).toEqual({ '@value': '朔州市朔城区行政审批服务管理局2023年度部门决算', '@language': 'zh' });
    expect(a['dct:description']['@value']).toContain('第 2 版');
    expect(a['dct:publisher']['foaf:name']['@value']).toBe('朔州市朔城区行政审批服务管理局');
    expect(a['dct:issued']).toEqual({ '@value': ds.firstPublishedAt, '@type': 'xsd:dateTime' });
    expect(a['dct:modified']).toEqual({ '@value': ds.modifiedAt, '@type': 'xsd:dateTime' });
    expect(a['dct:spatial']['dct:identifier']).toBe('140602');
    expect(a['dct:temporal']['dcat:startDate']).toEqual({ '@value': '2023-01-01', '@type': 'xsd:date' });
    expect(a['dct:temporal']['dcat:endDate']).toEqual({ '@value': '2023-12-31', '@type': 'xsd:date' });
    expect(a['dcat:version']).toBe('2');
  });

  it('lists the latest version\'s tables, filing and metadata with download URL, media type, size and the sha256 the files have', async () => {
    const a = datasetNodes(await json(await call('/v1/catalog.jsonld'))).find((d) => d['dct:identifier'] === `${A}/2023`)!;
    const manifest = await json(await call(`/v1/datasets/${A}/2023/versions/2/manifest.json`));
    const dists = a['dcat:distribution'] as Record<string, any>[];
    const urls = dists.map((d) => d['dcat:downloadURL']['@id'] as string);
    expect(urls.filter((u) => u.endsWith('.csv'))).toHaveLength(10);
    expect(urls[0]).toBe(`${ORIGIN}/v1/datasets/${A}/2023/versions/2/tables/income-expenditure.csv`);
    expect(urls).toEqual(expect.arrayContaining([`${ORIGIN}/v1/datasets/${A}/2023/versions/2/filing.json`, `${ORIGIN}/v1/datasets/${A}/2023/versions/2/datapackage.json`]));
    expect(dists[0]!['dct:title']['@value']).toBe('公开01表 收入支出决算总表（CSV）');
    for (const d of dists) {
      const path = (d['dcat:downloadURL']['@id'] as string).split('/versions/2/')[1]!;
      const entry = manifest.files.find((f: any) => f.path === path);
      expect(entry, path).toBeDefined();
      expect(d['dcat:accessURL']).toEqual(d['dcat:downloadURL']);
      expect(d['dcat:byteSize']).toEqual({ '@value': String(entry.bytes), '@type': 'xsd:nonNegativeInteger' });
      expect(d['spdx:checksum']).toEqual({ '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' }, 'spdx:checksumValue': { '@value': entry.sha256, '@type': 'xsd:hexBinary' } });
      expect(d['dcat:mediaType']['@id']).toMatch(/^iana:(text\/csv|application\/json|application\/csvm\+json)$/);
      expect(d['dct:format']['@id']).toMatch(/^filetype:(CSV|JSON)$/);
      expect(d['dct:rights']).toEqual({ '@id': `${ORIGIN}/v1/catalog.jsonld#rights` });
      expect(d['adms:status']['@id']).toMatch(/COMPLETED$/);
      const body = await (await call(local(d['dcat:downloadURL']['@id']))).arrayBuffer();
      expect(body.byteLength, path).toBe(entry.bytes);
      expect(await sha256(body), path).toBe(entry.sha256);
    }
  });

  it('keeps a withdrawn dataset visible, its distributions marked WITHDRAWN with no download', async () => {
    const c = datasetNodes(await json(await call('/v1/catalog.jsonld'))).find((d) => d['dct:identifier'] === `${C}/2023`)!;
    expect(c).toBeDefined();
    expect(c['dct:description']['@value']).toContain('报送单位错误');
    expect(c['dcat:distribution'].length).toBeGreaterThan(10);
    for (const d of c['dcat:distribution']) {
      expect(d['adms:status']['@id']).toBe('diststatus:WITHDRAWN');
      expect(d['dcat:downloadURL']).toBeUndefined();
      expect(d['dcat:accessURL']['@id']).toBe(`${ORIGIN}/v1/datasets/${C}/2023/versions/1`);
    }
    expect((await call(local(c['dcat:distribution'][0]['dcat:accessURL']['@id']))).status).toBe(200);
  });

  it('pages with page and Hydra first/next/last, never repeating or skipping', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/v1/catalog.jsonld?limit=1';
    let pages = 0;
    let total = 0;
    while (url) {
      const doc = await json(await call(url));
      const p = paging(doc);
      total = Number(p['hydra:totalItems']['@value']);
      expect(p['hydra:itemsPerPage']['@value']).toBe('1');
      expect(p['hydra:firstPage']).toBe(`${ORIGIN}/v1/catalog.jsonld?limit=1&page=1`);
      expect(p['hydra:first']).toBe(p['hydra:firstPage']);
      expect(p['hydra:lastPage']).toBe(`${ORIGIN}/v1/catalog.jsonld?limit=1&page=${total}`);
      expect(p['hydra:next']).toBe(p['hydra:nextPage']);
      seen.push(...datasetNodes(doc).map((d) => d['dct:identifier']));
      url = p['hydra:nextPage'] ? local(p['hydra:nextPage']) : undefined;
      pages++;
    }
    expect(pages).toBe(total);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    expect(seen).toEqual(expect.arrayContaining([`${A}/2023`, `${B}/2023`, `${C}/2023`]));
  });

  it('modified_since gives only what changed since, links keep it; bad parameters are 400 problem+json', async () => {
    const doc = await json(await call(`/v1/catalog.jsonld?modified_since=${encodeURIComponent(beforeWithdrawal)}`));
    expect(datasetNodes(doc).map((d) => d['dct:identifier'])).toEqual([`${C}/2023`]);
    expect(paging(doc)['hydra:firstPage']).toContain(`modified_since=${encodeURIComponent(beforeWithdrawal)}`);
    for (const q of ['page=0', 'page=x', 'page=99', 'modified_since=yesterday', 'limit=0']) {
      const r = await call(`/v1/catalog.jsonld?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type'), q).toMatch(/^application\/problem\+json/);
    }
    // A parameter the catalog does not define (a tracker's, a cache-buster) is ignored.
    expect((await call('/v1/catalog.jsonld?other=1&utm_source=x')).status).toBe(200);
  });

  it('has a strong ETag and answers 304', async () => {
    const r = await call('/v1/catalog.jsonld');
    const again = await call('/v1/catalog.jsonld', { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('GET /v1/departments/{id}/data.json (Project Open Data 1.1, one publisher)', () => {
  it('lists the department\'s datasets with the required fields and CSV distributions that download', async () => {
    const r = await call(`/v1/departments/${A}/data.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const doc = await json(r);
    expect(doc.conformsTo).toBe('https://project-open-data.cio.gov/v1.1/schema');
    expect(doc['@type']).toBe('dcat:Catalog');
    expect(doc['@id']).toBe(`${ORIGIN}/v1/departments/${A}/data.json`);
    expect(doc.dataset.map((d: any) => d.identifier)).toEqual([`${ORIGIN}/v1/datasets/${A}/2023`]);
    const a = doc.dataset[0];
    expect(a).toMatchObject({ title: '朔州市朔城区行政审批服务管理局2023年度部门决算', accessLevel: 'public', publisher: { name: '朔州市朔城区行政审批服务管理局' }, temporal: '2023-01-01/2023-12-31', spatial: '140602' });
    expect(a.description).toContain('部门决算');
    expect(a.keyword.length).toBeGreaterThan(0);
    expect(a.modified).toBe((await json(await call(`/v1/datasets/${A}/2023`))).modifiedAt);
    const csvs = a.distribution.filter((d: any) => d.mediaType === 'text/csv');
    expect(csvs).toHaveLength(10);
    for (const d of a.distribution) {
      expect(d.downloadURL).toMatch(new RegExp(`^${ORIGIN}/v1/datasets/${A}/2023/versions/2/`));
      expect(d.mediaType).toMatch(/^[-\w]+\/[-\w.+]+$/);
      const got = await call(local(d.downloadURL));
      expect(got.status, d.downloadURL).toBe(200);
    }
    expect(csvs[0].describedBy).toBe(`${ORIGIN}/v1/datasets/${A}/2023/versions/2/csv-metadata.json`);
    expect((await call(local(csvs[0].describedBy))).status).toBe(200);
  });

  it('keeps a withdrawn dataset listed without distributions', async () => {
    const doc = await json(await call(`/v1/departments/${C}/data.json`));
    const c = doc.dataset.find((d: any) => d.identifier === `${ORIGIN}/v1/datasets/${C}/2023`);
    expect(c.distribution).toEqual([]);
    expect(c.description).toContain('已撤回');
  });

  it('answers 404 problem+json for a department that has not published, or a malformed id', async () => {
    for (const path of ['/v1/departments/no-such-dept/data.json', '/v1/departments/NO_SUCH/data.json', '/v1/departments/no-such-dept/catalog.jsonld']) {
      const r = await call(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('GET /data.json (the index of the departments\' catalogs, contract 2)', () => {
  it('lists each department once with its years and its own catalogs, which answer', async () => {
    const r = await call('/data.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const doc = await json(r);
    expect(doc.format).toBe('gongkai.data-json-index/1');
    expect(doc.conformsTo).toBe('https://project-open-data.cio.gov/v1.1/schema');
    expect(doc['@id']).toBe(`${ORIGIN}/data.json`);
    const ids = doc.catalogs.map((e: any) => e.departmentId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    const a = doc.catalogs.find((e: any) => e.departmentId === A);
    expect(a).toEqual({
      departmentId: A, publisher: '朔州市朔城区行政审批服务管理局', regionCode: '140602', years: [2023],
      modified: (await json(await call(`/v1/datasets/${A}/2023`))).modifiedAt,
      dataJson: `${ORIGIN}/v1/departments/${A}/data.json`, dcat: `${ORIGIN}/v1/departments/${A}/catalog.jsonld`,
    });
    expect((await call(local(a.dataJson))).status).toBe(200);
    expect((await call(local(a.dcat))).status).toBe(200);
    expect(ids).toContain(C); // a withdrawn dataset's department stays listed
  });

  it('pages by department with next links, never repeating or skipping one; region limits it; bad values are 400', async () => {
    const all = (await json(await call('/data.json'))).catalogs.map((e: any) => e.departmentId);
    const seen: string[] = [];
    let url: string | null = `/data.json?after=${encodeURIComponent(all[0])}`;
    seen.push(all[0]);
    while (url) {
      const doc = await json(await call(url));
      seen.push(...doc.catalogs.map((e: any) => e.departmentId));
      url = doc.next ? local(doc.next) : null;
    }
    expect(seen).toEqual(all);
    const region = await json(await call('/data.json?region=1406'));
    expect(region.region).toBe('1406');
    expect(region.catalogs.every((e: any) => e.regionCode.startsWith('1406'))).toBe(true);
    expect((await json(await call('/data.json?region=31'))).catalogs).toEqual([]);
    for (const q of ['region=x', 'region=1', 'after=NOT_AN_ID']) {
      const bad = await call(`/data.json?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.headers.get('content-type'), q).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('dcat:DatasetSeries: a department\'s years', () => {
  it('every dataset names its department\'s series, and each page carries the series of its datasets once', async () => {
    const doc = await json(await call('/v1/catalog.jsonld'));
    const series = seriesNodes(doc);
    for (const d of datasetNodes(doc)) {
      const dept = d['dct:identifier'].split('/')[0];
      expect(d['dcat:inSeries']).toEqual({ '@id': `${ORIGIN}/v1/departments/${dept}/catalog.jsonld#series` });
      expect(series.filter((s) => s['@id'] === d['dcat:inSeries']['@id'])).toHaveLength(1);
    }
    const a = series.find((s) => s['dct:identifier'] === A)!;
    expect(a['dct:title']['@value']).toBe('朔州市朔城区行政审批服务管理局部门决算（历年）');
    expect(a['dct:publisher']['foaf:name']['@value']).toBe('朔州市朔城区行政审批服务管理局');
  });

  it('the department\'s own catalog gives the whole series: the years it spans, first and last, and each year\'s dataset', async () => {
    const r = await call(`/v1/departments/${A}/catalog.jsonld`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const doc = await json(r);
    expect(doc['@graph'][0]['@id']).toBe(`${ORIGIN}/v1/departments/${A}/catalog.jsonld`);
    const [series] = seriesNodes(doc);
    expect(series).toMatchObject({
      '@id': `${ORIGIN}/v1/departments/${A}/catalog.jsonld#series`,
      '@type': 'dcat:DatasetSeries',
      'dct:temporal': { 'dcat:startDate': { '@value': '2023-01-01' }, 'dcat:endDate': { '@value': '2023-12-31' } },
      'dcat:first': { '@id': `${ORIGIN}/v1/datasets/${A}/2023` },
      'dcat:last': { '@id': `${ORIGIN}/v1/datasets/${A}/2023` },
    });
    expect(series!['dct:modified']['@value']).toBe((await json(await call(`/v1/datasets/${A}/2023`))).modifiedAt);
    expect(datasetNodes(doc).map((d) => d['dct:identifier'])).toEqual([`${A}/2023`]);
    expect(paging(doc)['hydra:totalItems']['@value']).toBe('1');
  });

  it('bounds a page: limit is at most 100, and a page is compact JSON', async () => {
    expect((await call('/v1/catalog.jsonld?limit=101')).status).toBe(400);
    const text = await (await call('/v1/catalog.jsonld?limit=100')).text();
    expect(text).not.toContain('\n  ');
  });
});

describe('datapackage.json', () => {
  it('is Data Package v2 ($schema) that v1 readers take: resources with path and a Table Schema', async () => {
    const dp = await json(await call(`/v1/datasets/${A}/2023/versions/2/datapackage.json`));
    expect(dp.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(dp.profile).toBeUndefined(); // v2 drops `profile`; v1 readers default to a data package
    const csv = dp.resources.find((r: any) => r.path === 'tables/income.csv');
    expect(csv.schema.fields[0]).toMatchObject({ name: 'id', type: 'string' });
  });
});
