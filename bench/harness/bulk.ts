// The query harness (10,000 generated filings indexed straight into D1 with the index's own writer, which
// also marks their bulk partitions stale), plus one route that has the exporter Durable Object remake every
// stale partition now, whatever its quiet period, and says what it made. `?stale=all` marks every listed
// partition stale first, so that each run of the benchmark exports everything again; `?regions=0` exports
// the whole years only (the regions' marks are put back after).
import type { Env } from '../../src/worker/env.ts';
import { bulkExporter } from '../../src/worker/env.ts';
import query from './query.ts';

export { Registry } from '../../src/worker/storage/registry.ts';
export { BulkExporter } from '../../src/worker/storage/bulk/exporter.ts';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/bulk') {
      try {
        if (url.searchParams.get('stale') === 'all') {
          await env.INDEX!.prepare("INSERT OR REPLACE INTO bulk_stale (year, region, mark, first_at, marked_at) SELECT DISTINCT year, region, 1, 0, 0 FROM bulk_files WHERE current = 1").run().catch(() => undefined);
        }
        // Only the whole years this time: the regions' marks wait for a later call.
        const held = url.searchParams.get('regions') === '0'
          ? (await env.INDEX!.prepare("DELETE FROM bulk_stale WHERE region <> '' RETURNING year, region, mark, first_at, marked_at").all()).results
          : [];
        const exported = await bulkExporter(env)!.exportAll();
        if (held.length) {
          await env.INDEX!.batch(held.map((h) => env.INDEX!.prepare('INSERT OR REPLACE INTO bulk_stale (year, region, mark, first_at, marked_at) VALUES (?, ?, ?, ?, ?)').bind(h.year, h.region, h.mark, h.first_at, h.marked_at)));
        }
        return Response.json({ exported: exported.map((e) => ({ year: e.partition.year, region: e.partition.region, rows: e.rows, ms: e.ms, files: e.files.map((f) => ({ format: f.format, bytes: f.bytes })) })) });
      } catch (e) {
        return Response.json({ error: (e as Error).stack ?? String(e) }, { status: 500 });
      }
    }
    return query.fetch(request, env, ctx);
  },
};
