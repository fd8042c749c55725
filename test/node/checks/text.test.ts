// Text against tables: each rule passes on the seed's sentences and breaks when one figure in a sentence changes.
import { describe, expect, it } from 'vitest';
import { added, check, editText, ofRule, seedWith, SEED, setCell, status, where } from './support.ts';
import type { Filing } from '../../../src/core/model/filing.ts';

const seedReport = check(SEED);
const ONE = '/narrative/explanation/0/paragraphs/0'; // 一、收入支出决算总体情况说明

describe('text.amount', () => {
  it('passes on the seed: every stated amount it can place agrees with the tables', () => {
    expect(ofRule(seedReport, 'text.amount')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'text.amount')!.checked).toBeGreaterThan(40);
  });
  it('reports a quoted 收入总计 that 01表 does not print, at the sentence and the cell', () => {
    const [f, growth, prior, ...rest] = added(check(seedWith((f) => editText(f, '收入总计1,322.38万元', '收入总计1,332.38万元'))));
    expect(rest).toEqual([]);
    // The growth rate is recomputed from the stated figure, so it no longer agrees either; nor does the year before
    // it implies (1332.38 − 446.58) with 支出总计's (1322.38 − 446.58), though the two 总计 balance every year.
    expect(growth).toMatchObject({ rule: 'text.growth', severity: 'error', expected: '50.42', actual: '50.99' });
    expect(prior).toMatchObject({ rule: 'text.prior-year', severity: 'error', expected: '885.80', actual: '875.80' });
    expect(f).toMatchObject({ rule: 'text.amount', severity: 'error', expected: '1322.38', actual: '1332.38', difference: '10.00' });
    expect(f!.locations).toEqual([
      { part: 'narrative', path: ONE, excerpt: '2023年度收入总计1,332.38万元，支出总计1,322.38万元。' },
      { table: 'income-expenditure', number: '公开01表', section: 'income', row: 'grand_total', line: 31, column: 'amount', lanci: 1 },
    ]);
  });
  it('reads the same words by section: 支出总计 in 四、 is 04表’s', () => {
    const report = check(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'grand_total', 'total', '1322.48')));
    const found = ofRule(report, 'text.amount');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['narrative:/narrative/explanation/3/paragraphs/0', 'fiscal-income-expenditure/expenditure/grand_total/total']]]);
  });
  it('a cent off the cell it quotes is an error: the same printed figure has no rounding between', () => {
    const found = added(check(seedWith((f) => editText(f, '人员经费572.28万元', '人员经费572.29万元'))));
    expect(found.map((x) => [x.rule, x.severity, x.tolerance, where(x.locations[1])])).toEqual([['text.amount', 'error', '0', 'general-budget-basic-expenditure/main/personnel_total/amount']]);
    expect(found[0]!.message.zh).toContain('不存在换算尾差');
  });
  it('a cent off is rounding again where another table prints the same line with the text\'s figure (02表 against 05表)', () => {
    const edit = (f: Filing) => editText(f, '一般公共服务支出(类)1,322.38万元', '一般公共服务支出(类)1,322.39万元');
    const alone = ofRule(check(seedWith(edit)), 'text.amount');
    expect(alone.map((x) => [x.severity, where(x.locations[1])])).toEqual([['error', 'general-budget-expenditure/main/201/subtotal']]);
    const both = ofRule(check(seedWith((f) => { edit(f); setCell(f, 'expenditure', 'main', '201', 'total', '1322.39'); })), 'text.amount');
    expect(both.map((x) => [x.severity, where(x.locations[1])])).toEqual([['info', 'general-budget-expenditure/main/201/subtotal']]);
    expect(both[0]!.message.zh).toContain('与公开03表支出决算表所列相同');
  });
  it('a figure printed coarser than its cell must be the cell rounded: 572.3万元 or 5,722,800元 for 572.28, not 572.4', () => {
    for (const ok of ['人员经费572.3万元', '人员经费572万元', '人员经费5,722,800元', '人员经费5,722,849.99元', '人员经费0.057228亿元', '人员经费0.06亿元']) {
      expect(added(check(seedWith((f) => editText(f, '人员经费572.28万元', ok)))), ok).toEqual([]);
    }
    for (const [bad, tolerance] of [['人员经费572.4万元', '0.05'], ['人员经费573万元', '0.5'], ['人员经费5,722,900元', '0.005'], ['人员经费0.05亿元', '50']] as const) {
      const found = added(check(seedWith((f) => editText(f, '人员经费572.28万元', bad))));
      expect(found.map((x) => [x.rule, x.severity, x.tolerance]), bad).toEqual([['text.amount', 'error', tolerance]]);
    }
  });
  it('reports a 三公 amount quoted over an empty 09表', () => {
    const found = added(check(seedWith((f) => editText(f, '公务接待费支出0万元，完成全年预算的0%', '公务接待费支出3.00万元，完成全年预算的0%'))));
    expect(found.filter((x) => x.rule === 'text.amount').map((x) => [x.severity, where(x.locations[1])])).toEqual([['error', 'three-public/main/amounts/final_reception']]);
  });
  it('reads amounts quoted in 元 and in full-width digits', () => {
    expect(added(check(seedWith((f) => editText(f, '收入总计1,322.38万元', '收入总计13,223,800.00元'))))).toEqual([]);
    expect(added(check(seedWith((f) => editText(f, '人员经费572.28万元', '人员经费５７２．２８万元'))))).toEqual([]);
    const found = added(check(seedWith((f) => editText(f, '人员经费572.28万元', '人员经费５７３．２８万元'))));
    expect(found.map((x) => [x.rule, x.expected, x.actual])).toEqual([['text.amount', '572.28', '573.28']]);
  });
  it('checks counts too: 共有车辆 against 10表', () => {
    const found = added(check(seedWith((f) => editText(f, '共有车辆0辆', '共有车辆2辆'))));
    expect(found.map((x) => [x.rule, x.severity, where(x.locations[1])])).toEqual([['text.amount', 'error', 'related-information/assets/vehicles_total/value']]);
  });
});

describe('text.growth', () => {
  it('passes on the seed: 446.58 / (1322.38 − 446.58) = 50.99%, 0.01 / (25.28 + 0.01) = 0.04%', () => {
    expect(ofRule(seedReport, 'text.growth')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'text.growth')!.checked).toBe(7);
  });
  it('reports a growth rate that does not follow from the stated change', () => {
    const found = added(check(seedWith((f) => editText(f, '收入总计增加446.58万元，增长50.99%', '收入总计增加446.58万元，增长51.99%'))));
    expect(found.map((x) => [x.rule, x.severity, x.expected, x.actual, where(x.locations[0])])).toEqual([['text.growth', 'error', '50.99', '51.99', `narrative:${ONE}`]]);
  });
  it('reports a decline rate that does not follow (机关运行经费 减少0.01万元，下降0.40%)', () => {
    const found = added(check(seedWith((f) => editText(f, '下降0.04%', '下降0.40%'))));
    expect(found.map((x) => [x.rule, x.expected, x.actual])).toEqual([['text.growth', '0.04', '0.40']]);
  });
  it('reports a change and a rate pointing opposite ways', () => {
    const found = added(check(seedWith((f) => editText(f, '减少0.01万元，下降0.04%', '减少0.01万元，增长0.04%'))));
    expect(found.map((x) => [x.rule, x.severity])).toEqual([['text.growth', 'error']]);
  });
});

describe('text.share', () => {
  it('passes on the seed: 607.16 / 1322.38 = 45.91%, 715.22 / 1322.38 = 54.09%', () => expect(ofRule(seedReport, 'text.share')).toEqual([]));
  it('reports a share that does not recompute from the 其中 base', () => {
    const found = added(check(seedWith((f) => editText(f, '占比45.91%', '占比46.91%'))));
    expect(found.map((x) => [x.rule, x.severity, x.expected, x.actual, x.locations[0] && 'excerpt' in x.locations[0] ? x.locations[0].excerpt : ''])).toEqual([
      ['text.share', 'error', '45.91', '46.91', '基本支出607.16万元，占比46.91%；'],
    ]);
  });
  it('reads a named base from the tables (占本年支出合计的…)', () => {
    const found = added(check(seedWith((f) => setCell(f, 'income-expenditure', 'expenditure', 'total_expenditure', 'amount', '1400.00'))));
    const share = found.filter((x) => x.rule === 'text.share');
    expect(share.map((x) => [x.expected, x.actual, x.locations.map(where)])).toEqual([
      ['94.46', '100.00', ['narrative:/narrative/explanation/5/paragraphs/0', 'income-expenditure/expenditure/total_expenditure/amount']],
    ]);
  });
});

describe('text.completion', () => {
  it('passes on the seed (1322.38 / 1605.63 = 82.36%) and skips the zero 三公 budgets', () => {
    expect(ofRule(seedReport, 'text.completion').map((x) => x.severity)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(status(seedReport, 'text.completion')).toBe('passed');
    expect(ofRule(seedReport, 'text.completion')[0]!.message.en).toContain('is 0: a completion rate is undefined');
  });
  it('reports a completion rate that does not recompute', () => {
    const found = added(check(seedWith((f) => editText(f, '支出决算1322.38万元，完成年初预算的82.36%', '支出决算1322.38万元，完成年初预算的83.36%'))));
    expect(found.map((x) => [x.rule, x.severity, x.expected, x.actual])).toEqual([['text.completion', 'error', '82.36', '83.36']]);
  });
  it('takes a 三公 budget from 09表 when the sentence does not state it', () => {
    const filing = seedWith((f) => {
      Object.assign(f.tables.find((t) => t.id === 'three-public')!.sections[0]!.rows[0]!.values, { budget_total: '4.00', budget_reception: '4.00', final_total: '2.00', final_reception: '2.00' });
      f.tables.find((t) => t.id === 'three-public')!.statement = undefined;
      editText(f, '公务接待费支出0万元，完成全年预算的0%', '公务接待费支出2.00万元，完成全年预算的40.00%');
    });
    const found = ofRule(check(filing), 'text.completion').filter((x) => x.locations[0] && 'path' in x.locations[0] && x.locations[0].path.endsWith('/4'));
    expect(found.map((x) => [x.severity, x.expected, x.actual, where(x.locations[1])])).toEqual([['error', '50.00', '40.00', 'three-public/main/amounts/budget_reception']]);
  });
});

describe('text.unread', () => {
  it('skips, with what it read, the seed sentences it cannot place', () => {
    const found = ofRule(seedReport, 'text.unread');
    expect(found.map((x) => x.severity)).toEqual(['skipped', 'skipped']);
    expect(found[0]!.message.en).toContain('国内接待费');
    expect(status(seedReport, 'text.unread')).toBe('passed');
  });
  it('counts a sentence as read once one of its figures is checked', () => {
    const found = added(check(seedWith((f) => editText(f, '国内接待费0万元', '公务接待费支出0万元，国内接待费0万元'))));
    expect(found).toEqual([]);
    const report = check(seedWith((f) => editText(f, '国内接待费0万元', '公务接待费支出0万元，国内接待费0万元')));
    expect(ofRule(report, 'text.unread')).toHaveLength(1);
  });
  it('reports a new sentence whose figures match nothing', () => {
    const found = added(check(seedWith((f) => editText(f, '压缩机关运行经费支出。', '压缩机关运行经费支出。另有专项调研经费3.50万元。'))));
    expect(found.map((x) => [x.rule, x.severity, x.locations[0] && 'excerpt' in x.locations[0] ? x.locations[0].excerpt : ''])).toEqual([
      ['text.unread', 'skipped', '另有专项调研经费3.50万元。'],
    ]);
  });
});
