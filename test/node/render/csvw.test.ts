import { describe, expect, it } from 'vitest';
import { renderVersionFiles } from '../../../src/core/render/index.ts';
import { body } from './support.ts';
import { CONTEXT, smallFiling } from './fixtures.ts';

describe('renderCsvw', () => {
  it('describes every CSV of the version with the W3C CSVW vocabulary', async () => {
    const files = await renderVersionFiles({ filing: smallFiling(), findings: [], context: CONTEXT });
    const meta = JSON.parse(body(files, 'csv-metadata.json'));
    expect(meta['@context'][0]).toBe('http://www.w3.org/ns/csvw');
    expect(meta.dialect).toMatchObject({ encoding: 'utf-8', header: true, delimiter: ',', doubleQuote: true });
    const csvPaths = files.filter((f) => f.path.endsWith('.csv')).map((f) => f.path);
    expect(meta.tables.map((t: { url: string }) => t.url)).toEqual(csvPaths);
    for (const t of meta.tables) {
      const header = body(files, t.url).split('\r\n')[0]!.split(',');
      expect(t.tableSchema.columns.map((c: { name: string }) => c.name), t.url).toEqual(header);
      // The header is compatible: each column's titles include its machine name.
      for (const c of t.tableSchema.columns) expect(c.titles.und).toBe(c.name);
      for (const fk of t.tableSchema.foreignKeys ?? []) expect(csvPaths).toContain(fk.reference.resource);
    }
    const income = meta.tables.find((t: { url: string }) => t.url === 'tables/income.csv');
    expect(income.null).toEqual(['', 'n/a']);
    expect(income.tableSchema.primaryKey).toBe('id');
    const col = (name: string) => income.tableSchema.columns.find((c: { name: string }) => c.name === name);
    expect(col('total')).toMatchObject({ titles: { zh: '本年收入合计' }, datatype: { base: 'decimal', minimum: 0 } });
    expect(col('line').datatype).toMatchObject({ base: 'integer' });
    expect(col('code').datatype).toMatchObject({ base: 'string', format: '^\\d{3}(\\d{2}){0,2}$' });
    expect(col('name')).toMatchObject({ titles: { zh: '科目名称' }, datatype: 'string' });
    expect(income.tableSchema.foreignKeys).toEqual([{ columnReference: 'code', reference: { resource: 'codelists/functional.csv', columnReference: 'code' } }]);
  });
});
