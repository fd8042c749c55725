// Reproducible publication: a published version's files are re-derived from its signed submission.json
// and the manifest's context, byte for byte; a file the server altered is named.
import { describe, expect, it } from 'vitest';
import { parseManifest, type Manifest } from '../../src/core/contract/manifest.ts';
import { inflate, type Pack } from '../../src/core/pack.ts';
import { reproduceVersion } from '../../src/core/version/reproduce.ts';
import { call, envelope, registerKey, seedFiling, submit } from './support.ts';

async function published(d: string, n: number): Promise<{ pack: Pack; manifest: Manifest; submission: Uint8Array<ArrayBuffer> }> {
  const pack = (await inflate(new Uint8Array(await (await call(`/v1/packs/${d}/2023/${n}`)).arrayBuffer())))!;
  const manifest = parseManifest(new TextDecoder().decode(pack.get('manifest.json')!.body))!;
  return { pack, manifest, submission: pack.get('submission.json')!.body.slice() };
}

describe('reproducible publication', () => {
  it('re-derives every file of a first version and of a correction from the signed submission', async () => {
    const key = await registerKey('repro-dept-1');
    const filing = seedFiling('repro-dept-1');
    expect((await submit(filing, key)).status).toBe(201);
    filing.narrative.other = ['更正说明'];
    expect((await submit(filing, key)).status).toBe(201);
    for (const n of [1, 2]) {
      const { manifest, submission } = await published('repro-dept-1', n);
      expect(await reproduceVersion(submission, manifest), `version ${n}`).toEqual({ ok: true, files: manifest.files.length });
    }
  });

  it('re-derives a submission that carries provenance and the report PDF', async () => {
    const key = await registerKey('repro-dept-2');
    expect((await submit(await envelope('repro-dept-2'), key)).status).toBe(201);
    const { manifest, submission } = await published('repro-dept-2', 1);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['provenance.json', 'source/report.pdf']));
    expect(await reproduceVersion(submission, manifest)).toEqual({ ok: true, files: manifest.files.length });
  });

  it('names a table the manifest vouches for but the submission does not render to, and a file it does not list', async () => {
    const key = await registerKey('repro-dept-3');
    expect((await submit(seedFiling('repro-dept-3'), key)).status).toBe(201);
    const { manifest, submission } = await published('repro-dept-3', 1);
    const forged: Manifest = { ...manifest, files: manifest.files.map((f) => (f.path === 'tables/income-expenditure.csv' ? { ...f, sha256: 'b'.repeat(64) } : f)).filter((f) => f.path !== 'codelists/functional.csv') };
    const r = await reproduceVersion(submission, forged);
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^codelists\/functional\.csv: re-derived .* but the manifest does not list it|^tables\/income-expenditure\.csv/);
    expect(problems.join('\n')).toContain('tables/income-expenditure.csv: the published file (sha256 bbbb');
    // Another time of publication changes the descriptors: the context is part of what is reproduced.
    const later = await reproduceVersion(submission, { ...manifest, publishedAt: '2030-01-01T00:00:00.000Z' });
    expect(later.ok ? [] : later.problems.map((p) => p.split(':')[0])).toEqual(['datapackage.json', 'csv-metadata.json']);
    expect((await reproduceVersion(new TextEncoder().encode('{') as Uint8Array<ArrayBuffer>, manifest))).toEqual({ ok: false, problems: ['submission.json is not JSON'] });
  });
});
