import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/worker/app.ts';
import { hotForget } from '../../src/worker/storage/hot.ts';
import { ADMIN, call, kvWritten, instrumentedKv, registerKey, seedFiling, submit } from './support.ts';

const D = 'read-dept';
const base = `/v1/datasets/${D}/2023`;
const json = (r: Response) => r.json() as Promise<Record<string, any>>;
const TABLES = ['income-expenditure', 'income', 'expenditure', 'fiscal-income-expenditure', 'general-budget-expenditure', 'general-budget-basic-expenditure', 'government-fund', 'state-capital', 'three-public', 'related-information'];

beforeAll(async () => {
  const key = await registerKey(D);
  const f = seedFiling(D);
  f.tables[1]!.sections[0]!.rows[2]!.name = '=HYPERLINK("http://evil")';
  for (const year of [2021, 2022, 2023]) {
    const g = structuredClone(f);
    g.year = year;
    const r = await submit(g, key);
    if (r.status !== 201) throw new Error(await r.text());
  }
  const correction = structuredClone(f);
  correction.narrative.other = ['更正'];
  expect((await submit(correction, key)).status).toBe(201); // 2023 version 2
}, 60_000);

describe('catalog', () => {
  it('lists datasets with links, filtered by year, region, department and a Chinese name search', async () => {
    const all = await json(await call('/v1/datasets?department=' + D));
    expect(all.items.map((i: any) => i.year)).toEqual([2021, 2022, 2023]);
    const item = all.items[2];
    expect(item.links.self).toBe(base);
    expect(item.links.latest).toBe(`${base}/versions/2`);
    expect(item.latestVersion).toBe(2);
    expect((await json(await call(`/v1/datasets?department=${D}&year=2022`))).items).toHaveLength(1);
    expect((await json(await call(`/v1/datasets?department=${D}&region=1406`))).items).toHaveLength(3);
    expect((await json(await call(`/v1/datasets?department=${D}&region=11`))).items).toHaveLength(0);
    expect((await json(await call(`/v1/datasets?department=${D}&q=${encodeURIComponent('行政审批')}`))).items).toHaveLength(3);
    expect((await json(await call(`/v1/datasets?department=${D}&q=${encodeURIComponent('教育局')}`))).items).toHaveLength(0);
    expect((await json(await call(`/v1/datasets?q=${encodeURIComponent('%')}&department=${D}`))).items).toHaveLength(0);
  });

  it('pages with a cursor, never repeating or skipping', async () => {
    const seen: number[] = [];
    let next: string | null = `/v1/datasets?department=${D}&limit=1`;
    while (next) {
      const page: Record<string, any> = await json(await call(next));
      seen.push(...page.items.map((i: any) => i.year));
      next = page.links.next;
    }
    expect(seen).toEqual([2021, 2022, 2023]);
  });

  it('answers bad values of its parameters with 400 problem+json in plain words, and ignores parameters it does not define', async () => {
    for (const q of ['limit=501', 'limit=0', 'limit=x', 'year=23', 'year=2023&year=2022', 'region=abc', 'cursor=zzz', 'sort=size', 'findings=bad', 'template=%20', 'q=']) {
      const r = await call(`/v1/datasets?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const p = await json(r);
      expect(p.detail.length, q).toBeGreaterThan(3);
      // Never a validator's own wording ("Invalid type: Expected string but received Array", "Expected never").
      expect(p.detail, q).not.toMatch(/Invalid|Expected|received/);
    }
    const plain = await json(await call(`/v1/datasets?department=${D}`));
    const tracked = await call(`/v1/datasets?department=${D}&utm_source=newsletter&utm_medium=email&_=1700000000000&foo=bar`);
    expect(tracked.status).toBe(200);
    expect((await json(tracked)).items).toEqual(plain.items);
  });
});

describe('datasets and versions', () => {
  it('describes a dataset with every version, its sha256 and findings summary', async () => {
    const ds = await json(await call(base));
    expect(ds.versions.map((v: any) => v.version)).toEqual([1, 2]);
    for (const v of ds.versions) {
      expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(v.status).toBe('published');
      expect(v.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(v.findings.error).toBeGreaterThan(0);
    }
    expect(ds.findings.error).toBeGreaterThan(0);
  });

  it('latest redirects to the immutable version URL; files under latest carry Content-Location', async () => {
    const r = await call(`${base}/versions/latest`);
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`${base}/versions/2`);
    const f = await call(`${base}/versions/latest/tables/income.csv`);
    expect(f.status).toBe(200);
    expect(f.headers.get('content-location')).toBe(`${base}/versions/2/tables/income.csv`);
    expect(f.headers.get('cache-control')).not.toContain('immutable');
  });

  it('a version lists its files with size and sha256, and each file is served with those bytes', async () => {
    const v = await json(await call(`${base}/versions/1`));
    const paths = v.files.map((f: any) => f.path);
    for (const t of TABLES) expect(paths).toEqual(expect.arrayContaining([`tables/${t}.csv`, `tables/${t}.json`]));
    expect(paths).toEqual(expect.arrayContaining(['filing.json', 'findings.json', 'datapackage.json', 'csv-metadata.json', 'manifest.json', 'submission.json']));
    for (const f of v.files) {
      const r = await call(f.href);
      expect(r.status, f.path).toBe(200);
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(bytes.byteLength, f.path).toBe(f.bytes);
      const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
      expect(sha, f.path).toBe(f.sha256);
      expect(r.headers.get('etag')).toBe(`"${f.sha256}"`);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('filing.json is the whole filing; findings.json the checks', async () => {
    const filing = await json(await call(`${base}/versions/1/filing.json`));
    expect(filing.tables).toHaveLength(10);
    expect(filing.department.id).toBe(D);
    const findings = await json(await call(`${base}/versions/1/findings.json`));
    expect(findings.summary.error).toBeGreaterThan(0);
    expect(findings.findings.some((f: any) => f.rule.startsWith('attachment.'))).toBe(true);
  });
});

describe('tables', () => {
  it('CSV: RFC 4180 UTF-8 with machine names, blanks empty, 0.00 kept, exact amounts', async () => {
    const r = await call(`${base}/versions/1/tables/income-expenditure.csv`);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    const text = await r.text();
    const [header] = text.split(/\r?\n/);
    expect(header).toMatch(/^[a-z_,]+$/);
    expect(text).toContain('1322.38');
    expect(text).not.toContain('1,322.38');
    const other = text.split(/\r?\n/).find((l) => l.includes('其他收入'))!;
    expect(other).toContain('0.00');
    const foreign = text.split(/\r?\n/).find((l) => l.includes('外交支出'))!;
    expect(foreign).toMatch(/,$/); // blank stays an empty field
  });

  it('neutralises formula injection in text cells, not in amounts', async () => {
    const text = await (await call(`${base}/versions/1/tables/income.csv`)).text();
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toMatch(/'=HYPERLINK/);
  });

  it('?bom=1 prefixes the UTF-8 byte-order mark with its own ETag', async () => {
    const plain = await call(`${base}/versions/1/tables/general-budget-basic-expenditure.csv`);
    const bom = await call(`${base}/versions/1/tables/general-budget-basic-expenditure.csv?bom=1`);
    const a = new Uint8Array(await plain.arrayBuffer());
    const b = new Uint8Array(await bom.arrayBuffer());
    expect([...b.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.slice(3)).toEqual(a);
    expect(bom.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect((await call(`${base}/versions/1/tables/income.csv?bom=2`)).status).toBe(400);
  });

  it('tables by Accept', async () => {
    const csv = await call(`${base}/versions/1/tables/income`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-location')).toBe(`${base}/versions/1/tables/income.csv`);
    const js = await call(`${base}/versions/1/tables/income`, { headers: { accept: 'application/json' } });
    expect(js.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await call(`${base}/versions/1/tables/income`, { headers: { accept: 'image/png' } })).status).toBe(406);
  });

  it('strong ETag and 304 on If-None-Match', async () => {
    const r = await call(`${base}/versions/1/tables/income.json`);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await call(`${base}/versions/1/tables/income.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const cat = await call('/v1/datasets');
    expect((await call('/v1/datasets', { headers: { 'if-none-match': cat.headers.get('etag')! } })).status).toBe(304);
    expect(cat.headers.get('cache-control')).toMatch(/max-age=\d{1,3}\b/);
  });

  it('CORS is open for GET', async () => {
    const pre = await call(`${base}/versions/1/tables/income.csv`, { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const get = await call('/v1/datasets', { headers: { origin: 'https://example.org' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('errors', () => {
  const cases: [string, number][] = [
    ['/v1/datasets/nobody/2023', 404],
    [`/v1/datasets/${D}/1999`, 404],
    [`${base}/versions/9`, 404],
    [`${base}/versions/abc`, 404],
    [`${base}/versions/9/tables/income.csv`, 404],
    [`${base}/versions/1/tables/nothing.csv`, 404],
    [`${base}/versions/1/../../x`, 404],
    ['/v1/nothing', 404],
    ['/v1/datasets/UPPER/2023', 404],
  ];
  for (const [path, status] of cases) {
    it(`${path} → ${status} problem+json`, async () => {
      const r = await call(path);
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const p = await json(r);
      expect(p).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    });
  }
});

describe('storage work per read', () => {
  it('a versioned table costs one KV read (none once hot in the isolate); latest at most two', async () => {
    const d = 'read-count';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    await kvWritten();
    const path = `/v1/datasets/${d}/2023/versions/1/tables/three-public.csv`; // a version no request has read
    const { kv, counts } = instrumentedKv(env.FILES);
    const r = await call(path, {}, { FILES: kv });
    expect(r.status).toBe(200);
    expect(counts.get).toBe(1);
    const again = await call(path, {}, { FILES: kv });
    expect(await again.text()).toBe(await r.text());
    const other = await call(`/v1/datasets/${d}/2023/versions/1/tables/income.json`, {}, { FILES: kv });
    expect(other.status).toBe(200);
    expect(counts.get).toBe(1); // served from the isolate's cache of the immutable version
    const { kv: kv2, counts: c2 } = instrumentedKv(env.FILES);
    const l = await call(`/v1/datasets/${d}/2023/versions/latest/tables/state-capital.csv`, {}, { FILES: kv2 });
    expect(l.status).toBe(200);
    expect(c2.get).toBe(1); // the latest pointer; the version itself is hot
  });

  it('a version whose pack this location does not see yet is read from the sequencer', async () => {
    await kvWritten();
    await env.FILES.delete(`p/${D}/2022/1`); // as KV looks elsewhere in the minute after the write
    hotForget(`p/${D}/2022/1`);
    const r = await call(`/v1/datasets/${D}/2022/versions/1/tables/income.csv`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('1322.38');
  });
});

describe('withdrawal', () => {
  it('a withdrawn version answers 410 with the reason, and stays in the feed as a tombstone', async () => {
    const w = await call(`/v1/admin/datasets/${D}/2021/versions/1/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '误传了他单位的报表' }) });
    expect(w.status).toBe(200);
    const r = await call(`/v1/datasets/${D}/2021/versions/1/tables/income.csv`);
    expect(r.status).toBe(410);
    expect((await json(r)).detail).toContain('误传了他单位的报表');
    const feed = await json(await call('/v1/changes?since=0&limit=1000'));
    const tomb = feed.results.find((c: any) => c.departmentId === D && c.year === 2021 && c.kind === 'withdrawn');
    expect(tomb).toMatchObject({ version: 1, reason: '误传了他单位的报表' });
    expect((await call(`/v1/admin/datasets/${D}/2021/versions/1/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'again' }) })).status).toBe(409);
  });
});

describe('OpenAPI', () => {
  it('documents every route the app serves', async () => {
    const doc = await json(await call('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, object>)) for (const m of Object.keys(item)) documented.add(`${m.toUpperCase()} ${path}`);
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}')}`);
    for (const route of new Set(served)) expect(documented, route).toContain(route);
  });

  it('serves a docs page with no outside scripts', async () => {
    const r = await call('/docs');
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  });
});

describe('JSON Schemas', () => {
  it('serves generated JSON Schemas of every JSON form', async () => {
    for (const name of ['filing', 'table', 'datapackage', 'findings', 'manifest', 'provenance', 'submission']) {
      const r = await call(`/schemas/${name}.json`);
      expect(r.status, name).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/schema\+json/);
      const s = await json(r);
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.type).toBe('object');
    }
    expect((await call('/schemas/nothing.json')).status).toBe(404);
  });
});
