import { describe, expect, it } from 'vitest';
import { canonicalFiling, renderVersionFiles } from '../../../src/core/render/index.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { body } from './support.ts';
import { CONTEXT, smallFiling, smallFilingInput } from './fixtures.ts';

describe('renderVersionFiles', () => {
  it('renders every file of a version with its media type', async () => {
    const files = await renderVersionFiles({ filing: smallFiling(), findings: [{ check: 'x' }], context: CONTEXT });
    const tables = smallFiling().tables.flatMap((t) => [`tables/${t.id}.csv`, `tables/${t.id}.json`]);
    expect(files.map((f) => f.path)).toEqual([
      'filing.json', 'findings.json', ...tables, 'codelists/functional.csv', 'codelists/economic.csv', 'datapackage.json', 'csv-metadata.json',
    ]);
    const types = Object.fromEntries(files.map((f) => [f.path, f.mediaType]));
    expect(types['tables/income.csv']).toBe('text/csv; charset=utf-8');
    expect(types['tables/income.json']).toBe('application/json');
    expect(types['csv-metadata.json']).toBe('application/csvm+json');
    expect(JSON.parse(body(files, 'findings.json'))).toEqual([{ check: 'x' }]);
    expect(JSON.parse(body(files, 'filing.json'))).toEqual(canonicalFiling(smallFiling()));
    for (const f of files) expect(f.body.endsWith('\n'), f.path).toBe(true);
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const a = await renderVersionFiles({ filing: smallFiling(), findings: { n: 1 }, context: CONTEXT });
    const b = await renderVersionFiles({ filing: structuredClone(smallFiling()), findings: { n: 1 }, context: { ...CONTEXT } });
    expect(b).toEqual(a);
  });

  it('writes the filing in canonical form', async () => {
    // Members in schema order whatever order the input had, cells normalised ("1,322.38" → "1322.38").
    const input = smallFilingInput();
    input.tables[0]!.sections[0]!.rows[0]!.values.amount = '1,322.38';
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    const files = await renderVersionFiles({ filing: reordered as never, findings: null, context: CONTEXT });
    const filing = body(files, 'filing.json');
    expect(filing).toBe(body(await renderVersionFiles({ filing: smallFiling(), findings: null, context: CONTEXT }), 'filing.json'));
    expect(filing.startsWith('{\n  "format": "gongkai.filing/1",\n  "department"')).toBe(true);
  });

  it('validates only what parseFiling did not produce', () => {
    const parsed = parseFiling(smallFilingInput());
    if (!parsed.ok) throw new Error('fixture invalid');
    expect(canonicalFiling(parsed.filing)).toBe(parsed.filing); // already canonical: not validated twice
    const copy = structuredClone(parsed.filing);
    expect(canonicalFiling(copy)).not.toBe(copy); // anything else goes through the schema
    expect(canonicalFiling(copy)).toEqual(parsed.filing);
    expect(() => canonicalFiling({ ...copy, year: 'MMXXIII' } as never)).toThrow();
  });

  it('refuses a context that is not the filing\'s', async () => {
    await expect(renderVersionFiles({ filing: smallFiling(), findings: [], context: { ...CONTEXT, year: 2022 } })).rejects.toThrow(/context/);
  });

  it('writes null findings when there are none', async () => {
    const files = await renderVersionFiles({ filing: smallFiling(), findings: undefined, context: CONTEXT });
    expect(body(files, 'findings.json')).toBe('null\n');
  });
});
