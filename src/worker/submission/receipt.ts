import type { FindingsSummary } from '../storage/registry.ts';

/** What a department gets back for a published version (also replayed to an idempotent retry). */
export function receipt(origin: string, d: string, y: number, n: number, publishedAt: string, manifestSha256: string, findings: FindingsSummary) {
  const base = `${origin}/v1/datasets/${d}/${y}`;
  return {
    status: n === 1 ? 'published' : 'corrected',
    departmentId: d,
    year: y,
    version: n,
    publishedAt,
    manifestSha256,
    findings,
    links: { self: `${base}/versions/${n}`, dataset: base, manifest: `${base}/versions/${n}/manifest.json`, findings: `${base}/versions/${n}/findings.json` },
  };
}
