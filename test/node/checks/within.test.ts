// Within a table: each rule passes on the seed and breaks, at the right cells, when one cell is changed.
import { describe, expect, it } from 'vitest';
import { NINE_TABLE } from '../../../src/core/templates/index.ts';
import { added, check, ofRule, row, seedWith, setCell, SEED, status, table, where } from './support.ts';

const seedReport = check(SEED);

describe('within.income-expenditure (01表)', () => {
  it('passes on the seed', () => {
    expect(ofRule(seedReport, 'within.income-expenditure')).toEqual([]);
    expect(status(seedReport, 'within.income-expenditure')).toBe('passed');
  });
  it('reports 本年收入合计 that is not the sum of the income lines, at 行次 27', () => {
    const report = check(seedWith((f) => setCell(f, 'income-expenditure', 'income', 'total_income', 'amount', '1322.48')));
    const found = ofRule(report, 'within.income-expenditure');
    expect(found.map((x) => [x.severity, where(x.locations[0])])).toEqual([
      ['error', 'income-expenditure/income/total_income/amount'], // ≠ Σ lines 1–8
      ['error', 'income-expenditure/income/grand_total/amount'], // 总计 ≠ 本年收入合计 + 结转
    ]);
    expect(found[0]!.locations[0]).toEqual({ table: 'income-expenditure', number: '公开01表', section: 'income', row: 'total_income', line: 27, column: 'amount', lanci: 1 });
    expect(found[0]).toMatchObject({ expected: '1322.38', actual: '1322.48', difference: '0.10' });
  });
  it('reports expenditure 总计 ≠ 本年支出合计 + 结转和结余', () => {
    const report = check(seedWith((f) => setCell(f, 'income-expenditure', 'expenditure', 'closing_balance', 'amount', '5.00')));
    const found = ofRule(report, 'within.income-expenditure');
    expect(found.map((x) => x.locations.map(where))).toEqual([
      // The blank 结余分配 (行次 59) adds nothing and is not named.
      ['income-expenditure/expenditure/grand_total/amount', 'income-expenditure/expenditure/total_expenditure/amount', 'income-expenditure/expenditure/closing_balance/amount'],
    ]);
    expect(found[0]!.locations[2]).toMatchObject({ line: 60 });
  });
  it('reports income 总计 ≠ expenditure 总计', () => {
    const report = check(
      seedWith((f) => {
        setCell(f, 'income-expenditure', 'expenditure', 'closing_balance', 'amount', '5.00');
        setCell(f, 'income-expenditure', 'expenditure', 'grand_total', 'amount', '1327.38');
      }),
    );
    expect(ofRule(report, 'within.income-expenditure').map((x) => x.locations.map(where))).toEqual([
      ['income-expenditure/expenditure/grand_total/amount', 'income-expenditure/income/grand_total/amount'],
    ]);
  });
});

describe('within.fiscal-income-expenditure (04表)', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'within.fiscal-income-expenditure')).toEqual([]));
  it('reports a fund column whose 本年支出合计 is not the sum of its functional lines', () => {
    const report = check(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'class_201', 'general_budget', '1300.00')));
    const found = ofRule(report, 'within.fiscal-income-expenditure');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]).toEqual({ table: 'fiscal-income-expenditure', number: '公开04表', section: 'expenditure', row: 'total_expenditure', line: 59, column: 'general_budget', lanci: 3 });
    expect(found[0]!.locations[1]).toMatchObject({ row: 'class_201', line: 33, column: 'general_budget' });
    expect(found[0]).toMatchObject({ severity: 'error', expected: '1300.00', actual: '1322.38' });
  });
});

describe('within.row-sum', () => {
  it('notes the seed’s 2010303 rows as rounding only', () => {
    expect(ofRule(seedReport, 'within.row-sum').filter((f) => f.severity !== 'skipped' && f.severity !== 'info')).toEqual([]);
  });
  it('reports a row whose total is not the sum of its columns', () => {
    const report = check(seedWith((f) => setCell(f, 'expenditure', 'main', '2010301', 'basic', '278.25')));
    const found = added(report).filter((x) => x.rule === 'within.row-sum');
    expect(found.map((x) => [x.severity, where(x.locations[0])])).toEqual([['error', 'expenditure/main/2010301/total']]);
    expect(found[0]!.locations.map(where)).toContain('expenditure/main/2010301/basic');
    expect(found[0]).toMatchObject({ expected: '810.46', actual: '809.46', difference: '-1.00' });
  });
  it('warns when the gap is beyond 0.01 but within 0.005 per printed addend', () => {
    const report = check(
      seedWith((f) => {
        setCell(f, 'expenditure', 'main', '2010301', 'remit_superior', '0.00');
        setCell(f, 'expenditure', 'main', '2010301', 'operating', '0.00');
        setCell(f, 'expenditure', 'main', '2010301', 'total', '809.48'); // 4 printed addends: up to 0.02
      }),
    );
    const [f] = added(report).filter((x) => x.rule === 'within.row-sum');
    expect(f).toMatchObject({ severity: 'warning', difference: '0.02', tolerance: '0.02' });
  });
  it("checks 04表's 合计 column against its fund columns", () => {
    const report = check(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'class_201', 'total', '1332.38')));
    expect(added(report).filter((x) => x.rule === 'within.row-sum').map((x) => where(x.locations[0]))).toEqual(['fiscal-income-expenditure/expenditure/class_201/total']);
  });
});

describe('within.parent-sum', () => {
  it('notes the seed’s 20103 rows as rounding only', () => {
    expect(ofRule(seedReport, 'within.parent-sum').filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([]);
  });
  it('reports a 款 that is not the sum of its 项, pointing at the parent then the children', () => {
    const report = check(seedWith((f) => setCell(f, 'general-budget-expenditure', 'main', '2013201', 'project', '4.70')));
    const found = added(report).filter((x) => x.rule === 'within.parent-sum');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([
      ['error', ['general-budget-expenditure/main/20132/project', 'general-budget-expenditure/main/2013201/project']],
    ]);
  });
  it('checks a column printed only in its 合计 row', () => {
    const report = check(seedWith((f) => setCell(f, 'income', 'main', 'total', 'business', '5.00')));
    expect(added(report).filter((x) => x.rule === 'within.parent-sum').map((x) => [x.severity, where(x.locations[0])])).toEqual([['error', 'income/main/total/business']]);
  });
  it('reports 合计 ≠ Σ类', () => {
    const report = check(seedWith((f) => setCell(f, 'income', 'main', 'total', 'fiscal_appropriation', '1320.00')));
    const found = added(report).filter((x) => x.rule === 'within.parent-sum');
    expect(found.map((x) => x.locations.map(where))).toEqual([['income/main/total/fiscal_appropriation', 'income/main/201/fiscal_appropriation']]);
  });
});

describe('within.basic-expenditure-detail (06表)', () => {
  it('passes on the seed, 人员经费 572.28 and 公用经费 34.88 included', () => {
    expect(ofRule(seedReport, 'within.basic-expenditure-detail')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'within.basic-expenditure-detail')!.checked).toBe(5);
  });
  it('reports a 类 that is not the sum of its 款 (a warning within 0.005 × 9 items)', () => {
    const report = check(seedWith((f) => setCell(f, 'general-budget-basic-expenditure', 'main', '30101', 'amount', '220.42')));
    expect(ofRule(report, 'within.basic-expenditure-detail').map((x) => [x.severity, where(x.locations[0]), x.tolerance])).toEqual([
      ['warning', 'general-budget-basic-expenditure/main/301/amount', '0.045'],
    ]);
  });
  it('reports 公用经费合计 that is not the sum of the public classes', () => {
    const report = check(seedWith((f) => setCell(f, 'general-budget-basic-expenditure', 'main', 'public_total', 'amount', '35.88')));
    const found = ofRule(report, 'within.basic-expenditure-detail');
    expect(found.map((x) => [x.severity, where(x.locations[0])])).toEqual([['error', 'general-budget-basic-expenditure/main/public_total/amount']]);
    expect(found[0]!.locations.map(where)).toContain('general-budget-basic-expenditure/main/302/amount');
  });
});

describe('within.three-public (09表)', () => {
  const filled = (edit?: (r: Record<string, string | null>) => void) =>
    seedWith((f) => {
      const values = row(f, 'three-public', 'main', 'amounts').values as Record<string, string | null>;
      Object.assign(values, { budget_total: '10.00', budget_outbound: '0.00', budget_vehicle_subtotal: '6.00', budget_vehicle_purchase: '0.00', budget_vehicle_operation: '6.00', budget_reception: '4.00' });
      Object.assign(values, { final_total: '8.50', final_outbound: '0.00', final_vehicle_subtotal: '5.00', final_vehicle_purchase: '0.00', final_vehicle_operation: '5.00', final_reception: '3.50' });
      table(f, 'three-public').statement = undefined;
      edit?.(values);
    });
  it('is skipped on the seed, whose 09表 has no data', () => {
    expect(ofRule(seedReport, 'within.three-public').map((x) => [x.severity, x.message.en])).toEqual([['skipped', 'not checked: 公开09表财政拨款“三公”经费支出决算表 carries no data']]);
    expect(status(seedReport, 'within.three-public')).toBe('skipped');
  });
  it('passes when 合计 and 小计 add up', () => {
    const report = check(filled());
    expect(ofRule(report, 'within.three-public')).toEqual([]);
    expect(status(report, 'within.three-public')).toBe('passed');
  });
  it('reports 公务用车小计 ≠ 购置 + 运行维护, in the 决算数 columns', () => {
    const report = check(filled((v) => (v.final_vehicle_operation = '5.50')));
    expect(ofRule(report, 'within.three-public').map((x) => where(x.locations[0]))).toEqual(['three-public/main/amounts/final_vehicle_subtotal']);
    expect(ofRule(report, 'within.three-public')[0]!.locations[0]).toMatchObject({ lanci: 9 });
  });
});

describe('within.related-information (10表)', () => {
  it('passes on the seed (25.08 = 工程 25.08)', () => expect(ofRule(seedReport, 'within.related-information')).toEqual([]));
  it('reports 政府采购合计 ≠ 货物 + 工程 + 服务, at 行次 1', () => {
    const report = check(seedWith((f) => setCell(f, 'related-information', 'procurement', 'goods', 'value', '3.00')));
    const [found] = ofRule(report, 'within.related-information');
    expect(found!.locations[0]).toEqual({ table: 'related-information', number: '公开10表', section: 'procurement', row: 'total', line: 1, column: 'value' });
    expect(found!.locations.map(where)).toContain('related-information/procurement/goods/value');
  });
  it('reports a vehicle count total that is not the sum by use', () => {
    const report = check(seedWith((f) => setCell(f, 'related-information', 'assets', 'vehicles_law_enforcement', 'value', '2')));
    expect(ofRule(report, 'within.related-information').map((x) => [x.severity, where(x.locations[0]), x.difference])).toEqual([
      ['error', 'related-information/assets/vehicles_total/value', '-2'],
    ]);
  });
  it('is skipped where the template has no 相关信息统计表', () => {
    const report = check(
      seedWith((f) => {
        f.template = NINE_TABLE.id;
        f.tables = f.tables.filter((t) => t.id !== 'related-information');
      }),
    );
    expect(ofRule(report, 'within.related-information').map((x) => [x.severity, x.message.en])).toEqual([
      ['skipped', 'not checked: template nine-table does not lay out total government procurement'],
      ['skipped', 'not checked: template nine-table does not lay out the number of vehicles'],
    ]);
  });
});
