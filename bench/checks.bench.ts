// The whole check engine on the seed filing: median and p99 per run, as one JSON line.
// Run: npx tsx bench/checks.bench.ts   (goal: median under 2 ms)
import { readFileSync } from 'node:fs';
import { checkFiling } from '../src/core/checks/index.ts';
import { parseFiling } from '../src/core/model/parse.ts';

const path = new URL('../data/filings/140602-xzspfwglj/2023.json', import.meta.url);
const parsed = parseFiling(JSON.parse(readFileSync(path, 'utf8')));
if (!parsed.ok) throw new Error(`the seed filing does not parse: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
const filing = parsed.filing;

const WARMUP = 200;
const RUNS = 1000;
let sink = 0;
for (let i = 0; i < WARMUP; i++) sink += checkFiling(filing).findings.length;
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  sink += checkFiling(filing).findings.length;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
const round = (ms: number) => Math.round(ms * 1000) / 1000;
console.log(JSON.stringify({ bench: 'checks', filing: '140602-xzspfwglj/2023', runs: RUNS, medianMs: round(at(0.5)), p99Ms: round(at(0.99)), goalMs: 2, findings: sink / (WARMUP + RUNS) }));
