// Manifest paths a file system cannot hold as listed (issue 15 review, F6): a file that is also another
// path's directory ("tables" and "tables/…"), a trailing "/", an empty segment. Each is refused as the
// version's verification failure, before anything is written; every path the Worker writes is accepted.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pathsProblem, verifyVersion, type FileSet } from '../../../src/cli/mirror/version.ts';
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, ORIGINAL_PATH, PROVENANCE_PATH, SUBMISSION_PATH, codeListPath, tableCsvPath, tableJsonPath } from '../../../src/core/contract/files.ts';
import type { Manifest } from '../../../src/core/contract/manifest.ts';
import type { LoggedVersion } from '../../../src/core/log/replay.ts';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (s: string) => new TextEncoder().encode(s);

/** A version of hand-made files with `extra` paths added to its files and manifest. */
function versionWith(extra: string[]) {
  const filing = text('{}');
  const files = new Map<string, Uint8Array>([['filing.json', filing], ['findings.json', text('{}')], ['submission.json', filing], ['tables/expenditure.csv', text('a\r\n')]]);
  for (const p of extra) files.set(p, text('x\n'));
  const manifest: Manifest = {
    format: 'gongkai.manifest/1', departmentId: 'rva', year: 2023, version: 1, publishedAt: '2026-12-01T19:29:41.456Z', filingSha256: sha(filing),
    files: [...files].map(([path, b]) => ({ path, mediaType: 'text/csv', bytes: b.byteLength, sha256: sha(b) })),
    signature: { algorithm: 'ed25519', keyId: 'k', label: 'sig1', signatureInput: '', signature: '', components: {}, signedFile: 'submission.json' },
  };
  const body = text(JSON.stringify(manifest, null, 2));
  files.set('manifest.json', body);
  const set: FileSet = { paths: () => [...files.keys()], get: (p) => files.get(p) };
  const entry: LoggedVersion = { departmentId: 'rva', year: 2023, version: 1, manifestSha256: sha(body), publishedAt: manifest.publishedAt, status: 'published', seq: 3, hash: 'f'.repeat(64), withdrawn: null };
  return { set, entry };
}

const problem = async (extra: string[]) => {
  const { set, entry } = versionWith(extra);
  const r = await verifyVersion(set, entry, new Map());
  return r.ok ? null : r.problem;
};

describe('a manifest\'s paths are files of one tree', () => {
  it('refuses a file that is also a directory of another listed path, in either order', async () => {
    expect(await problem(['tables'])).toBe('manifest.json lists "tables/expenditure.csv" and "tables": a file cannot also be a directory');
    expect(await problem(['tables/expenditure.csv/x'])).toContain('a file cannot also be a directory');
    expect(await problem(['manifest.json/x'])).toContain('"manifest.json/x" and "manifest.json": a file cannot also be a directory');
  });

  it('refuses a trailing "/", an empty segment, a "." segment (the manifest\'s schema refuses "..", a leading "/", an empty path)', async () => {
    for (const p of ['extra/', 'tables//x.csv', './x', 'a/./x', 'a/.', '.']) expect(await problem([p])).toBe(`manifest.json lists ${JSON.stringify(p)}, a path a mirror does not write`);
  });

  it('accepts every path the Worker writes (core/contract/files.ts), and names with dots inside', () => {
    const worker = [FILING_PATH, FINDINGS_PATH, DATA_PACKAGE_PATH, CSVW_PATH, SUBMISSION_PATH, PROVENANCE_PATH, ORIGINAL_PATH, tableCsvPath('income-expenditure'), tableJsonPath('income-expenditure'), codeListPath('functional' as never)];
    expect(pathsProblem(worker)).toBeNull();
    expect(pathsProblem(['a..b/c.d.csv', '.hidden/x'])).toBeNull();
  });
});
