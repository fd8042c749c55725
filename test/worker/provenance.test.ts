// A submission that carries where its figures were printed and the report PDF itself: both signed with the
// filing, the PDF's digest checked before anything is stored, both published with the version.
import { describe, expect, it } from 'vitest';
import { SUBMISSION_FORMAT } from '../../src/core/model/index.ts';
import { sha256Hex } from '../../src/core/hash.ts';
import { base64, call, envelope, PDF, registerKey, submit } from './support.ts';

describe('submissions with provenance and the original PDF', () => {
  it('publishes provenance.json and source/report.pdf with the version, listed in its manifest', async () => {
    const d = 'prov-dept-1';
    const key = await registerKey(d);
    const body = await envelope(d);
    const res = await submit(body, key);
    expect(res.status).toBe(201);
    const base = `/v1/datasets/${d}/2023/versions/1`;
    const manifest = (await (await call(`${base}/manifest.json`)).json()) as { files: { path: string; sha256: string }[] };
    const pdf = manifest.files.find((f) => f.path === 'source/report.pdf')!;
    expect(pdf.sha256).toBe(await sha256Hex(PDF));
    const served = await call(`${base}/source/report.pdf`);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-security-policy')).toMatch(/^sandbox/);
    // Downloaded under the name the department sent it as (报告.pdf), after department, year and version.
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''.*-2023-v1-%E6%8A%A5%E5%91%8A\.pdf$/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PDF);
    expect(await (await call(`${base}/provenance.json`)).json()).toEqual(body.provenance);
    // The filing is published as a filing; the signed body (submission.json) is the envelope.
    expect(((await (await call(`${base}/filing.json`)).json()) as { department: { id: string } }).department.id).toBe(d);
    expect(((await (await call(`${base}/submission.json`)).json()) as { format: string }).format).toBe(SUBMISSION_FORMAT);
  });

  it('refuses a PDF whose bytes are not what its digest says, and stores nothing', async () => {
    const d = 'prov-dept-2';
    const key = await registerKey(d);
    const body = await envelope(d);
    const res = await submit({ ...body, original: { ...body.original, base64: base64(new TextEncoder().encode('%PDF-1.4 other')) } }, key);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toContain('/original/sha256');
    expect((await call(`/v1/datasets/${d}/2023`)).status).toBe(404);
  });

  it('refuses provenance that names another PDF, and a malformed envelope, with located problems', async () => {
    const d = 'prov-dept-3';
    const key = await registerKey(d);
    const body = await envelope(d);
    const other = await submit({ ...body, provenance: { ...body.provenance, source: { ...body.provenance.source, sha256: 'a'.repeat(64) } } }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { detail: string }).detail).toContain('/provenance/source/sha256');
    const bad = await submit({ ...body, provenance: { ...body.provenance, cells: [{ table: 'x', page: 0 }] } }, key);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('/provenance/cells/0/page');
  });

  it('refuses provenance that does not fit the filing: a page past the PDF, a cell the filing lacks', async () => {
    const d = 'prov-dept-5';
    const key = await registerKey(d);
    const body = await envelope(d);
    const cells = [{ ...body.provenance.cells[0]!, page: 10 }, { ...body.provenance.cells[0]!, row: 'no_such_row' }];
    const res = await submit({ ...body, provenance: { ...body.provenance, cells } }, key);
    expect(res.status).toBe(422);
    const errors = ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(errors).toEqual(['/provenance/cells/0/page', '/provenance/cells/1']);
    expect((await call(`/v1/datasets/${d}/2023`)).status).toBe(404);
  });

  it('locates the filing\'s own problems inside the envelope', async () => {
    const d = 'prov-dept-4';
    const key = await registerKey(d);
    const body = await envelope(d);
    const res = await submit({ ...body, filing: { ...body.filing, year: 'twenty' } }, key);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('/filing/year');
  });
});
