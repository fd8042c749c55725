// Downloads for people and tools (issue 17 §1): the CSV with the headers as printed, the table's flat
// JSON shapes, and a version as one zip, each checked against the version's published files.
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.ts';
import { call, expectProblem, registerKey, seedFiling, submit } from './support.ts';

const D = 'downloads-dept';
const base = `/v1/datasets/${D}/2023/versions`;
const csvOf = (r: Response) => r.text();
const lines = (text: string) => text.split('\r\n');

beforeAll(async () => {
  const key = await registerKey(D);
  const f = seedFiling(D);
  f.tables[1]!.sections[0]!.rows[2]!.name = '=HYPERLINK("http://evil")';
  const r = await submit(f, key);
  if (r.status !== 201) throw new Error(await r.text());
}, 60_000);

describe('?header=zh', () => {
  it('answers the published rows under the printed titles, group·title and 栏次, with its own ETag', async () => {
    const en = await call(`${base}/1/tables/general-budget-expenditure.csv`);
    const zh = await call(`${base}/1/tables/general-budget-expenditure.csv?header=zh`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [enText, zhText] = [await csvOf(en), await csvOf(zh)];
    expect(lines(zhText)[0]).toBe('行标识,表内部分,行次,行键,科目编码,科目级次,科目名称,单位,本年支出·小计（栏次1）,本年支出·基本支出（栏次2）,本年支出·项目支出（栏次3）');
    expect(lines(zhText).slice(1)).toEqual(lines(enText).slice(1));
    expect(zh.headers.get('etag')).toMatch(/^"[0-9a-f]{64}-zh"$/);
    expect(zh.headers.get('etag')).not.toBe(en.headers.get('etag'));
    expect(decodeURIComponent(zh.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/-中文表头\.csv$/);
    expect((await call(`${base}/1/tables/general-budget-expenditure.csv?header=zh`, { headers: { 'if-none-match': zh.headers.get('etag')! } })).status).toBe(304);
  });

  it('names a table without codes 项目, keeps the text cells neutralised, and takes bom=1 too', async () => {
    expect(lines(await csvOf(await call(`${base}/1/tables/three-public.csv?header=zh`)))[0]).toContain(',项目,');
    const income = await csvOf(await call(`${base}/1/tables/income.csv?header=zh`));
    expect(income).toMatch(/'=HYPERLINK/);
    expect(income).not.toMatch(/(^|,)=HYPERLINK/m);
    const bom = await call(`${base}/1/tables/income.csv?header=zh&bom=1`);
    const bytes = new Uint8Array(await bom.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(income);
    expect(bom.headers.get('etag')).toMatch(/-zh-bom"$/);
  });

  it('header=en is the published file; another value is a 400', async () => {
    const en = await call(`${base}/1/tables/income.csv?header=en`);
    expect(await en.text()).toBe(await (await call(`${base}/1/tables/income.csv`)).text());
    await expectProblem(await call(`${base}/1/tables/income.csv?header=cn`), 400, 'bad-request');
  });
});

describe('_shape', () => {
  it('objects: one flat object a row, codes as strings, exact decimals, blank null', async () => {
    const r = await call(`${base}/1/tables/expenditure.json?_shape=objects`);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const rows = (await r.json()) as Record<string, string | null>[];
    expect(Object.keys(rows[0]!)).toEqual(['id', 'section', 'code', 'name', 'total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated']);
    expect(rows[0]).toMatchObject({ id: 'main:total', code: null, name: '合计', total: '1322.38', basic: '607.16', remit_superior: null });
    expect(rows.find((o) => o.code === '201')).toMatchObject({ code: '201', total: '1322.38' });
    // The same figures as the table JSON.
    const table = (await (await call(`${base}/1/tables/expenditure.json`)).json()) as { rows: { id: string; values: Record<string, string | null> }[] };
    for (const row of table.rows) for (const [k, value] of Object.entries(row.values)) expect(rows.find((o) => o.id === row.id)![k]).toBe(value === 'n/a' ? null : value);
  });

  it('arrays: a header array then rows; ndjson by parameter and by extension, with distinct ETags', async () => {
    const arrays = (await (await call(`${base}/1/tables/expenditure.json?_shape=arrays`)).json()) as (string | null)[][];
    expect(arrays[0]).toEqual(['id', 'section', 'code', 'name', 'total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated']);
    expect(arrays[1]).toEqual(['main:total', 'main', null, '合计', '1322.38', '607.16', '715.22', null, null, null]);
    const byExt = await call(`${base}/1/tables/expenditure.ndjson`);
    const byParam = await call(`${base}/1/tables/expenditure.json?_shape=ndjson`);
    expect(byExt.headers.get('content-type')).toBe('application/x-ndjson');
    const text = await byExt.text();
    expect(text).toBe(await byParam.text());
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(arrays.length - 1);
    expect(records[1]).toMatchObject({ code: '201', total: '1322.38' });
    const tags = new Set([byExt, byParam].map((r) => r.headers.get('etag')));
    tags.add((await call(`${base}/1/tables/expenditure.json?_shape=arrays`)).headers.get('etag'));
    tags.add((await call(`${base}/1/tables/expenditure.json`)).headers.get('etag'));
    expect(tags.size).toBe(3); // ndjson twice, arrays, the table JSON
  });

  it('a bad _shape is a 400 naming the allowed values; an unknown table is a 404', async () => {
    const bad = await call(`${base}/1/tables/expenditure.json?_shape=rows`);
    const body = await expectProblem(bad, 400, 'bad-request');
    expect(JSON.stringify(body)).toContain('objects, arrays, ndjson');
    await expectProblem(await call(`${base}/1/tables/no-such-table.ndjson`), 404);
  });
});

describe('version.zip', () => {
  it('holds every file of the manifest under its path, each matching its sha256, and manifest.json', async () => {
    const r = await call(`${base}/1/version.zip`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''.*-2023-v1\.zip$/);
    const entries = unzipSync(new Uint8Array(await r.arrayBuffer()));
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as { files: { path: string; sha256: string }[] };
    expect(Object.keys(entries).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const f of manifest.files) expect(await sha256Hex(entries[f.path]!), f.path).toBe(f.sha256);
    const published = await (await call(`${base}/1/manifest.json`)).text();
    expect(new TextDecoder().decode(entries['manifest.json'])).toBe(published);
  });

  it('is the same bytes every time, strong ETag and 304; latest answers with Content-Location', async () => {
    const [a, b] = [await call(`${base}/1/version.zip`), await call(`${base}/1/version.zip`)];
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array(await b.arrayBuffer()));
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}-zip"$/);
    expect((await call(`${base}/1/version.zip`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const latest = await call(`${base}/latest/version.zip`);
    expect(latest.headers.get('content-location')).toBe(`${base}/1/version.zip`);
    await expectProblem(await call(`${base}/9/version.zip`), 404);
  });
});
