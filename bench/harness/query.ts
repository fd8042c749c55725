// The real app, plus one harness route that indexes N generated filings straight into the facts index
// with the index's own writer (storage/facts/writer.ts: the batch a publication's alarm makes), so that
// queries can be measured at 10,000 filings without publishing each through the signed path.
import { factRows, filingFacts } from '../../src/core/facts/facts.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { app } from '../../src/worker/app.ts';
import type { Env } from '../../src/worker/env.ts';
import { syncDataset } from '../../src/worker/storage/facts/writer.ts';
import { generatedFiling } from '../../test/generate/filings.ts';

export { Registry } from '../../src/worker/storage/registry.ts';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/index') {
      const from = Number(url.searchParams.get('from') ?? '0');
      const to = Number(url.searchParams.get('to') ?? '0');
      const departments = Number(url.searchParams.get('departments') ?? '2500');
      let cells = 0;
      const started = performance.now();
      for (let i = from; i < to; i++) {
        const g = generatedFiling(i, { departments, prefix: 'bench' });
        const parsed = parseFiling(g.filing);
        if (!parsed.ok) return Response.json({ error: `filing ${i}: ${parsed.issues[0]?.message}` }, { status: 500 });
        const facts = filingFacts(parsed.filing);
        cells += facts.length;
        await syncDataset(env.INDEX!, { departmentId: g.departmentId, year: g.year, departmentName: g.filing.department.name, regionCode: g.regionCode, template: g.filing.template, latest: 1, published: [1] }, new Map([[1, factRows(facts)]]), []);
      }
      return Response.json({ indexed: to - from, cells, ms: Math.round(performance.now() - started) });
    }
    return app.fetch(request, env, ctx);
  },
};
