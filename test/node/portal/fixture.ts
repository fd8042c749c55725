// Test data for the portal: the seed filing as version 1 of 2023, a second year (2022, the seed's
// figures scaled, so that the trend chart has two points) and a correction of 2023 (version 2) that
// changes one cell, so that the version diff has something to show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Big from 'big.js';
import { submitSigned } from '../../../src/cli/client.ts';
import { generatedFiling } from '../../generate/filings.ts';
import { publish, registerKey } from '../mirror/support.ts';
import { registerTestKey, type TestServer } from '../support/server.ts';

export const ROOT = join(import.meta.dirname, '../../..');
export const SEED_PATH = join(ROOT, 'data/filings/140602-xzspfwglj/2023.json');
export const DEPARTMENT = '140602-xzspfwglj';

type Json = Record<string, any>;

/** The seed with every amount scaled (rounded to cents), the year moved: a plausible earlier year. */
export function earlierYear(seed: Json, year: number, factor: string): Json {
  const f = structuredClone(seed);
  f.year = year;
  if (typeof f.title === 'string') f.title = f.title.replace(String(seed.year), String(year));
  for (const t of f.tables) {
    if (t.year !== undefined) t.year = year;
    for (const s of t.sections) {
      for (const r of s.rows) {
        for (const [k, v] of Object.entries(r.values)) {
          if (typeof v === 'string' && v !== 'n/a' && !r.unit) r.values[k] = new Big(v).times(factor).toFixed(2, Big.roundHalfUp);
        }
      }
    }
  }
  return f;
}

/** Version 2 of the seed year: 02表 2010303 机关服务 财政拨款收入 508.31 → 508.32. */
export function correction(seed: Json): Json {
  const f = structuredClone(seed);
  const row = f.tables.find((t: Json) => t.id === 'income').sections[0].rows.find((r: Json) => r.code === '2010303');
  row.values.fiscal_appropriation = '508.32';
  return f;
}

export interface Published {
  seedText: string;
  seed: Json;
}

export async function publishFixtures(server: TestServer): Promise<Published> {
  const seedText = readFileSync(SEED_PATH, 'utf8');
  const seed = JSON.parse(seedText) as Json;
  const key = await registerTestKey(server, DEPARTMENT);
  const bodies = [seedText, JSON.stringify(earlierYear(seed, seed.year - 1, '0.91')), JSON.stringify(correction(seed))];
  for (const text of bodies) {
    const answer = await submitSigned(server.url, new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>, key);
    if (answer.status !== 201) throw new Error(`publishing failed: ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  return { seedText, seed };
}

/** The compare page's line: 05表-like 2010301 行政运行, 支出合计. */
export const COMPARE_LINE = 'table=expenditure&row=2010301&column=total';

/**
 * Six generated departments of two regions (seed template: even indexes), two years each, published through
 * the signed path; resolves once the Registry's alarm has indexed all twelve.
 */
export async function publishCompareFixtures(server: TestServer) {
  const filings = [0, 2, 4, 6, 8, 10].flatMap((i) => [generatedFiling(i, { departments: 12, prefix: 'cmp' }), generatedFiling(i + 12, { departments: 12, prefix: 'cmp' })]);
  for (const g of filings) await publish(server, g.filing, await registerKey(server, g.departmentId).catch(() => registerKey(server, g.departmentId)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Its own only: the server may hold other filings of the line (the bench publishes the seed beside them).
    const r = (await (await fetch(`${server.url}/v1/facts?${COMPARE_LINE}&limit=1000`)).json()) as { items: { departmentId: string }[] };
    const indexed = r.items.filter((f) => f.departmentId.startsWith('cmp-')).length;
    if (indexed === filings.length) break;
    if (Date.now() > deadline) throw new Error(`indexed ${indexed} of ${filings.length}`);
    await new Promise((res) => setTimeout(res, 200));
  }
  return filings;
}
