import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DataPackageSchema, renderVersionFiles, type DataPackage } from '../../../src/core/render/index.ts';
import { body } from './support.ts';
import { CONTEXT, smallFiling } from './fixtures.ts';

async function render(context = CONTEXT) {
  const files = await renderVersionFiles({ filing: smallFiling(), findings: { findings: [] }, context });
  return { files, dp: JSON.parse(body(files, 'datapackage.json')) as DataPackage };
}

describe('renderDataPackage', () => {
  it('is a Data Package v2 named for the dataset, versioned by the recipe', async () => {
    const { dp } = await render();
    expect(dp.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(dp.name).toBe('140602-test-2023');
    expect(dp.title).toBe('朔州市朔城区测试局2023年度部门决算');
    expect(dp.version).toBe('1.0.0');
    expect(dp.created).toBe(CONTEXT.publishedAt);
    expect(dp.licenses.length).toBeGreaterThan(0);
    expect(dp.sources[0]!.title).toContain('朔州市朔城区测试局');
    expect(v.safeParse(DataPackageSchema, dp).success).toBe(true);
    const correction = (await render({ ...CONTEXT, version: 3, corrects: 2 })).dp;
    expect(correction.version).toBe('1.0.2'); // a correction bumps PATCH
    expect(correction.description).toContain('correcting version 2');
    expect(correction.gongkai).toMatchObject({ version: 3, corrects: 2 });
  });

  it('has one resource per table, the code lists, the filing and the findings', async () => {
    const { dp } = await render();
    expect(dp.resources.map((r) => r.path)).toEqual([
      ...smallFiling().tables.map((t) => `tables/${t.id}.csv`),
      'codelists/functional.csv',
      'codelists/economic.csv',
      'filing.json',
      'findings.json',
    ]);
    expect(new Set(dp.resources.map((r) => r.name)).size).toBe(dp.resources.length);
  });

  it("declares each resource's bytes and sha256 exactly as the bodies are", async () => {
    const { files, dp } = await render();
    for (const r of dp.resources) {
      const text = body(files, r.path);
      expect(r.bytes, r.path).toBe(Buffer.byteLength(text, 'utf8'));
      expect(r.hash, r.path).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`);
      expect(r.encoding).toBe('utf-8');
    }
  });

  it('describes every CSV column, in order, with primary and foreign keys that resolve', async () => {
    const { files, dp } = await render();
    const names = new Set(dp.resources.map((r) => r.name));
    for (const r of dp.resources.filter((x) => x.format === 'csv')) {
      expect(r.mediatype).toBe('text/csv');
      expect(r.type).toBe('table');
      const header = body(files, r.path).split('\r\n')[0]!.split(',');
      const fields = r.schema!.fields.map((f) => f.name);
      expect(fields, r.path).toEqual(header);
      for (const k of r.schema!.primaryKey) expect(fields).toContain(k);
      for (const fk of r.schema!.foreignKeys ?? []) {
        expect(names.has(fk.reference.resource), fk.reference.resource).toBe(true);
        for (const f of fk.fields) expect(fields).toContain(f);
      }
      for (const f of r.schema!.fields) expect(f.title.length, `${r.name}.${f.name}`).toBeGreaterThan(0);
    }
  });

  it('uses a non-null synthetic id as primary key, and declares n/a a missing value', async () => {
    const { dp } = await render();
    const income = dp.resources.find((r) => r.name === 'income')!;
    expect(income.schema!.primaryKey).toEqual(['id']);
    expect(income.schema!.fields[0]).toMatchObject({ name: 'id', type: 'string', constraints: { required: true, unique: true } });
    expect(income.schema!.missingValues).toEqual(['', 'n/a']);
    expect(income.schema!.foreignKeys).toEqual([{ fields: ['code'], reference: { resource: 'functional-classification', fields: ['code'] } }]);
    const basic = dp.resources.find((r) => r.name === 'general-budget-basic-expenditure')!;
    expect(basic.schema!.foreignKeys![0]!.reference.resource).toBe('economic-classification');
  });

  it('gives amounts Fiscal Data Package semantics and codes their classification', async () => {
    const { dp } = await render();
    const field = (res: string, name: string) => dp.resources.find((r) => r.name === res)!.schema!.fields.find((f) => f.name === name)!;
    expect(field('income', 'total')).toMatchObject({ type: 'number', columnType: 'value', currency: 'CNY', factor: 10000, direction: 'revenue', phase: 'executed', title: '本年收入合计' });
    expect(field('expenditure', 'basic')).toMatchObject({ direction: 'expenditure', phase: 'executed' });
    expect(field('three-public', 'budget_total')).toMatchObject({ phase: 'approved', direction: 'expenditure' });
    expect(field('three-public', 'final_total')).toMatchObject({ phase: 'executed' });
    expect(field('income', 'code')).toMatchObject({ type: 'string', columnType: 'functional-classification:generic:code' });
    expect(field('general-budget-basic-expenditure', 'code')).toMatchObject({ columnType: 'economic-classification:generic:code' });
    expect(field('income', 'level')).toMatchObject({ type: 'integer', constraints: { minimum: 1, maximum: 3 } });
    // 01表: one amount column, revenue in one section and expenditure in the other.
    expect(field('income-expenditure', 'amount').direction).toBeUndefined();
    expect(field('income-expenditure', 'amount').description).toContain('revenue in income; expenditure in expenditure');
    // 10表 mixes money and counts in one column: no currency, the unit column says.
    expect(field('related-information', 'value')).not.toHaveProperty('currency');
    expect(field('related-information', 'value').description).toContain('unit');
  });
});
