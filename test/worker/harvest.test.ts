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
const datasetNodes = (doc: Record<string, any>) => doc['@graph'][0]['dcat:dataset'] as Record<string, any>[];
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
    expect(doc['@context']).toMatchObject({ dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', spdx: 'http://spdx.org/rdf/terms#', hydra: 'http://www.w3.org/ns/hydra/core#' });
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
      expect(d['dcat:mediaType']['@id']).toMatch(/^http:\/\/www\.iana\.org\/assignments\/media-types\/(text\/csv|application\/json|application\/csvm\+json)$/);
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
      expect(d['adms:status']['@id']).toBe('http://publications.europa.eu/resource/authority/distribution-status/WITHDRAWN');
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

describe('GET /data.json (Project Open Data 1.1)', () => {
  it('lists every dataset with the required fields and CSV distributions that download', async () => {
    const r = await call('/data.json');
    expect(r.status).toBe(200);
    const doc = await json(r);
    expect(doc.conformsTo).toBe('https://project-open-data.cio.gov/v1.1/schema');
    expect(doc['@type']).toBe('dcat:Catalog');
    const a = doc.dataset.find((d: any) => d.identifier === `${ORIGIN}/v1/datasets/${A}/2023`);
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
    const doc = await json(await call('/data.json'));
    const c = doc.dataset.find((d: any) => d.identifier === `${ORIGIN}/v1/datasets/${C}/2023`);
    expect(c.distribution).toEqual([]);
    expect(c.description).toContain('已撤回');
  });
});
