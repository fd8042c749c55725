// GET …/versions/{n}/version.xlsx (issue 17 §1): the version as one workbook, made on request from the
// version's files: its media type, a strong ETag with 304, `latest` with Content-Location, ranges, HEAD,
// 404 problem+json for an unknown version and 410 for a withdrawn one.
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, expectProblem, ORIGIN, registerKey, seedFiling, submit } from './support.ts';
import { xlsxCacheUrl } from '../../src/worker/routes/version-xlsx.ts';
import { XLSX_RENDERING } from '../../src/core/render/version-xlsx.ts';

const D = 'xlsx-dept';
const W = 'xlsx-withdrawn';
const base = `/v1/datasets/${D}/2023/versions`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const text = new TextDecoder();

beforeAll(async () => {
  for (const d of [D, W]) {
    const r = await submit(seedFiling(d), await registerKey(d));
    if (r.status !== 201) throw new Error(await r.text());
  }
  const w = await call(`/v1/admin/datasets/${W}/2023/versions/1/withdraw`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '报送错误' }) });
  expect(w.status).toBe(200);
}, 60_000);

describe('version.xlsx', () => {
  it('answers an Office Open XML workbook named after the version, a sheet per table and the findings', async () => {
    const r = await call(`${base}/1/version.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(XLSX);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''.*-2023-v1\.xlsx$/);
    const parts = unzipSync(new Uint8Array(await r.arrayBuffer()));
    expect(Object.keys(parts)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet11.xml']));
    const workbook = text.decode(parts['xl/workbook.xml']);
    expect(workbook).toContain('<sheet name="公开01表" sheetId="1" r:id="rId1"/>');
    expect(workbook).toContain('<sheet name="核对结果" sheetId="11" r:id="rId11"/>');
    const strings = text.decode(parts['xl/sharedStrings.xml']);
    expect(strings).toContain('<t>公开01表 收入支出决算总表</t>');
    expect(strings).toContain('<t>2010301</t>'); // a code is a string, not a number
    expect(text.decode(parts['xl/worksheets/sheet1.xml'])).toMatch(/<c r="C\d+" s="\d+"><v>1322\.38<\/v><\/c>/);
  });

  it('has a strong ETag from the manifest, 304 on If-None-Match, the same bytes every time, and HEAD with its length', async () => {
    const [a, b] = [await call(`${base}/1/version.xlsx`), await call(`${base}/1/version.xlsx`)];
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"[0-9a-f]{64}-${XLSX_RENDERING}"$`));
    const manifest = await call(`${base}/1/manifest.json`);
    expect(etag).toBe(`${manifest.headers.get('etag')!.replace(/^W\//, '').replace(/"$/, '')}-${XLSX_RENDERING}"`);
    const [x, y] = [new Uint8Array(await a.arrayBuffer()), new Uint8Array(await b.arrayBuffer())];
    expect(x).toEqual(y);
    expect((await call(`${base}/1/version.xlsx`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await call(`${base}/1/version.xlsx`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(x.byteLength));
    const part = await call(`${base}/1/version.xlsx`, { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([0x50, 0x4b, 0x03, 0x04]); // PK\3\4
  });

  it('keeps what it made in the data centre\'s cache too, by manifest, rendering and origin: another isolate does not make it again', async () => {
    const made = new Uint8Array(await (await call(`${base}/1/version.xlsx`)).arrayBuffer());
    const sha = (await call(`${base}/1/manifest.json`)).headers.get('etag')!.replace(/^W\//, '').replace(/"/g, '');
    await new Promise((r) => setTimeout(r, 50)); // the put runs after the answer (waitUntil)
    const hit = await caches.default.match(xlsxCacheUrl(sha, ORIGIN));
    expect(hit).toBeDefined();
    expect(new Uint8Array(await hit!.arrayBuffer())).toEqual(made);
    expect(await caches.default.match(xlsxCacheUrl(sha, 'http://other.test'))).toBeUndefined();
  });

  it('answers latest with the numbered workbook, Content-Location and a short cache', async () => {
    const latest = await call(`${base}/latest/version.xlsx`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get('content-type')).toBe(XLSX);
    expect(latest.headers.get('content-location')).toBe(`${base}/1/version.xlsx`);
    expect(latest.headers.get('cache-control')).not.toContain('immutable');
    expect(latest.headers.get('etag')).toBe((await call(`${base}/1/version.xlsx`)).headers.get('etag'));
  });

  it('answers problem+json: 404 for an unknown version or dataset, 404 for a malformed one, 410 for a withdrawn one', async () => {
    await expectProblem(await call(`${base}/9/version.xlsx`), 404);
    await expectProblem(await call(`/v1/datasets/no-such-dept/2023/versions/1/version.xlsx`), 404);
    await expectProblem(await call(`/v1/datasets/no-such-dept/2023/versions/latest/version.xlsx`), 404);
    await expectProblem(await call(`${base}/0/version.xlsx`), 404);
    const gone = await call(`/v1/datasets/${W}/2023/versions/1/version.xlsx`);
    await expectProblem(gone, 410);
  });

  it('is listed in the OpenAPI description', async () => {
    const spec = (await (await call('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/v1/datasets/{departmentId}/{year}/versions/{version}/version.xlsx');
  });
});
