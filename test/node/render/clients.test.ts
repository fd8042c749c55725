// Clients nobody here wrote read the rendered files: the Frictionless JavaScript library
// (npm datapackage), Python's csv module and LibreOffice headless (with exceljs reading its xlsx).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: datapackage ships no types
import { Package } from 'datapackage';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/model/code.ts';
import { codeList, renderVersionFiles, withBom, type RenderedFile } from '../../../src/core/render/index.ts';
import { body, expectLibreOfficeRoundTrip, python, which, writeVersion } from './support.ts';
import { CONTEXT, FORMULA_NAME, TRICKY_NAME, smallFiling } from './fixtures.ts';

const PYTHON = which('python3');
const SOFFICE = which('soffice') ?? which('libreoffice');
if (!PYTHON) console.warn('python3 not found: skipping the Python csv client test');
if (!SOFFICE) console.warn('LibreOffice (soffice) not found: skipping the LibreOffice round trip (apt-get install libreoffice-calc)');

let files: RenderedFile[];
let dir: string;

beforeAll(async () => {
  files = await renderVersionFiles({ filing: smallFiling(), findings: { findings: [] }, context: CONTEXT });
  dir = writeVersion(files);
});

interface FrictionlessResource {
  name: string;
  tabular: boolean;
  descriptor: { path: string; bytes: number; hash: string; format: string };
  read(options: { keyed?: boolean; relations?: boolean }): Promise<Record<string, unknown>[]>;
  rawRead(): Promise<Buffer>;
}

async function loadPackage(at: string): Promise<{ valid: boolean; errors: Error[]; resources: FrictionlessResource[] }> {
  return Package.load(join(at, 'datapackage.json'));
}

describe('Frictionless (npm datapackage) reads the package', () => {
  it('loads datapackage.json as a valid package', async () => {
    const pkg = await loadPackage(dir);
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.resources.length).toBe(files.filter((f) => f.path.endsWith('.csv')).length + 2);
  });

  it('reads every table, checking types, constraints, primary and foreign keys', async () => {
    const pkg = await loadPackage(dir);
    for (const r of pkg.resources.filter((x) => x.descriptor.format === 'csv')) {
      expect(r.tabular, r.name).toBe(true);
      const rows = await r.read({ keyed: true, relations: true });
      const json = files.find((f) => f.path === r.descriptor.path.replace(/\.csv$/, '.json'));
      const expected = json ? JSON.parse(json.body).rows.length : codeList(smallFiling(), r.name.replace('-classification', '') as Classification).length;
      expect(rows.length, r.name).toBe(expected);
    }
  });

  it('reads back the values as written: blank and n/a missing, text intact', async () => {
    const pkg = await loadPackage(dir);
    const read = (name: string) => pkg.resources.find((r) => r.name === name)!.read({ keyed: true });
    const income = await read('income');
    expect(income[2]).toMatchObject({ id: 'main:20103', name: TRICKY_NAME, total: 1322.38 });
    expect(income[3]).toMatchObject({ name: `'${FORMULA_NAME}`, other: null });
    expect(income[1]).toMatchObject({ other: 0 });
    const basic = await read('general-budget-basic-expenditure');
    expect(basic.find((r) => r.code === '309')).toMatchObject({ amount: null, level: 1 });
  });

  it('fetches each resource with the bytes and sha256 the descriptor declares', async () => {
    const pkg = await loadPackage(dir);
    for (const r of pkg.resources) {
      const raw = await r.rawRead();
      expect(raw.length, r.name).toBe(r.descriptor.bytes);
      expect(`sha256:${createHash('sha256').update(raw).digest('hex')}`, r.name).toBe(r.descriptor.hash);
    }
  });

  it('would notice a broken foreign key or a duplicate id (the checks above are real)', async () => {
    const broken = writeVersion(files, 'gongkai-render-broken-');
    const path = join(broken, 'tables/expenditure.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('main:201,main,,,201,', 'main:201,main,,,299,'));
    const pkg = await loadPackage(broken);
    await expect(pkg.resources.find((r) => r.name === 'expenditure')!.read({ relations: true })).rejects.toThrow(/[Ff]oreign key/);
    writeFileSync(path, readFileSync(path, 'utf8').replace('main:201,', 'main:total,'));
    const again = await loadPackage(broken);
    await expect(again.resources.find((r) => r.name === 'expenditure')!.read({})).rejects.toThrow(/unique|primary/i);
  });
});

describe.skipIf(!PYTHON)('Python csv reads every CSV', () => {
  it('with the header column count on every record, and the same text', () => {
    const csvs = files.filter((f) => f.path.endsWith('.csv')).map((f) => f.path);
    const script = `
import csv, json, sys, os
root, paths = json.load(sys.stdin)
out = {}
for p in paths:
    with open(os.path.join(root, p), newline='', encoding='utf-8') as f:
        out[p] = list(csv.reader(f))
with open(os.path.join(root, 'income-bom.csv'), newline='', encoding='utf-8-sig') as f:
    out['bom'] = next(csv.reader(f))
print(json.dumps(out))
`;
    writeFileSync(join(dir, 'income-bom.csv'), withBom(body(files, 'tables/income.csv')));
    const read = python<Record<string, string[][]>>(script, [dir, csvs]);
    for (const p of csvs) {
      const [header, ...records] = read[p]!;
      const json = files.find((f) => f.path === p.replace(/\.csv$/, '.json'));
      for (const r of records) expect(r.length, p).toBe(header!.length);
      if (json) expect(records.length, p).toBe(JSON.parse(json.body).rows.length);
    }
    const income = read['tables/income.csv']!;
    expect(income[3]![6]).toBe(TRICKY_NAME);
    expect(income[4]![6]).toBe(`'${FORMULA_NAME}`);
    expect(income[2]!.slice(8)).toEqual(['1322.38', '1322.38', '', '', '', '', '0.00']);
    expect(read.bom![0]).toBe('id'); // utf-8-sig strips the BOM
  });
});

describe.skipIf(!SOFFICE)('LibreOffice converts the BOM CSV of 06表 to xlsx and back', () => {
  it('with the Chinese names intact', async () => {
    await expectLibreOfficeRoundTrip(files);
  });
});
