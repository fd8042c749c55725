import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { renderTableJson, TableJsonSchema } from '../../../src/core/render/index.ts';
import { FORMULA_NAME, TRICKY_NAME, smallFiling } from './fixtures.ts';

function json(tableId: string) {
  const filing = smallFiling();
  return JSON.parse(renderTableJson(filing, filing.tables.find((t) => t.id === tableId)!));
}

describe('renderTableJson', () => {
  it('matches its own valibot schema for every table', () => {
    const filing = smallFiling();
    for (const table of filing.tables) {
      const result = v.safeParse(TableJsonSchema, JSON.parse(renderTableJson(filing, table)));
      expect(result.issues?.map((i) => i.message) ?? [], table.id).toEqual([]);
    }
  });

  it('describes the table and its dataset', () => {
    const t = json('income');
    expect(t.format).toBe('gongkai.table/1');
    expect(t.dataset).toEqual({ departmentId: '140602-test', department: '朔州市朔城区测试局', year: 2023 });
    expect(t.table).toEqual({
      id: 'income', number: '公开02表', title: '收入决算表', titleEn: 'Income', unit: '万元', statement: null, note: null, classification: 'functional', csv: 'income.csv',
    });
    expect(json('government-fund').table.statement).toBe('说明：本表无数据');
    expect(json('government-fund').rows).toEqual([]);
  });

  it('keeps cells exact: blank null, 0.00 and n/a as strings, text as printed (no neutralising)', () => {
    const rows = json('income').rows;
    expect(rows[1]).toEqual({
      id: 'main:201', section: 'main', line: null, key: null, code: '201', level: 1, name: '一般公共服务支出', unit: '万元', group: null,
      values: { total: '1322.38', fiscal_appropriation: '1322.38', other: '0.00' },
    });
    expect(rows[0].values.other).toBeNull();
    expect(rows[2].name).toBe(TRICKY_NAME);
    expect(rows[3].name).toBe(FORMULA_NAME);
    expect(rows[3].values).toEqual({ total: '813.98', fiscal_appropriation: '813.98', other: null }); // absent cell = blank
    expect(json('general-budget-basic-expenditure').rows.find((r: { code: string }) => r.code === '309').values.amount).toBe('n/a');
  });

  it('gives each column its fiscal meaning', () => {
    const ie = json('income-expenditure').columns;
    expect(ie).toEqual([
      { key: 'amount', title: '金额', lanci: null, group: null, sections: ['income', 'expenditure'], money: true, currency: 'CNY', factor: 10000, direction: null, phase: 'executed' },
    ]);
    const tp = json('three-public').columns;
    expect(tp[0]).toMatchObject({ key: 'budget_total', group: '预算数', lanci: 1, phase: 'approved', direction: 'expenditure' });
    expect(tp[6]).toMatchObject({ key: 'final_total', group: '决算数', lanci: 7, phase: 'executed' });
    const ri = json('related-information').columns;
    expect(ri[0]).toMatchObject({ key: 'value', money: false, currency: null, factor: null, direction: null, phase: null });
  });

  it('lists each section with the columns it prints', () => {
    expect(json('fiscal-income-expenditure').sections).toEqual([
      { id: 'income', title: '收入', columns: ['amount'] },
      { id: 'expenditure', title: '支出', columns: ['total', 'general_budget'] },
    ]);
  });
});
