// One table's CSV at 50 concurrent connections, side by side with the local runtime's own ceiling
// (a Worker answering a constant under the same wrangler dev) and nginx serving the same bytes.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { submitSigned } from '../src/cli/client.ts';
import { NGINX, startNginx } from '../test/node/mirror/support.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
import { load, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const PATH = '/v1/datasets/140602-xzspfwglj/2023/versions/1/tables/general-budget-basic-expenditure.csv';
const seconds = Number(process.env.BENCH_SECONDS ?? '10');

const gongkai = await startServer();
const constant = await startServer({ config: join(ROOT, 'bench/harness/constant.toml') });
let nginx: { url: string; stop(): Promise<void> } | undefined;
try {
  const key = await registerTestKey(gongkai, '140602-xzspfwglj');
  const body = readFileSync(join(ROOT, 'data/filings/140602-xzspfwglj/2023.json'));
  const published = await submitSigned(gongkai.url, new Uint8Array(body) as Uint8Array<ArrayBuffer>, key);
  if (published.status !== 201) throw new Error(published.text);
  const csv = new Uint8Array(await (await fetch(gongkai.url + PATH)).arrayBuffer());
  const results: Record<string, unknown> = { bytes: csv.byteLength, connections: 50, seconds };
  results.gongkai = await load(gongkai.url + PATH, { seconds });
  results.constantWorker = await load(constant.url + '/', { seconds });
  if (existsSync(NGINX)) {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-nginx-'));
    mkdirSync(dirname(join(dir, PATH)), { recursive: true });
    writeFileSync(join(dir, PATH), csv);
    mkdirSync(join(dir, '.gongkai-mirror'));
    writeFileSync(join(dir, '.gongkai-mirror/nginx.conf'), 'types { text/csv csv; }\n'); // the same bytes, as a static file
    nginx = await startNginx(dir);
    results.nginx = await load(nginx.url + PATH, { seconds });
  } else results.nginx = 'nginx not installed (apt-get install nginx)';
  const g = results.gongkai as { requestsPerSecond: number };
  const c = results.constantWorker as { requestsPerSecond: number };
  results.ratioToRuntimeCeiling = +(g.requestsPerSecond / c.requestsPerSecond).toFixed(2);
  if (typeof results.nginx === 'object') results.ratioToNginx = +(g.requestsPerSecond / (results.nginx as { requestsPerSecond: number }).requestsPerSecond).toFixed(3);
  report('read: one table CSV at 50 connections', results);
} finally {
  await nginx?.stop();
  await constant.stop();
  await gongkai.stop();
}
