// The whole check engine on the seed filing: median and p99 milliseconds per run, as one JSON line.
// Run: npx tsx bench/checks.bench.ts, or npm run bench -- checks   (goal: median under 2 ms)
// Wall-clock times suffer when the machine is busy; min and the mean CPU time per run say what the engine
// itself costs.
import { readFileSync } from 'node:fs';
import { checkFiling } from '../src/core/checks/index.ts';
import { parseFiling } from '../src/core/model/parse.ts';

const path = new URL('../data/filings/140602-xzspfwglj/2023.json', import.meta.url);
const parsed = parseFiling(JSON.parse(readFileSync(path, 'utf8')));
if (!parsed.ok) throw new Error(`the seed filing does not parse: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
const filing = parsed.filing;

const WARMUP = 1000;
const RUNS = 3000;
let findings = 0;
for (let i = 0; i < WARMUP; i++) findings = checkFiling(filing).findings.length;

const times: number[] = [];
const cpu = process.cpuUsage();
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  findings = checkFiling(filing).findings.length;
  times.push(performance.now() - start);
}
const { user, system } = process.cpuUsage(cpu);
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
const ms = (x: number) => Math.round(x * 1000) / 1000;
const result = {
  name: 'checks',
  filing: '140602-xzspfwglj/2023',
  runs: RUNS,
  medianMs: ms(at(0.5)),
  p99Ms: ms(at(0.99)),
  minMs: ms(at(0)),
  cpuMeanMs: ms((user + system) / 1000 / RUNS),
  goalMs: 2,
  findings,
};
console.log(JSON.stringify(result));
console.log(`BENCH ${JSON.stringify(result)}`); // collected by scripts/bench.mjs (npm run bench)
