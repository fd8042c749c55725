// Small filings built for the renderer tests: every table of the Shanxi template, a few rows each,
// with the cases that matter (blank vs 0.00, n/a, text that looks like a formula, quoting).
import type { FilingInput } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import type { VersionContext } from '../../../src/core/render/types.ts';

export const CONTEXT: VersionContext = { departmentId: '140602-test', year: 2023, version: 1, publishedAt: '2024-09-01T08:00:00Z' };

export const TRICKY_NAME = '一般, "公共"\n服务';
export const FORMULA_NAME = '=SUM(A1)';

export function smallFilingInput(): FilingInput {
  return {
    format: 'gongkai.filing/1',
    department: { id: '140602-test', name: '朔州市朔城区测试局', regionCode: '140602', units: [] },
    year: 2023,
    unit: '万元',
    template: 'shanxi-2023',
    title: '朔州市朔城区测试局2023年度部门决算',
    tables: [
      {
        id: 'income-expenditure',
        number: '公开01表',
        title: '收入支出决算总表',
        unit: '万元',
        sections: [
          {
            id: 'income',
            title: '收入',
            columns: [{ key: 'amount', title: '金额', lanci: 1 }],
            rows: [
              { key: 'general_budget', line: 1, name: '一般公共预算财政拨款收入', values: { amount: '1322.38' } },
              { key: 'government_fund', line: 2, name: '政府性基金预算财政拨款收入', values: { amount: null } },
              { key: 'total_income', line: 27, name: '本年收入合计', values: { amount: '1322.38' } },
            ],
          },
          {
            id: 'expenditure',
            title: '支出',
            columns: [{ key: 'amount', title: '金额', lanci: 2 }],
            rows: [
              { key: 'class_201', code: '201', line: 32, name: '一般公共服务支出', values: { amount: '1300.00' } },
              { key: 'class_202', code: '202', line: 33, name: '外交支出', values: { amount: '0.00' } },
              { key: 'total_expenditure', line: 58, name: '本年支出合计', values: { amount: '1300.00' } },
            ],
          },
        ],
      },
      {
        id: 'income',
        number: '公开02表',
        title: '收入决算表',
        unit: '万元',
        sections: [
          {
            id: 'main',
            columns: [
              { key: 'total', title: '本年收入合计', lanci: 1 },
              { key: 'fiscal_appropriation', title: '财政拨款收入', lanci: 2 },
              { key: 'other', title: '其他收入', lanci: 7 },
            ],
            rows: [
              { key: 'total', name: '合计', values: { total: '1322.38', fiscal_appropriation: '1322.38', other: null } },
              { code: '201', name: '一般公共服务支出', values: { total: '1322.38', fiscal_appropriation: '1322.38', other: '0.00' } },
              { code: '20103', name: TRICKY_NAME, values: { total: '1322.38', fiscal_appropriation: '1322.38', other: null } },
              { code: '2010301', name: FORMULA_NAME, values: { total: '813.98', fiscal_appropriation: '813.98' } },
              { code: '2010303', name: '机关服务', values: { total: '508.40', fiscal_appropriation: '508.40', other: null } },
            ],
          },
        ],
      },
      table('expenditure', '公开03表', '支出决算表', [
        { key: 'total', title: '本年支出合计', lanci: 1 },
        { key: 'basic', title: '基本支出', lanci: 2 },
        { key: 'project', title: '项目支出', lanci: 3 },
      ], [
        { key: 'total', name: '合计', values: { total: '1300.00', basic: '607.16', project: '692.84' } },
        { code: '201', name: '一般公共服务支出', values: { total: '1300.00', basic: '607.16', project: '692.84' } },
      ]),
      {
        id: 'fiscal-income-expenditure',
        number: '公开04表',
        title: '财政拨款收入支出决算总表',
        unit: '万元',
        sections: [
          { id: 'income', title: '收入', columns: [{ key: 'amount', title: '金额', lanci: 1 }], rows: [{ key: 'general_budget', line: 1, name: '一般公共预算财政拨款', values: { amount: '1322.38' } }] },
          {
            id: 'expenditure',
            title: '支出',
            columns: [{ key: 'total', title: '合计', lanci: 2 }, { key: 'general_budget', title: '一般公共预算财政拨款', lanci: 3 }],
            rows: [{ key: 'class_201', code: '201', line: 33, name: '一般公共服务支出', values: { total: '1300.00', general_budget: '1300.00' } }],
          },
        ],
      },
      table('general-budget-expenditure', '公开05表', '一般公共预算财政拨款支出决算表', [
        { key: 'subtotal', title: '小计', lanci: 1, group: '本年支出' },
        { key: 'basic', title: '基本支出', lanci: 2, group: '本年支出' },
        { key: 'project', title: '项目支出', lanci: 3, group: '本年支出' },
      ], [{ key: 'total', name: '合计', values: { subtotal: '1300.00', basic: '607.16', project: '692.84' } }]),
      table('general-budget-basic-expenditure', '公开06表', '一般公共预算财政拨款基本支出决算明细表', [{ key: 'amount', title: '决算数' }], [
        { key: 'personnel_total', name: '人员经费合计', values: { amount: '572.28' } },
        { code: '301', name: '工资福利支出', group: 1, values: { amount: '500.00' } },
        { code: '30101', name: '基本工资', group: 1, values: { amount: '200.00' } },
        { code: '30102', name: '津贴补贴', group: 1, values: { amount: '0.00' } },
        { code: '30103', name: '-奖金', group: 1, values: { amount: null } },
        { key: 'public_total', name: '公用经费合计', group: 3, values: { amount: '34.88' } },
        { code: '309', name: '资本性支出（基本建设）', group: 4, values: { amount: 'n/a' } },
        { code: '30901', name: '房屋建筑物购建', group: 4, values: { amount: 'n/a' } },
      ]),
      { ...table('government-fund', '公开07表', '政府性基金预算财政拨款收入支出决算表', [{ key: 'opening_balance', title: '年初结转和结余', lanci: 1 }, { key: 'income', title: '本年收入', lanci: 2 }], []), statement: '说明：本表无数据' },
      { ...table('state-capital', '公开08表', '国有资本经营预算财政拨款支出决算表', [{ key: 'total', title: '合计', lanci: 1, group: '本年支出' }], []), statement: '说明：本表无数据' },
      table('three-public', '公开09表', '财政拨款“三公”经费支出决算表', [
        { key: 'budget_total', title: '合计', lanci: 1, group: '预算数' },
        { key: 'final_total', title: '合计', lanci: 7, group: '决算数' },
      ], [{ key: 'amounts', name: '', values: { budget_total: null, final_total: null } }]),
      {
        id: 'related-information',
        number: '公开10表',
        title: '部门决算公开相关信息统计表',
        unit: '万元',
        sections: [
          { id: 'procurement', title: '一、政府采购情况', columns: [{ key: 'value', title: '统计数' }], rows: [{ key: 'total', line: 1, name: '合计', values: { value: '12.50' } }] },
          { id: 'running_costs', title: '二、机关运行经费', columns: [{ key: 'value', title: '统计数' }], rows: [{ key: 'administrative', line: 5, name: '（一）行政单位', values: { value: '34.88' } }] },
          {
            id: 'assets',
            title: '三、国有资产占用情况',
            columns: [{ key: 'value', title: '统计数' }],
            rows: [
              { key: 'vehicles_total', line: 7, name: '（一）车辆数合计（辆）', unit: '辆', values: { value: '2' } },
              { key: 'equipment_over_1m', line: 17, name: '（二）单价100万元（含）以上设备（不含车辆）', unit: '台（套）', values: { value: '0' } },
            ],
          },
        ],
      },
    ],
    narrative: { duties: [], organisation: { summary: [], offices: [] }, explanation: [], glossary: [] },
  };
}

type Columns = { key: string; title: string; lanci?: number; group?: string }[];
type Rows = { key?: string; code?: string; name: string; group?: number; values: Record<string, string | null> }[];

function table(id: string, number: string, title: string, columns: Columns, rows: Rows) {
  return { id, number, title, unit: '万元', sections: [{ id: 'main', columns, rows }] };
}

/** The small filing, validated the way the platform validates one (structure and template). */
export function smallFiling(): Filing {
  const r = parseFiling(smallFilingInput());
  if (!r.ok) throw new Error(`fixture does not parse: ${JSON.stringify(r.issues, null, 2)}`);
  return r.filing;
}
