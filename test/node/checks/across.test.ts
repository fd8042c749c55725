// Across tables: each rule passes on the seed and breaks, at the right cells of both tables, when one side changes.
import { describe, expect, it } from 'vitest';
import type { Filing } from '../../../src/core/model/filing.ts';
import { added, check, ofRule, row, seedWith, setCell, SEED, status, table, where } from './support.ts';

const seedReport = check(SEED);
const only = (f: Filing, rule: string) => added(check(f)).filter((x) => x.rule === rule);

describe('across.income-total (02表 ↔ 01表)', () => {
  it('passes on the seed', () => {
    expect(ofRule(seedReport, 'across.income-total')).toEqual([]);
    expect(status(seedReport, 'across.income-total')).toBe('passed');
  });
  it('reports 02 合计 ≠ 01 本年收入合计', () => {
    const found = only(seedWith((f) => setCell(f, 'income-expenditure', 'income', 'total_income', 'amount', '1300.00')), 'across.income-total');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['income/main/total/total', 'income-expenditure/income/total_income/amount']]]);
  });
  it('reports 02 其他收入 ≠ 01 line 8', () => {
    const found = only(seedWith((f) => setCell(f, 'income-expenditure', 'income', 'other', 'amount', '0.50')), 'across.income-total');
    expect(found.map((x) => x.locations.map(where))).toEqual([['income/main/total/other', 'income-expenditure/income/other/amount']]);
    expect(found[0]!.locations[1]).toMatchObject({ line: 8 });
  });
});

describe('across.expenditure-total (03表 ↔ 01表)', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'across.expenditure-total')).toEqual([]));
  it('reports a 类 of 03 that 01 prints differently, and one that 01 lacks', () => {
    const found = only(
      seedWith((f) => {
        setCell(f, 'income-expenditure', 'expenditure', 'class_201', 'amount', '1312.38');
        setCell(f, 'income-expenditure', 'expenditure', 'class_208', 'amount', '10.00');
      }),
      'across.expenditure-total',
    );
    expect(found.map((x) => x.locations.map(where))).toEqual([
      ['expenditure/main/201/total', 'income-expenditure/expenditure/class_201/amount'],
      ['expenditure/main/208/total', 'income-expenditure/expenditure/class_208/amount'],
    ]);
    expect(found[1]!.locations[1]).toMatchObject({ row: 'class_208', line: 39 });
  });
});

describe('across.fiscal-income (02/01 ↔ 04)', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'across.fiscal-income')).toEqual([]));
  it('reports 02 财政拨款收入 ≠ 04 本年收入合计', () => {
    const found = only(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'income', 'total_income', 'amount', '1222.38')), 'across.fiscal-income');
    expect(found.map((x) => x.locations.map(where))).toEqual([['income/main/total/fiscal_appropriation', 'fiscal-income-expenditure/income/total_income/amount']]);
  });
  it("reports 01's 一般公共预算财政拨款收入 ≠ 04's", () => {
    const found = only(seedWith((f) => setCell(f, 'income-expenditure', 'income', 'general_budget', 'amount', '1322.39')), 'across.fiscal-income');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['info', ['income-expenditure/income/general_budget/amount', 'fiscal-income-expenditure/income/general_budget/amount']]]);
  });
});

describe('across.general-budget (05表 ↔ 04表 一般公共预算 column)', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'across.general-budget')).toEqual([]));
  it('reports a 类 whose 05 小计 differs from 04', () => {
    const found = only(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'class_201', 'general_budget', '1320.38')), 'across.general-budget');
    expect(found.map((x) => x.locations.map(where))).toEqual([['general-budget-expenditure/main/201/subtotal', 'fiscal-income-expenditure/expenditure/class_201/general_budget']]);
    expect(found[0]!.locations[1]).toMatchObject({ line: 33, lanci: 3 });
  });
});

describe('across.government-fund and across.state-capital (07/08表 ↔ 04表)', () => {
  it('are skipped on the seed: 07 and 08 have no data, nor has 04 in those columns', () => {
    expect(ofRule(seedReport, 'across.government-fund').map((x) => x.severity)).toEqual(['skipped']);
    expect(ofRule(seedReport, 'across.state-capital').map((x) => x.severity)).toEqual(['skipped']);
  });
  it('report 04 figures that an empty 07 does not show', () => {
    const found = ofRule(check(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'total_expenditure', 'government_fund', '12.00'))), 'across.government-fund');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['government-fund/main/total/expenditure_subtotal', 'fiscal-income-expenditure/expenditure/total_expenditure/government_fund']]]);
  });
  it('pass when 07 and 04 agree', () => {
    const filing = seedWith((f) => {
      setCell(f, 'fiscal-income-expenditure', 'expenditure', 'total_expenditure', 'government_fund', '12.00');
      setCell(f, 'fiscal-income-expenditure', 'expenditure', 'class_212', 'government_fund', '12.00');
      setCell(f, 'government-fund', 'main', 'total', 'expenditure_subtotal', '12.00');
      row(f, 'government-fund', 'main', '212').values = { expenditure_subtotal: '12.00' };
      table(f, 'government-fund').statement = undefined;
    });
    const report = check(filing);
    expect(ofRule(report, 'across.government-fund')).toEqual([]);
    expect(status(report, 'across.government-fund')).toBe('passed');
  });
  it('pass when 08 and 04 agree', () => {
    const filing = seedWith((f) => {
      setCell(f, 'state-capital', 'main', 'total', 'total', '3.00');
      row(f, 'state-capital', 'main', '223').values = { total: '3.00' };
      setCell(f, 'fiscal-income-expenditure', 'expenditure', 'total_expenditure', 'state_capital', '3.00');
      setCell(f, 'fiscal-income-expenditure', 'expenditure', 'class_223', 'state_capital', '3.00');
    });
    const report = check(filing);
    expect(ofRule(report, 'across.state-capital')).toEqual([]);
    expect(status(report, 'across.state-capital')).toBe('passed');
  });
  it('report an 08 类 that 04 does not print', () => {
    const filing = seedWith((f) => {
      setCell(f, 'state-capital', 'main', 'total', 'total', '3.00');
      row(f, 'state-capital', 'main', '223').values = { total: '3.00' };
    });
    const found = ofRule(check(filing), 'across.state-capital');
    expect(found.map((x) => x.locations.map(where))).toEqual([
      ['state-capital/main/total/total', 'fiscal-income-expenditure/expenditure/total_expenditure/state_capital'],
      ['state-capital/main/223/total', 'fiscal-income-expenditure/expenditure/class_223/state_capital'],
    ]);
  });
});

describe('across.basic-expenditure (06表 ↔ 05表)', () => {
  it('passes on the seed: 572.28 + 34.88 = 607.16', () => expect(ofRule(seedReport, 'across.basic-expenditure')).toEqual([]));
  it('reports 人员经费 + 公用经费 ≠ 基本支出', () => {
    const found = only(seedWith((f) => setCell(f, 'general-budget-expenditure', 'main', 'total', 'basic', '617.16')), 'across.basic-expenditure');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([
      ['error', ['general-budget-expenditure/main/total/basic', 'general-budget-basic-expenditure/main/personnel_total/amount', 'general-budget-basic-expenditure/main/public_total/amount']],
    ]);
    expect(found[0]).toMatchObject({ expected: '607.16', actual: '617.16', difference: '10.00' });
  });
});

describe('across.three-public (09表 决算 ↔ 06表 30212/30217/30231)', () => {
  const withReception = (final: string | null) =>
    seedWith((f) => {
      setCell(f, 'general-budget-basic-expenditure', 'main', '30217', 'amount', '2.00');
      if (final !== null) {
        Object.assign(row(f, 'three-public', 'main', 'amounts').values, { final_total: final, final_reception: final });
        table(f, 'three-public').statement = undefined;
      }
    });
  it('is skipped on the seed (09 empty, 06 blank)', () => expect(ofRule(seedReport, 'across.three-public').map((x) => x.severity)).toEqual(['skipped']));
  it('reports an empty 09 while 06 shows 公务接待费', () => {
    const found = ofRule(check(withReception(null)), 'across.three-public');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['three-public/main/amounts/final_reception', 'general-budget-basic-expenditure/main/30217/amount']]]);
  });
  it('passes when 09 agrees with 06', () => {
    const report = check(withReception('2.00'));
    expect(ofRule(report, 'across.three-public')).toEqual([]);
    expect(status(report, 'across.three-public')).toBe('passed');
  });
  it('only warns when 09 exceeds 06 (三公 paid from project funds are not in 06)', () => {
    expect(ofRule(check(withReception('3.00')), 'across.three-public').map((x) => x.severity)).toEqual(['warning']);
    expect(ofRule(check(withReception('1.00')), 'across.three-public').map((x) => x.severity)).toEqual(['error']);
  });
});

describe('across.running-costs (10表 机关运行经费 ≤ 06表 公用经费)', () => {
  it('passes on the seed: 25.28 ≤ 34.88', () => expect(ofRule(seedReport, 'across.running-costs')).toEqual([]));
  it('allows running costs below 公用经费', () => {
    expect(ofRule(check(seedWith((f) => setCell(f, 'related-information', 'running_costs', 'administrative', 'value', '1.00'))), 'across.running-costs')).toEqual([]);
  });
  it('reports running costs above 公用经费', () => {
    const found = ofRule(check(seedWith((f) => setCell(f, 'related-information', 'running_costs', 'civil_service_managed', 'value', '10.00'))), 'across.running-costs');
    expect(found.map((x) => [x.severity, x.expected, x.actual, x.locations.map(where)])).toEqual([
      ['error', '34.88', '35.28', ['related-information/running_costs/administrative/value', 'related-information/running_costs/civil_service_managed/value', 'general-budget-basic-expenditure/main/public_total/amount']],
    ]);
  });
});
