// The seed filing (朔州市朔城区行政审批服务管理局 2023, transcribed from the published report) through
// every renderer and the independent clients.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: datapackage ships no types
import { Package } from 'datapackage';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { renderVersionFiles, type RenderedFile } from '../../../src/core/render/index.ts';
import { body, expectLibreOfficeRoundTrip, python, which, writeVersion } from './support.ts';

const SEED = join(import.meta.dirname, '../../../data/filings/140602-xzspfwglj/2023.json');
const HAVE_SEED = existsSync(SEED);
if (!HAVE_SEED) console.warn(`seed filing not found at ${SEED}: skipping the seed renderer tests`);

describe.skipIf(!HAVE_SEED)('the seed filing', () => {
  let filing: Filing;
  let files: RenderedFile[];

  beforeAll(async () => {
    const parsed = parseFiling(JSON.parse(readFileSync(SEED, 'utf8')));
    if (!parsed.ok) throw new Error(`the seed does not parse: ${JSON.stringify(parsed.issues.slice(0, 5))}`);
    filing = parsed.filing;
    files = await renderVersionFiles({
      filing,
      findings: [],
      context: { departmentId: filing.department.id, year: filing.year, version: 1, publishedAt: '2024-09-01T00:00:00Z' },
    });
  });

  it('renders every table as CSV and JSON, one record per printed row', () => {
    for (const table of filing.tables) {
      const printed = table.sections.reduce((n, s) => n + s.rows.length, 0);
      expect(JSON.parse(body(files, `tables/${table.id}.json`)).rows.length, table.id).toBe(printed);
      const csv = body(files, `tables/${table.id}.csv`);
      // No printed name holds a line break, so records are lines here.
      expect(csv.split('\r\n').length - 2, table.id).toBe(printed);
    }
  });

  it('writes 1322.38 as 1322.38', () => {
    const income = body(files, 'tables/income.csv').split('\r\n');
    expect(income[0]!.split(',')[8]).toBe('total');
    expect(income.find((l) => l.startsWith('main:total,'))!.split(',')[8]).toBe('1322.38');
    expect(body(files, 'tables/income-expenditure.csv')).toMatch(/,1322\.38\r\n/);
  });

  it('is read by the Frictionless library, every table with its keys checked', async () => {
    const dir = writeVersion(files);
    const pkg = await Package.load(join(dir, 'datapackage.json'));
    expect(pkg.errors.map((e: Error) => e.message)).toEqual([]);
    for (const r of pkg.resources.filter((x: { descriptor: { format: string } }) => x.descriptor.format === 'csv')) {
      await expect(r.read({ keyed: true, relations: true }), r.name).resolves.toBeInstanceOf(Array);
    }
  });

  it.skipIf(!which('python3'))('is read by Python csv with the right column counts', () => {
    const dir = writeVersion(files);
    const csvs = files.filter((f) => f.path.endsWith('.csv')).map((f) => f.path);
    const counts = python<Record<string, number[]>>(
      `
import csv, json, os, sys
root, paths = json.load(sys.stdin)
print(json.dumps({p: [len(r) for r in csv.reader(open(os.path.join(root, p), newline='', encoding='utf-8'))] for p in paths}))
`,
      [dir, csvs],
    );
    for (const p of csvs) expect(new Set(counts[p]), p).toEqual(new Set([counts[p]![0]]));
  });

  it.skipIf(!which('soffice') && !which('libreoffice'))('survives LibreOffice: the BOM CSV of 06表 to xlsx and back', async () => {
    await expectLibreOfficeRoundTrip(files);
  });
});
