// Identities by meaning, each run on at least two templates' layouts, passing and broken: the seed (Shanxi:
// 04表 year-end by fund as sub-rows and columns), the Shanghai sample (04表 as columns of one row), the Shanghai
// sample laid out as Beijing files it (twelve tables, 政府采购情况表), and two layouts no registered template prints
// yet (三公 预算/决算 in tables of their own; 06表 in two column groups), checked against a template built for them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiling, type CheckReport, type Finding } from '../../../src/core/checks/index.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import type { Row, Table } from '../../../src/core/model/table.ts';
import { BEIJING, SHANGHAI_2024, type Template } from '../../../src/core/templates/index.ts';
import { GENERAL_BUDGET_BASIC_EXPENDITURE_TWO_GROUPS, THREE_PUBLIC_BUDGET, THREE_PUBLIC_FINAL } from '../../../src/core/templates/tables.ts';
import { check, seedWith, setCell, where } from './support.ts';

const SHANGHAI = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/shanghai-sample-2024.json'), 'utf8')) as Filing;

function shanghai(edit: (f: Filing) => void = () => {}, template?: Template, layout: (f: Filing) => void = () => {}): CheckReport {
  const f = structuredClone(SHANGHAI);
  layout(f);
  edit(f);
  return checkFiling(f, template ? { template } : {});
}

const tableOf = (f: Filing, id: string): Table => f.tables.find((t) => t.id === id)!;
const rowOf = (f: Filing, id: string, section: string, key: string): Row => {
  const s = tableOf(f, id).sections.find((x) => x.id === section)!;
  return s.rows.find((r) => r.key === key || (r.key === undefined && r.code === key))!;
};
const problems = (r: CheckReport): Finding[] => r.findings.filter((x) => x.severity === 'error' || x.severity === 'warning');
const ofRule = (r: CheckReport, rule: string) => problems(r).filter((x) => x.rule === rule);
const firstAt = (r: CheckReport, rule: string) => ofRule(r, rule).map((x) => where(x.locations[0]));

// ── the layouts ─────────────────────────────────────────────────────────────

/** 三公 printed apart: 决算数 in 三公表, 预算数 in a table of its own. */
const APART: Template = {
  ...SHANGHAI_2024,
  id: 'shanghai-2024',
  tables: SHANGHAI_2024.tables.flatMap((t) => (t.id === 'three-public' ? [THREE_PUBLIC_FINAL, THREE_PUBLIC_BUDGET] : [t])),
};
function apart(f: Filing): void {
  const i = f.tables.findIndex((t) => t.id === 'three-public');
  const values = f.tables[i]!.sections[0]!.rows[0]!.values;
  const items = (prefix: string) => Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  const table = (id: string, title: string, name: string, prefix: string): Table => ({
    id, title, unit: '万元', sections: [{ id: 'main', columns: THREE_PUBLIC_FINAL.sections[0]!.columns.map((c) => ({ key: c.key, title: c.title })), rows: [{ key: 'amounts', name, values: items(prefix) }] }],
  });
  f.narrative.contents?.push('财政拨款“三公”经费支出预算表');
  f.tables.splice(i, 1, table('three-public', '财政拨款“三公”经费支出决算表', '决算数', 'final_'), table('three-public-budget', '财政拨款“三公”经费支出预算表', '预算数', 'budget_'));
}

/** 06表 in two column groups: 人员经费 (301, 303) and 公用经费 (the rest), each with its 合计. */
const TWO_GROUPS: Template = { ...SHANGHAI_2024, tables: SHANGHAI_2024.tables.map((t) => (t.id === 'general-budget-basic-expenditure' ? { ...GENERAL_BUDGET_BASIC_EXPENDITURE_TWO_GROUPS, title: t.title } : t)) };
function twoGroups(f: Filing): void {
  const t = tableOf(f, 'general-budget-basic-expenditure');
  const rows = t.sections[0]!.rows;
  const personnel = (r: Row) => r.code !== undefined && (r.code.startsWith('301') || r.code.startsWith('303'));
  const total = (key: string): Row => ({ key: 'total', name: key === 'personnel_total' ? '人员经费合计' : '公用经费合计', values: rows.find((r) => r.key === key)!.values });
  const columns = [{ key: 'amount', title: '决算数' }];
  t.sections = [
    { id: 'personnel', title: '人员经费', columns, rows: [...rows.filter(personnel).map(({ group: _g, ...r }) => r), total('personnel_total')] },
    { id: 'public', title: '公用经费', columns, rows: [...rows.filter((r) => r.code !== undefined && !personnel(r)).map(({ group: _g, ...r }) => r), total('public_total')] },
  ];
}

/** The Shanghai sample as Beijing files it: twelve tables; 04表 with the by-fund sub-rows; 政府采购情况表 from the text. */
function beijing(f: Filing): void {
  const fiscal = tableOf(f, 'fiscal-income-expenditure').sections.find((s) => s.id === 'expenditure')!;
  const at = fiscal.rows.findIndex((r) => r.key === 'closing_balance');
  fiscal.rows.splice(at + 1, 0,
    { key: 'closing_balance_general_budget', name: '一般公共预算财政拨款', values: { total: '16.16', general_budget: '16.16', government_fund: null, state_capital: null } },
    { key: 'closing_balance_government_fund', name: '政府性基金预算财政拨款', values: { total: null, general_budget: null, government_fund: null, state_capital: null } },
    { key: 'closing_balance_state_capital', name: '国有资本经营预算财政拨款', values: { total: null, general_budget: null, government_fund: null, state_capital: null } });
  const empty = (id: string, title: string, columns: string[]): Table => ({ id, title, unit: '万元', statement: '说明：本表无数据。', sections: [{ id: 'main', columns: columns.map((key) => ({ key, title: key })), rows: [] }] });
  const byId = new Map(f.tables.map((t) => [t.id, t]));
  byId.set('state-capital', empty('state-capital', '国有资本经营预算财政拨款支出决算表', ['total', 'basic', 'project']));
  byId.set('government-fund-basic-expenditure', empty('government-fund-basic-expenditure', '政府性基金预算财政拨款基本支出决算表', ['amount']));
  byId.set('purchased-services', empty('purchased-services', '政府购买服务支出情况表', ['amount']));
  byId.set('procurement', {
    id: 'procurement', title: '政府采购情况表', unit: '万元',
    sections: [{
      id: 'main',
      columns: ['actual_total', 'actual_goods', 'actual_works', 'actual_services'].map((key) => ({ key, title: key })),
      rows: [{ key: 'total', name: '合计', values: { actual_total: '286.54', actual_goods: '58.20', actual_works: '0.00', actual_services: '228.34' } }],
    }],
  });
  f.template = 'beijing';
  delete f.narrative.contents; // the sample's 目录 lists Shanghai's nine tables
  f.tables = BEIJING.tables.map((t) => byId.get(t.id)!);
}

const LAYOUTS: [string, Template | undefined, (f: Filing) => void][] = [
  ['Shanghai', undefined, () => {}],
  ['Shanghai with 三公 apart', APART, apart],
  ['Shanghai with 06表 in two column groups', TWO_GROUPS, twoGroups],
  ['the Shanghai sample in Beijing\'s layout', undefined, beijing],
];

describe('each layout, clean, holds every identity', () => {
  for (const [name, template, layout] of LAYOUTS) {
    it(`${name}: 0 errors and 0 warnings, the within/across identities evaluated`, () => {
      const report = shanghai(() => {}, template, layout);
      expect(problems(report).map((x) => `${x.rule} ${where(x.locations[0])}: ${x.message.en}`)).toEqual([]);
      for (const rule of ['within.fiscal-income-expenditure', 'within.three-public', 'within.basic-expenditure-detail', 'across.basic-expenditure', 'across.three-public']) {
        expect(report.rules.find((r) => r.id === rule), rule).toMatchObject({ status: 'passed' });
      }
    });
  }
  it('the seed (Shanxi) keeps its findings: the only problems are its two known errors', () => {
    expect(problems(check(seedWith())).map((x) => x.rule)).toEqual(['attachment.execution-rate', 'attachment.project-total']);
  });
});

describe('04表 year-end balance by fund', () => {
  it('Shanxi (sub-rows 61–63 and the fund columns of line 60): a sub-row that does not add up is an error at line 60', () => {
    const report = check(seedWith((f) => setCell(f, 'fiscal-income-expenditure', 'expenditure', 'closing_balance_general_budget', 'total', '5.00')));
    const found = ofRule(report, 'within.fiscal-income-expenditure');
    expect(found.map((x) => x.locations.map(where))).toEqual([
      ['fiscal-income-expenditure/expenditure/closing_balance/total', 'fiscal-income-expenditure/expenditure/closing_balance_general_budget/total'],
      // the two presentations of the same balance disagree: sub-row 61 says 5.00, line 60's column says nothing
      ['fiscal-income-expenditure/expenditure/closing_balance/general_budget', 'fiscal-income-expenditure/expenditure/closing_balance_general_budget/total'],
    ]);
    expect(found[0]!.locations[1]).toMatchObject({ line: 61 });
  });
  it('Shanghai (the columns of one row): a fund column that does not add up is an error at that row', () => {
    const report = shanghai((f) => { rowOf(f, 'fiscal-income-expenditure', 'expenditure', 'closing_balance').values['general_budget'] = '17.16'; });
    expect(firstAt(report, 'within.fiscal-income-expenditure')).toEqual([
      'fiscal-income-expenditure/expenditure/grand_total/general_budget', // 3441.08 + 17.16 ≠ 3457.24
      'fiscal-income-expenditure/expenditure/closing_balance/total', // 16.16 ≠ 17.16 + 0 + 0
    ]);
  });
  it('Beijing (sub-rows): a sub-row off is found there, and not in Shanghai\'s layout, which has none', () => {
    const broken = (f: Filing) => { rowOf(f, 'fiscal-income-expenditure', 'expenditure', 'closing_balance_general_budget').values['total'] = '6.16'; };
    const report = shanghai(broken, undefined, (f) => beijing(f));
    expect(firstAt(report, 'within.fiscal-income-expenditure')).toContain('fiscal-income-expenditure/expenditure/closing_balance/total');
  });
});

describe('三公: total = 因公出国 + 公务用车 + 公务接待, and its 决算数 against 06表', () => {
  const offReception = (prefix: string) => (f: Filing) => {
    const t = f.tables.find((x) => x.id === 'three-public')!;
    t.sections[0]!.rows[0]!.values[`${prefix}reception`] = '3.13';
  };
  it('side by side (Shanghai): a 决算 item off is an error at 决算 合计, and against 06表 30217', () => {
    const report = shanghai(offReception('final_'));
    expect(firstAt(report, 'within.three-public')).toEqual(['three-public/main/amounts/final_total']);
    expect(ofRule(report, 'across.three-public').map((x) => [x.severity, x.locations.map(where)])).toEqual([['warning', ['three-public/main/amounts/final_reception', 'general-budget-basic-expenditure/main/30217/amount']]]);
  });
  it('apart: the same defect in the 决算 table of its own', () => {
    const report = shanghai(offReception(''), APART, apart);
    expect(firstAt(report, 'within.three-public')).toEqual(['three-public/main/amounts/total']);
    expect(ofRule(report, 'across.three-public').map((x) => x.locations.map(where))).toEqual([['three-public/main/amounts/reception', 'general-budget-basic-expenditure/main/30217/amount']]);
  });
  it('apart: the budget table is checked too, and the text\'s completion rate is recomputed from it', () => {
    const report = shanghai((f) => { tableOf(f, 'three-public-budget').sections[0]!.rows[0]!.values['vehicle_subtotal'] = '9.00'; }, APART, apart);
    expect(firstAt(report, 'within.three-public')).toEqual(['three-public-budget/main/amounts/total', 'three-public-budget/main/amounts/vehicle_subtotal']);
    // 公务用车购置及运行维护费 … 完成预算的85.63%: 6.85 ÷ 9.00 = 76.11%
    expect(ofRule(report, 'text.completion').map((x) => [x.expected, where(x.locations[1])])).toEqual([['76.11', 'three-public-budget/main/amounts/vehicle_subtotal']]);
  });
  it('a template that prints no 三公 budget skips the budget identity saying so', () => {
    const noBudget: Template = { ...APART, tables: APART.tables.filter((t) => t.id !== 'three-public-budget') };
    const report = shanghai(() => {}, noBudget, (f) => { apart(f); f.tables = f.tables.filter((t) => t.id !== 'three-public-budget'); });
    expect(report.findings.filter((x) => x.rule === 'within.three-public').map((x) => [x.severity, x.message.en])).toEqual([['skipped', 'not checked: template shanghai-2024 does not lay out the 三公 budget']]);
    expect(report.rules.find((r) => r.id === 'within.three-public')!.checked).toBe(2); // the 决算 identities still ran
  });
});

describe('06表: 人员经费 + 公用经费 = 05表 基本支出, and each total = Σ its classes', () => {
  it('one column group (Shanxi seed): 人员经费合计 off is an error at its row', () => {
    const report = check(seedWith((f) => setCell(f, 'general-budget-basic-expenditure', 'main', 'personnel_total', 'amount', '582.28')));
    expect(firstAt(report, 'within.basic-expenditure-detail')).toEqual(['general-budget-basic-expenditure/main/personnel_total/amount']);
    expect(firstAt(report, 'across.basic-expenditure')).toEqual(['general-budget-expenditure/main/total/basic']);
  });
  it('one column group (Shanghai): the same', () => {
    const report = shanghai((f) => { rowOf(f, 'general-budget-basic-expenditure', 'main', 'personnel_total').values['amount'] = '2244.82'; });
    expect(firstAt(report, 'within.basic-expenditure-detail')).toEqual(['general-budget-basic-expenditure/main/personnel_total/amount']);
    expect(firstAt(report, 'across.basic-expenditure')).toEqual(['general-budget-expenditure/main/total/basic']);
  });
  it('two column groups: the 人员经费 group\'s 合计 off is an error there; an item off is an error at its class', () => {
    const total = shanghai((f) => { rowOf(f, 'general-budget-basic-expenditure', 'personnel', 'total').values['amount'] = '2244.82'; }, TWO_GROUPS, twoGroups);
    expect(firstAt(total, 'within.basic-expenditure-detail')).toEqual(['general-budget-basic-expenditure/personnel/total/amount']);
    expect(ofRule(total, 'across.basic-expenditure').map((x) => x.locations.map(where))).toEqual([
      ['general-budget-expenditure/main/total/basic', 'general-budget-basic-expenditure/personnel/total/amount', 'general-budget-basic-expenditure/public/total/amount'],
    ]);
    const item = shanghai((f) => { rowOf(f, 'general-budget-basic-expenditure', 'public', '30217').values['amount'] = '3.13'; }, TWO_GROUPS, twoGroups);
    expect(firstAt(item, 'within.basic-expenditure-detail')).toEqual(['general-budget-basic-expenditure/public/302/amount']);
    expect(ofRule(item, 'across.three-public').map((x) => where(x.locations[1]))).toEqual(['general-budget-basic-expenditure/public/30217/amount']);
  });
});

describe('政府采购 合计 = 货物 + 工程 + 服务', () => {
  it('Shanxi 10表 and Beijing\'s 政府采购情况表: a kind off is an error at the 合计', () => {
    const seed = check(seedWith((f) => setCell(f, 'related-information', 'procurement', 'goods', 'value', '1.00')));
    expect(firstAt(seed, 'within.related-information')).toEqual(['related-information/procurement/total/value']);
    const bj = shanghai((f) => { tableOf(f, 'procurement').sections[0]!.rows[0]!.values['actual_goods'] = '68.20'; }, undefined, beijing);
    expect(firstAt(bj, 'within.related-information')).toEqual(['procurement/main/total/actual_total']);
  });
  it('Shanghai prints no procurement table: skipped, saying so', () => {
    expect(shanghai().findings.filter((x) => x.rule === 'within.related-information').map((x) => x.message.en)).toContain('not checked: template shanghai-2024 does not lay out total government procurement');
  });
});

describe('by fund and by row, in each layout', () => {
  it('05表 against 04表: Shanxi and Shanghai', () => {
    const seed = check(seedWith((f) => setCell(f, 'general-budget-expenditure', 'main', 'total', 'subtotal', '1322.48')));
    expect(firstAt(seed, 'across.general-budget')).toEqual(['general-budget-expenditure/main/total/subtotal']);
    const sh = shanghai((f) => { rowOf(f, 'general-budget-expenditure', 'main', 'total').values['subtotal'] = '3441.18'; });
    expect(firstAt(sh, 'across.general-budget')).toEqual(['general-budget-expenditure/main/total/subtotal']);
    expect(firstAt(sh, 'within.row-sum')).toEqual(['general-budget-expenditure/main/total/subtotal']);
  });
  it('02/03表 against 01表: Shanxi and Shanghai', () => {
    const seed = check(seedWith((f) => setCell(f, 'income-expenditure', 'expenditure', 'total_expenditure', 'amount', '1332.38')));
    expect(firstAt(seed, 'across.expenditure-total')).toEqual(['expenditure/main/total/total']);
    const sh = shanghai((f) => { rowOf(f, 'income-expenditure', 'income', 'business').values['amount'] = '96.40'; });
    expect(firstAt(sh, 'across.income-total')).toEqual(['income/main/total/business']);
    expect(firstAt(sh, 'within.income-expenditure')).toEqual(['income-expenditure/income/total_income/amount']);
  });
});
