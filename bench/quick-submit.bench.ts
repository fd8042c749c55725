import { readFileSync } from 'node:fs';
import { submitSigned } from '../src/cli/client.ts';
import { registerTestKey, startServer } from '../test/node/support/server.ts';
const server = await startServer();
try {
  const key = await registerTestKey(server, '140602-xzspfwglj');
  const text = readFileSync('data/filings/140602-xzspfwglj/2023.json', 'utf8');
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const body = new TextEncoder().encode(text.replace('"other"', '"other"') ) as Uint8Array<ArrayBuffer>;
    const t = performance.now();
    const a = await submitSigned(server.url, body, key);
    times.push(performance.now() - t);
    if (a.status !== 201) throw new Error(a.text);
  }
  times.sort((a, b) => a - b);
  console.log('median ms', times[10]!.toFixed(1), 'all', times.map((t) => t.toFixed(0)).join(' '));
} finally {
  await server.stop();
}
