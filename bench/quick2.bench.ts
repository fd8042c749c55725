import { readFileSync } from 'node:fs';
import { submitSigned } from '../src/cli/client.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
const server = await startServer();
const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(1);
try {
  const key = await registerTestKey(server, '140602-xzspfwglj');
  const text = readFileSync('data/filings/140602-xzspfwglj/2023.json', 'utf8');
  const body = new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  const g: number[] = [], dry: number[] = [], pub: number[] = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); await (await fetch(server.url + '/v1/keys')).text(); g.push(performance.now() - t); }
  for (let i = 0; i < 20; i++) { const t = performance.now(); await submitSigned(server.url, body, key, { dryRun: true }); dry.push(performance.now() - t); }
  for (let i = 0; i < 20; i++) { const t = performance.now(); await submitSigned(server.url, body, key); pub.push(performance.now() - t); await new Promise(r => setTimeout(r, 300)); }
  console.log('GET /v1/keys', med(g), 'dry-run', med(dry), 'publish (spaced)', med(pub));
} finally { await server.stop(); }
