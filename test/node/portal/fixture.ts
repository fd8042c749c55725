// Test data for the portal: the seed filing as version 1 of 2023, a second year (2022, the seed's
// figures scaled, so that the trend chart has two points) and a correction of 2023 (version 2) that
// changes one cell, so that the version diff has something to show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Big from 'big.js';
import { submitSigned } from '../../../src/cli/client.ts';
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
