// HTTP as clients expect it: byte ranges and If-Range on versioned files, HEAD with Content-Length,
// compression where the edge does not compress, CORS and caching on the API's description and schemas,
// 405 with Allow, unknown query parameters ignored, and the catalog's total, facets and sort.
// (The bytes on the wire — gzip and br really applied, curl's ranges — are in test/node/http-wire.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { call, kvWritten, registerKey, seedFiling, submit } from './support.ts';

const A = 'http-a';
const B = 'http-b';
const C = 'http-c';
const file = (d: string, path: string, n = 1, y = 2023) => `/v1/datasets/${d}/${y}/versions/${n}/${path}`;
const CSV = file(A, 'tables/income.csv');
const json = (r: Response) => r.json() as Promise<Record<string, any>>;
const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

let whole: Uint8Array;
let etag: string;

beforeAll(async () => {
  const publish = async (d: string, years: number[], edit: (f: ReturnType<typeof seedFiling>) => void = () => undefined) => {
    const key = await registerKey(d);
    for (const year of years) {
      const f = seedFiling(d);
      f.year = year;
      edit(f);
      const r = await submit(f, key);
      if (r.status !== 201) throw new Error(await r.text());
    }
  };
  await publish(A, [2021, 2022, 2023]);
  await publish(B, [2023], (f) => { f.department.regionCode = '140621'; f.department.name = '山阴县甲局'; });
  await publish(C, [2023], (f) => { f.department.regionCode = '310101'; f.department.name = '黄浦区乙局'; });
  await kvWritten();
  const r = await call(CSV);
  whole = await bytes(r);
  etag = r.headers.get('etag')!;
}, 60_000);

describe('byte ranges on versioned files', () => {
  it('advertises Accept-Ranges and answers one range with 206, Content-Range and exactly those bytes', async () => {
    expect((await call(CSV)).headers.get('accept-ranges')).toBe('bytes');
    const r = await call(CSV, { headers: { range: 'bytes=0-9' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 0-9/${whole.byteLength}`);
    expect(r.headers.get('content-length')).toBe('10');
    expect(r.headers.get('etag')).toBe(etag);
    expect(await bytes(r)).toEqual(whole.slice(0, 10));
    const suffix = await call(CSV, { headers: { range: 'bytes=-7' } });
    expect(suffix.status).toBe(206);
    expect(await bytes(suffix)).toEqual(whole.slice(-7));
    const open = await call(CSV, { headers: { range: 'bytes=100-' } });
    expect(open.headers.get('content-range')).toBe(`bytes 100-${whole.byteLength - 1}/${whole.byteLength}`);
    expect(await bytes(open)).toEqual(whole.slice(100));
    const past = await call(CSV, { headers: { range: `bytes=${whole.byteLength - 3}-${whole.byteLength + 1000}` } });
    expect(past.status).toBe(206);
    expect(await bytes(past)).toEqual(whole.slice(-3));
  });

  it('416 with Content-Range: bytes */size for a range past the end; several ranges or a malformed one get the whole file', async () => {
    for (const range of [`bytes=${whole.byteLength}-`, 'bytes=-0']) {
      const r = await call(CSV, { headers: { range } });
      expect(r.status, range).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${whole.byteLength}`);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    for (const range of ['bytes=0-1,5-6', 'bytes=x-y', 'items=0-1', 'bytes=9-2']) {
      const r = await call(CSV, { headers: { range } });
      expect(r.status, range).toBe(200);
      expect(await bytes(r)).toEqual(whole);
    }
  });

  it('If-Range: the range with the strong ETag, the whole file with another, a weak one or a date', async () => {
    expect((await call(CSV, { headers: { range: 'bytes=0-3', 'if-range': etag } })).status).toBe(206);
    for (const ifRange of ['"0000"', `W/${etag}`, 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      const r = await call(CSV, { headers: { range: 'bytes=0-3', 'if-range': ifRange } });
      expect(r.status, ifRange).toBe(200);
      expect(await bytes(r)).toEqual(whole);
    }
    // If-None-Match comes first: a cached copy is still current, whatever the range.
    expect((await call(CSV, { headers: { range: 'bytes=0-3', 'if-none-match': etag } })).status).toBe(304);
  });

  it('a range is never compressed', async () => {
    const r = await call(CSV, { headers: { range: 'bytes=0-9', 'accept-encoding': 'gzip, br' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-encoding')).toBeNull();
  });
});

describe('HEAD', () => {
  it('gives the Content-Length GET would, without a body, for files and JSON documents', async () => {
    for (const path of [CSV, file(A, 'filing.json'), file(A, 'manifest.json'), `/v1/datasets/${A}/2023`, '/v1/datasets?department=' + A, '/openapi.json', '/schemas/filing.json', '/v1/keys', '/v1/changes', '/docs', '/data.json']) {
      const get = await bytes(await call(path));
      const head = await call(path, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-length'), path).toBe(String(get.byteLength));
      expect((await bytes(head)).byteLength, path).toBe(0);
    }
    const range = await call(CSV, { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-length')).toBe('10');
  });
});

describe('compression', () => {
  it('CSV is compressed as the client asks (br or gzip by weight), with a weak ETag and Vary: Accept-Encoding', async () => {
    const cases: [string, string | null][] = [['gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0.5, gzip', 'gzip'], ['*', 'br'], ['identity', null], ['gzip;q=0, br;q=0', null], ['deflate', null]];
    for (const [accept, coding] of cases) {
      const r = await call(CSV, { headers: { 'accept-encoding': accept } });
      expect(r.status, accept).toBe(200);
      expect(r.headers.get('content-encoding'), accept).toBe(coding);
      expect(r.headers.get('vary'), accept).toMatch(/Accept-Encoding/);
      expect(r.headers.get('etag'), accept).toBe(coding ? `W/${etag}` : etag);
      if (coding) expect(r.headers.get('content-length'), accept).toBeNull();
    }
    // A weak ETag still revalidates (If-None-Match compares weakly).
    expect((await call(CSV, { headers: { 'accept-encoding': 'gzip', 'if-none-match': `W/${etag}` } })).status).toBe(304);
    // No Accept-Encoding: nothing compressed.
    expect((await call(CSV)).headers.get('content-encoding')).toBeNull();
  });

  it('problem documents and JSON Schemas too; JSON is left to the edge, which compresses it itself; a pack is never compressed again', async () => {
    const gz = { 'accept-encoding': 'gzip' };
    expect((await call('/v1/datasets/nobody/2023', { headers: gz })).headers.get('content-encoding')).toBe('gzip');
    expect((await call('/schemas/filing.json', { headers: gz })).headers.get('content-encoding')).toBe('gzip');
    const js = await call(file(A, 'tables/income.json'), { headers: gz });
    expect(js.headers.get('content-encoding')).toBeNull(); // application/json: compressed by the edge (and wrangler dev)
    expect(js.headers.get('vary')).toMatch(/Accept-Encoding/);
    const pack = await call(`/v1/packs/${A}/2023/1`, { headers: gz });
    expect(pack.headers.get('content-type')).toBe('application/gzip');
    expect(pack.headers.get('content-encoding')).toBeNull();
  });
});

describe('the API description and schemas from another origin', () => {
  for (const path of ['/openapi.json', '/schemas/filing.json', '/schemas/catalog-page.json']) {
    it(`${path}: CORS, ETag, Cache-Control, 304, and a preflight`, async () => {
      const r = await call(path, { headers: { origin: 'https://swagger.example' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      expect(r.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
      expect((await call(path, { headers: { 'if-none-match': r.headers.get('etag')! } })).status).toBe(304);
      const pre = await call(path, { method: 'OPTIONS', headers: { origin: 'https://swagger.example', 'access-control-request-method': 'GET' } });
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    });
  }
});

describe('405 with Allow', () => {
  it('a known path with a method it does not serve', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/datasets', 'GET, HEAD'], ['POST', '/v1/keys', 'GET, HEAD'], ['PUT', CSV, 'GET, HEAD'],
      ['GET', '/v1/submissions', 'POST'], ['DELETE', `/v1/datasets/${A}/2023`, 'GET, HEAD'], ['POST', '/openapi.json', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await call(path, { method });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await json(r)).type).toBe('/docs#problem-method-not-allowed');
    }
    expect((await call('/v1/nothing-here')).status).toBe(404);
    expect((await call('/v1/nothing-here', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('unknown query parameters on read routes', () => {
  it('are ignored; a bad value of a known one is still a 400 in words', async () => {
    const extra = 'utm_source=x&utm_campaign=y&_=1700000000000&anything=1';
    for (const path of ['/v1/changes', '/v1/log', '/v1/catalog.jsonld', '/data.json', CSV, `/v1/datasets/${A}/2023`, `/v1/datasets/${A}/2023/versions/1`]) {
      const r = await call(`${path}${path.includes('?') ? '&' : '?'}${extra}`);
      expect(r.status, path).toBe(200);
    }
    for (const path of ['/v1/changes?limit=0', '/v1/log?since=x', '/v1/catalog.jsonld?page=0', '/v1/changes?limit=1&limit=2']) {
      const r = await call(path);
      expect(r.status, path).toBe(400);
      expect((await json(r)).detail, path).not.toMatch(/Invalid|Expected|received/);
    }
  });
});

describe('the catalog: total, facets and sort', () => {
  const page = async (q: string) => json(await call(`/v1/datasets?${q}`));
  const ids = (p: Record<string, any>) => p.items.map((i: any) => i.id);

  it('counts what the filters match, on every page, with facets by region, year, template and worst finding', async () => {
    const p = await page(`department=${A}&limit=1`);
    expect(p.items).toHaveLength(1);
    expect(p.total).toBe(3);
    expect(p.facets.year).toEqual([{ value: 2023, count: 1 }, { value: 2022, count: 1 }, { value: 2021, count: 1 }]);
    expect(p.facets.region).toEqual([{ value: '14', count: 3 }]);
    expect(p.facets.template).toEqual([{ value: 'shanxi-2023', count: 3 }]);
    const f = p.facets.findings;
    expect(f.error + f.warning + f.info + f.none).toBe(3);
    expect((await call(p.links.next)).status).toBe(200);
    expect((await page(p.links.next.split('?')[1])).total).toBe(3);
  });

  it('region facets go one level below the region asked for', async () => {
    const all = await page('limit=500');
    const ours = all.items.filter((i: any) => [A, B, C].includes(i.departmentId));
    expect(ours).toHaveLength(5);
    expect(all.facets.region.every((r: any) => r.value.length === 2)).toBe(true);
    expect(all.facets.region.find((r: any) => r.value === '31')?.count).toBeGreaterThanOrEqual(1);
    const shanxi = await page('region=14&year=2023');
    expect(shanxi.facets.region.every((r: any) => r.value.length === 4 && r.value.startsWith('14'))).toBe(true);
    const shuozhou = await page('region=1406&year=2023');
    expect(shuozhou.facets.region.map((r: any) => r.value)).toEqual(expect.arrayContaining(['140602', '140621']));
    expect(shuozhou.facets.region.every((r: any) => r.value.length === 6)).toBe(true);
  });

  it('a findings filter agrees with its facet, and a template filter with its', async () => {
    const all = await page('limit=500');
    for (const severity of ['error', 'warning', 'info', 'none'] as const) {
      expect((await page(`findings=${severity}&limit=1`)).total, severity).toBe(all.facets.findings[severity]);
    }
    expect((await page('template=shanxi-2023&limit=1')).total).toBe(all.facets.template.find((t: any) => t.value === 'shanxi-2023').count);
    expect((await page('template=no-such-template')).total).toBe(0);
  });

  it('sorts by year (latest first), name and modification time, and pages each order without repeating or skipping', async () => {
    const latest = await page(`department=${A}&sort=-year`);
    expect(latest.sort).toBe('-year');
    expect(latest.items.map((i: any) => i.year)).toEqual([2023, 2022, 2021]);
    for (const sort of ['department', 'name', 'year', '-year', 'modified', '-modified']) {
      const full = ids(await page(`sort=${sort}&limit=500`));
      const paged: string[] = [];
      let next: string | null = `/v1/datasets?sort=${sort}&limit=2`;
      while (next) {
        const p: Record<string, any> = await json(await call(next));
        expect(p.sort).toBe(sort);
        paged.push(...ids(p));
        next = p.links.next;
      }
      expect(paged, sort).toEqual(full);
      expect(new Set(paged).size, sort).toBe(paged.length);
    }
    const byName = (await page('sort=name&limit=500')).items.map((i: any) => i.departmentName);
    expect(byName).toEqual([...byName].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const byModified = (await page('sort=-modified&limit=500')).items.map((i: any) => i.modifiedAt);
    expect(byModified).toEqual([...byModified].sort().reverse());
  });

  it('a cursor continues only the order it came from', async () => {
    const p = await page('sort=-modified&limit=1');
    const cursor = new URL(p.links.next, 'http://x').searchParams.get('cursor')!;
    const r = await call(`/v1/datasets?sort=year&cursor=${cursor}`);
    expect(r.status).toBe(400);
    expect((await json(r)).detail).toMatch(/sort=-modified/);
  });
});
