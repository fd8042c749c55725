// The real app and sequencer, plus one harness route that loads N synthetic datasets straight into
// the sequencer's tables, so that the catalog can be measured at 10,000 filings without publishing them.
// Each dataset has a version with a manifest listing the files a seed version has (the sizes the seed's
// have), so that the DCAT pages list as many distributions, with sizes and digests, as real ones.
import { app } from '../../src/worker/app.ts';
import type { Env } from '../../src/worker/env.ts';
import { Registry } from '../../src/worker/storage/registry.ts';
import { MANIFEST_FORMAT } from '../../src/core/contract/manifest.ts';

const TABLES = ['income-expenditure', 'income', 'expenditure', 'fiscal-income-expenditure', 'general-budget-expenditure', 'general-budget-basic-expenditure', 'government-fund', 'state-capital', 'three-public', 'related-information'];
const FILES: [path: string, mediaType: string, bytes: number][] = [
  ['filing.json', 'application/json', 41_000], ['findings.json', 'application/json', 60_000], ['submission.json', 'application/json', 41_000],
  ...TABLES.flatMap((t): [string, string, number][] => [[`tables/${t}.csv`, 'text/csv; charset=utf-8', 2_400], [`tables/${t}.json`, 'application/json', 5_200]]),
  ['codelists/functional.csv', 'text/csv; charset=utf-8', 9_000], ['codelists/economic.csv', 'text/csv; charset=utf-8', 4_000],
  ['datapackage.json', 'application/json', 60_000], ['csv-metadata.json', 'application/csvm+json', 40_000],
];
const hex = (i: number, salt: number) => (i * 2654435761 + salt * 40503).toString(16).padStart(8, '0').slice(-8).repeat(8);

function manifest(id: string, year: number, i: number, at: string): string {
  return JSON.stringify({
    format: MANIFEST_FORMAT, departmentId: id, year, version: 1, publishedAt: at, filingSha256: hex(i, 0),
    files: FILES.map(([path, mediaType, bytes], k) => ({ path, mediaType, bytes: bytes + (i % 97), sha256: hex(i, k + 1) })),
    signature: { algorithm: 'ed25519', keyId: `${id}-k1`, label: 'sig1', signatureInput: 'sig1=()', signature: 'sig1=::', components: {}, signedFile: 'submission.json' },
  });
}

export class BenchRegistry extends Registry {
  fill(n: number): number {
    const now = new Date().toISOString();
    const findings = JSON.stringify({ error: 0, warning: 1, info: 2, skipped: 3, passed: 700 });
    const regions = ['140602', '140603', '140621', '110101', '310101', '440802'];
    for (let i = 0; i < n; i++) {
      const id = `bench-${String(i).padStart(6, '0')}`;
      this.sql.exec(
        `INSERT OR IGNORE INTO datasets (department_id, year, department_name, region_code, template, latest, first_published, modified, status, findings)
         VALUES (?, ?, ?, ?, 'shanxi-2023', 1, ?, ?, 'published', ?)`,
        id, 2021 + (i % 3), `测试市第${i}行政审批服务管理局`, regions[i % regions.length]!, now, now, findings,
      );
      this.sql.exec(
        `INSERT OR IGNORE INTO versions (department_id, year, n, published_at, status, filing_sha, manifest_sha, key_id, findings, manifest)
         VALUES (?, ?, 1, ?, 'published', ?, ?, ?, ?, ?)`,
        id, 2021 + (i % 3), now, hex(i, 0), hex(i, 99), `${id}-k1`, findings, manifest(id, 2021 + (i % 3), i, now),
      );
    }
    return this.count();
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/fill') {
      const ns = env.REGISTRY as unknown as DurableObjectNamespace<BenchRegistry>;
      const stub = ns.get(ns.idFromName('registry'));
      return Response.json({ count: await stub.fill(Number(url.searchParams.get('n') ?? '0')) });
    }
    return app.fetch(request, env, ctx);
  },
};
