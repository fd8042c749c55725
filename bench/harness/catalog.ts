// The real app and sequencer, plus one harness route that loads N synthetic datasets straight into
// the sequencer's tables, so that the catalog can be measured at 10,000 filings without publishing them.
import { app } from '../../src/worker/app.ts';
import type { Env } from '../../src/worker/env.ts';
import { Registry } from '../../src/worker/storage/registry.ts';

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
