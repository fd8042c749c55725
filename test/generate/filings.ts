// Synthetic filings for tests and benchmarks, never for publication by `npm start`: real filings (the seed,
// Shanxi's ten tables; the Shanghai 2024 template sample) with every amount multiplied by a whole number, so
// that every identity still holds exactly, under synthetic departments (id "syn-…", name "【合成】…") spread
// over regions and years. Deterministic: the same index gives the same filing.
import seed from '../../data/filings/140602-xzspfwglj/2023.json';
import { Exact } from '../../src/core/exact.ts';
import shanghai from '../node/checks/fixtures/shanghai-sample-2024.json';

// JSON modules, so that the generator runs in workerd (the Worker tests) as in Node (benchmarks).
const BASES = [seed, shanghai] as unknown as Record<string, any>[];

/** County-level codes of a few provinces: the index's region drilldowns have something to group. */
const REGIONS = ['140602', '140603', '140621', '140122', '310101', '310104', '310115', '440106', '440305', '510107'];
const YEARS = [2021, 2022, 2023, 2024];

/** A small seeded generator (mulberry32): the same filing for the same index. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Generated {
  filing: Record<string, any>;
  departmentId: string;
  year: number;
  regionCode: string;
  /** Every amount is the base's times this. */
  factor: number;
}

/** The i-th synthetic filing: department i % departments, in year YEARS[i / departments]. */
export function generatedFiling(i: number, o: { departments?: number; prefix?: string } = {}): Generated {
  const departments = o.departments ?? 1_000_000;
  const dept = i % departments;
  const year = YEARS[Math.floor(i / departments) % YEARS.length]!;
  const rnd = random(dept * 7919 + year);
  const base = BASES[dept % BASES.length]!;
  const f = structuredClone(base);
  const regionCode = REGIONS[dept % REGIONS.length]!;
  const departmentId = `${o.prefix ?? 'syn'}-${regionCode}-${String(dept).padStart(5, '0')}`;
  // A log-uniform spread, 1× to 60×: small offices and large bureaus.
  const factor = Math.max(1, Math.round(Math.exp(rnd() * Math.log(60))));
  f.department = { ...f.department, id: departmentId, name: `【合成】第${dept}号示例局`, regionCode };
  f.year = year;
  for (const t of f.tables) {
    if (t.year !== undefined) t.year = year;
    if (t.department !== undefined) t.department = f.department.name;
    for (const s of t.sections) for (const r of s.rows) {
      for (const [k, cell] of Object.entries(r.values as Record<string, unknown>)) {
        if (typeof cell === 'string' && cell !== 'n/a' && r.unit === undefined) r.values[k] = Exact.parse(cell).times(factor).toFixed(cell.includes('.') ? cell.length - cell.indexOf('.') - 1 : 0);
      }
    }
  }
  return { filing: f, departmentId, year, regionCode, factor };
}
