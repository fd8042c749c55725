// A version prepared before its number is known and assembled at the commit is the version rendered whole:
// the same bytes for every file, under the same manifest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiling } from '../../../src/core/checks/index.ts';
import { sha256Hex } from '../../../src/core/hash.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { jsonCompact, jsonCompactJoined, jsonText } from '../../../src/core/render/json.ts';
import { renderVersionFiles } from '../../../src/core/render/index.ts';
import { assembleVersion, downloadName, prepareVersion } from '../../../src/core/version/assemble.ts';

const SEED = join(import.meta.dirname, '../../../data/filings/140602-xzspfwglj/2023.json');
const SIGNATURE = { algorithm: 'ed25519' as const, keyId: 'k', label: 'sig1', signatureInput: 'sig1=()', signature: 'sig1=::', components: {}, signedFile: 'submission.json' as const };

function seed() {
  const p = parseFiling(JSON.parse(readFileSync(SEED, 'utf8')));
  if (!p.ok) throw new Error('seed invalid');
  return p.filing;
}

describe('jsonCompactJoined', () => {
  it('is jsonCompact of the merged object, head members first', () => {
    for (const [head, rest] of [[{ a: 1, b: { c: [1, 2] } }, { d: 'x', e: null }], [{}, { d: 1 }], [{ a: 1 }, {}], [{}, {}]] as const) {
      expect(jsonCompactJoined(head, jsonCompact(rest))).toBe(jsonCompact({ ...head, ...rest }));
    }
  });

  it('refuses text that is not a jsonCompact object', () => {
    expect(() => jsonCompactJoined({ a: 1 }, '[1]\n')).toThrow(/joins two jsonCompact objects/);
    expect(() => jsonCompactJoined({ a: 1 }, jsonText({ b: 1 }))).toThrow(/joins two jsonCompact objects/);
  });
});

describe('prepareVersion and assembleVersion (the seed, source: 朔州市朔城区行政审批服务管理局 2023)', () => {
  it('give every file byte for byte as renderVersionFiles does, and a manifest that lists each with its digest', async () => {
    const filing = seed();
    const findings = checkFiling(filing);
    const context = { departmentId: filing.department.id, year: filing.year, version: 3, publishedAt: '2026-12-01T00:00:00.000Z', corrects: 2 };
    const whole = await renderVersionFiles({ filing, findings, context });
    const submission = new TextEncoder().encode(jsonText(filing)) as Uint8Array<ArrayBuffer>;
    const prepared = await prepareVersion({ filing, findings, submission: { bytes: submission, sha256: await sha256Hex(submission) } });
    const a = await assembleVersion(prepared, context, SIGNATURE);
    const joined = new Uint8Array(a.parts.reduce((n, p) => n + p.byteLength, 0));
    a.parts.reduce((at, p) => (joined.set(p, at), at + p.byteLength), 0);
    const text = (path: string) => {
      const f = a.files.find((x) => x.path === path)!;
      return new TextDecoder().decode(joined.subarray(f.offset, f.offset + f.bytes));
    };
    for (const f of whole) expect(text(f.path), f.path).toBe(f.body);
    // The submission is the canonical filing here: its bytes are stored once.
    const offsets = (p: string) => a.files.find((x) => x.path === p)!.offset;
    expect(offsets('submission.json')).toBe(offsets('filing.json'));
    expect(a.files.map((f) => f.path)).toEqual(['submission.json', ...whole.map((f) => f.path), 'manifest.json']);
    for (const f of a.manifest.files) expect(await sha256Hex(text(f.path)), f.path).toBe(f.sha256);
    const served = JSON.parse(text('manifest.json')) as typeof a.manifest;
    expect({ ...served, files: undefined }).toEqual({ ...a.manifest, files: undefined });
    expect(served.files).toHaveLength(a.manifest.files.length);
    expect(served.files).toEqual(expect.arrayContaining(a.manifest.files));
    expect(a.manifestSha256).toBe(await sha256Hex(text('manifest.json')));
    expect(a.manifest).toMatchObject({ version: 3, corrects: 2, filingSha256: await sha256Hex(text('filing.json')) });
    expect(a.files.find((f) => f.path === 'tables/income.csv')!.filename).toBe(downloadName({ departmentName: filing.department.name, year: 2023 }, 3, `${filing.tables.find((t) => t.id === 'income')!.number}-${filing.tables.find((t) => t.id === 'income')!.title}.csv`));
  });

  it('refuses to assemble a version under another dataset\'s context', async () => {
    const filing = seed();
    const bytes = new TextEncoder().encode('{}') as Uint8Array<ArrayBuffer>;
    const prepared = await prepareVersion({ filing, findings: null, submission: { bytes, sha256: await sha256Hex(bytes) } });
    await expect(assembleVersion(prepared, { departmentId: 'other', year: filing.year, version: 1, publishedAt: 'x' }, SIGNATURE)).rejects.toThrow(/context/);
  });

  it('keeps download names free of path, control and bidi characters', () => {
    expect(downloadName({ departmentName: 'a/b\u202ec', year: 2023 }, 1, 'x:y.csv')).toBe('a_b_c-2023-v1-x_y.csv');
  });
});
