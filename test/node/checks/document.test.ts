// The document as a whole: tables present, empty-table statements, placeholders, years, the department's name, units.
import { describe, expect, it } from 'vitest';
import { added, check, editText, ofRule, seedWith, SEED, status, table, where } from './support.ts';

const seedReport = check(SEED);

describe('document.required-tables', () => {
  it('passes on the seed: ten tables, every section', () => {
    expect(ofRule(seedReport, 'document.required-tables')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'document.required-tables')!.checked).toBe(14);
  });
  it('reports a missing table and a missing section', () => {
    const report = check(
      seedWith((f) => {
        f.tables = f.tables.filter((t) => t.id !== 'state-capital');
        table(f, 'related-information').sections.pop();
      }),
    );
    expect(ofRule(report, 'document.required-tables').map((x) => [x.severity, x.locations])).toEqual([
      ['error', [{ table: 'state-capital', number: '公开08表' }]],
      ['error', [{ table: 'related-information', number: '公开10表', section: 'assets' }]],
    ]);
    // Rules on the missing table are skipped, not passed.
    expect(ofRule(report, 'across.state-capital').map((x) => [x.severity, x.message.en])).toEqual([['skipped', 'not checked: the filing does not carry 公开08表国有资本经营预算财政拨款支出决算表']]);
  });
});

describe('document.empty-statement', () => {
  it('passes on the seed: 07, 08 and 09 are empty and say so', () => expect(ofRule(seedReport, 'document.empty-statement')).toEqual([]));
  it('warns of an empty table without its statement', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'government-fund').statement = undefined))), 'document.empty-statement');
    expect(found.map((x) => [x.severity, x.locations])).toEqual([['warning', [{ table: 'government-fund', number: '公开07表' }]]]);
  });
  it('reports a statement printed over figures', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'expenditure').statement = '说明：本表无数据'))), 'document.empty-statement');
    expect(found.map((x) => [x.severity, x.locations])).toEqual([['error', [{ table: 'expenditure', number: '公开03表' }]]]);
  });
});

describe('document.placeholder', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'document.placeholder')).toEqual([]));
  it('reports XX, ××, 某某 and {单位} wherever they are left', () => {
    const report = check(
      seedWith((f) => {
        f.department.units[0] = 'XX中心';
        editText(f, '本年度无此项支出。', '某某单位本年度无此项支出。');
        table(f, 'income').department = '{单位}';
        f.performance!.projects[3]!.name = '××工本费';
      }),
    );
    expect(ofRule(report, 'document.placeholder').map((x) => [where(x.locations[0]), x.message.en])).toEqual([
      ['document:/department/units/0', 'placeholder left in: XX'],
      ['document:/tables/1/department', 'placeholder left in: {单位}'],
      ['narrative:/narrative/explanation/9/paragraphs/0', 'placeholder left in: 某某'],
      ['performance:/performance/projects/3/name', 'placeholder left in: ××'],
    ]);
  });
  it('does not take XXL or a single X for a placeholder', () => {
    expect(ofRule(check(seedWith((f) => (f.department.units[0] = 'X光室、XXL展厅'))), 'document.placeholder')).toEqual([]);
  });
});

describe('document.year', () => {
  it('passes on the seed (2023, and 比2022年 where it compares)', () => expect(ofRule(seedReport, 'document.year')).toEqual([]));
  it('reports a table headed with another year', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'general-budget-expenditure').year = 2022))), 'document.year');
    expect(found.map((x) => [x.severity, x.expected, x.actual, x.locations[0]])).toEqual([['error', '2023', '2022', { table: 'general-budget-expenditure', number: '公开05表' }]]);
  });
  it('reports a heading with another year as an error, a sentence as a warning', () => {
    const report = check(
      seedWith((f) => {
        f.narrative.explanation[0]!.heading = '一、2022年收入支出决算总体情况说明';
        editText(f, '本年度无此项支出。', '2021年度无此项支出。');
      }),
    );
    expect(ofRule(report, 'document.year').map((x) => [x.severity, x.actual, where(x.locations[0])])).toEqual([
      ['error', '2022', 'narrative:/narrative/explanation/0/heading'],
      ['warning', '2021', 'narrative:/narrative/explanation/9/paragraphs/0'],
    ]);
  });
  it('allows a date in the following year (the report is published then)', () => {
    expect(added(check(seedWith((f) => editText(f, '本年度无此项支出。', '本年度无此项支出（2024年8月公开）。'))))).toEqual([]);
  });
});

describe('document.department-name', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'document.department-name')).toEqual([]));
  it('reports another department named in a table header', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'expenditure').department = '朔州市朔城区财政局'))), 'document.department-name');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['expenditure', 'document:/tables/2/department']]]);
  });
  it('notes a short form of the name as info', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'expenditure').department = '朔城区行政审批服务管理局'))), 'document.department-name');
    expect(found.map((x) => x.severity)).toEqual(['info']);
  });
  it('reads the name in the report title and in 机构设置', () => {
    const report = check(
      seedWith((f) => {
        f.title = '朔州市朔城区市场监督管理局2023年部门决算公开报告';
        f.narrative.organisation.summary[0] = '朔州市朔城区市场监督管理局为一级单位，下属二级单位2个。';
      }),
    );
    expect(ofRule(report, 'document.department-name').map((x) => where(x.locations[0]))).toEqual(['document:/title', 'narrative:/narrative/organisation/summary/0']);
  });
});

describe('document.unit', () => {
  it('passes on the seed: every table in 万元', () => expect(ofRule(seedReport, 'document.unit')).toEqual([]));
  it('reports a table printed in 元 in a 万元 filing', () => {
    const found = ofRule(check(seedWith((f) => (table(f, 'general-budget-basic-expenditure').unit = '金额单位：元'))), 'document.unit');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['general-budget-basic-expenditure', 'document:/tables/5/unit']]]);
  });
});

describe('a filing without the rules’ inputs', () => {
  it('reports nothing as passed that it could not evaluate', () => {
    expect(status(seedReport, 'within.three-public')).toBe('skipped');
    expect(seedReport.rules.find((r) => r.id === 'within.three-public')!.checked).toBe(0);
  });
});
