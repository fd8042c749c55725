// Rules find tables by id, not by position: other templates, missing tables and unknown templates are
// handled by skipping (never passing) what cannot be checked.
import { describe, expect, it } from 'vitest';
import type { Filing } from '../../../src/core/model/filing.ts';
import { EIGHT_TABLE, NINE_TABLE } from '../../../src/core/templates/index.ts';
import { check, ofRule, seedWith, SEED, status } from './support.ts';

/** The seed re-cast in another template: its tables in that template's order and numbering. */
function recast(templateId: string, order: readonly string[], edit?: (f: Filing) => void): Filing {
  return seedWith((f) => {
    f.template = templateId;
    f.tables = order.map((id, i) => ({ ...f.tables.find((t) => t.id === id)!, number: `公开${String(i + 1).padStart(2, '0')}表` }));
    edit?.(f);
  });
}

const seedProblems = check(SEED).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.rule);

describe('the nine-table template (三公 seventh, no 相关信息统计表)', () => {
  const filing = recast(NINE_TABLE.id, NINE_TABLE.tables.map((t) => t.id));
  const report = check(filing);

  it('finds no problem the seed does not have', () => {
    expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.rule)).toEqual(seedProblems);
    expect(ofRule(report, 'document.required-tables')).toEqual([]);
  });
  it('skips the 相关信息统计表 rules because the template lacks the table', () => {
    // Each identity names what the template does not lay out: the figures of the 相关信息统计表.
    const skips = {
      'within.related-information': ['total government procurement', 'the number of vehicles'],
      'across.running-costs': ['running costs of administrative units'],
    };
    for (const [rule, lacking] of Object.entries(skips)) {
      expect(status(report, rule)).toBe('skipped');
      expect(ofRule(report, rule).map((x) => [x.severity, x.message.en, x.locations])).toEqual(lacking.map((m) => ['skipped', `not checked: template nine-table does not lay out ${m}`, [{ table: 'related-information' }]]));
    }
  });
  it('locates 三公 by its number in this template (公开07表)', () => {
    expect(ofRule(report, 'within.three-public')[0]!.locations[0]).toEqual({ table: 'three-public', number: '公开07表' });
  });
  it('leaves the text’s 机关运行经费, 政府采购 and vehicle figures unchecked against tables rather than passed', () => {
    const figure = (value: string, excerpt: string) => report.extracted.figures.find((f) => f.value === value && f.location.excerpt.includes(excerpt))!;
    expect(figure('25.28', '机关运行经费').checkedBy).toEqual(['text.growth']); // its growth rate is still consistent
    // Not against a table (the template has none): only against the sentence's own total (货物 + 工程 + 服务).
    expect(figure('0', '政府采购货物支出').checkedBy).toEqual(['text.sum']);
    expect(report.extracted.unread.map((u) => u.location.excerpt)).toContain('截至2023年12月31日，本部门（单位）共有车辆0辆。');
  });
  it('still checks a broken 三公 table, wherever it sits', () => {
    const broken = recast(NINE_TABLE.id, NINE_TABLE.tables.map((t) => t.id), (f) => {
      Object.assign(f.tables[6]!.sections[0]!.rows[0]!.values, { final_total: '5.00', final_reception: '4.00' });
      f.tables[6]!.statement = undefined;
    });
    expect(ofRule(check(broken), 'within.three-public').map((x) => [x.severity, x.locations[0]])).toEqual([
      ['error', { table: 'three-public', number: '公开07表', section: 'main', row: 'amounts', column: 'final_total', lanci: 7 }],
    ]);
  });
});

describe('the eight-table template (no 国有资本经营 table)', () => {
  const report = check(recast(EIGHT_TABLE.id, EIGHT_TABLE.tables.map((t) => t.id)));
  it('skips the state-capital rule for the template, and finds nothing new', () => {
    expect(ofRule(report, 'across.state-capital').map((x) => x.message.en)).toEqual(['not checked: template eight-table does not lay out state capital appropriations: total expenditure']);
    expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.rule)).toEqual(seedProblems);
  });
});

describe('a small hand-made filing', () => {
  const tiny: Filing = {
    format: 'gongkai.filing/1',
    department: { id: '140602-test', name: '测试局', regionCode: '140602', units: [] },
    year: 2023,
    unit: '万元',
    template: 'shanxi-2023',
    tables: [
      {
        id: 'income-expenditure',
        number: '公开01表',
        title: '收入支出决算总表',
        unit: '金额单位：万元',
        sections: [
          { id: 'income', columns: [{ key: 'amount', title: '金额', lanci: 1 }], rows: [{ key: 'general_budget', line: 1, name: '一般公共预算财政拨款收入', values: { amount: '10.00' } }, { key: 'total_income', line: 27, name: '本年收入合计', values: { amount: '10.00' } }, { key: 'grand_total', line: 31, name: '总计', values: { amount: '10.00' } }] },
          { id: 'expenditure', columns: [{ key: 'amount', title: '金额', lanci: 2 }], rows: [{ key: 'class_201', code: '201', line: 32, name: '一般公共服务支出', values: { amount: '9.00' } }, { key: 'total_expenditure', line: 58, name: '本年支出合计', values: { amount: '10.00' } }, { key: 'grand_total', line: 62, name: '总计', values: { amount: '10.00' } }] },
        ],
      },
    ],
    narrative: { duties: [], organisation: { summary: [], offices: [] }, explanation: [], glossary: [] },
  };
  const report = check(tiny);

  it('checks what it carries: 本年支出合计 10.00 against one line of 9.00', () => {
    expect(ofRule(report, 'within.income-expenditure').map((x) => [x.severity, x.expected, x.actual])).toEqual([['error', '9.00', '10.00']]);
  });
  it('reports the nine missing tables and skips the rules that need them', () => {
    expect(ofRule(report, 'document.required-tables')).toHaveLength(9);
    expect(ofRule(report, 'across.income-total').map((x) => x.message.en)).toEqual(['not checked: the filing does not carry 公开02表收入决算表']);
    expect(report.rules.filter((r) => r.status === 'passed').map((r) => r.id)).not.toContain('across.income-total');
  });
  it('runs on an unknown template, skipping what depends on it', () => {
    const unknown = check({ ...tiny, template: 'guangdong-2021' });
    expect(ofRule(unknown, 'document.required-tables').map((x) => x.severity)).toEqual(['skipped']);
    expect(status(unknown, 'within.income-expenditure')).toBe('skipped');
  });
});
