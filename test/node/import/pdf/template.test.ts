// Shanghai's official 2024 final-account template (附件2：部门决算模板, a real PDF: real fonts, ruled tables,
// page breaks), imported from the PDF itself: nine tables by title in printed order, nothing from the 目录,
// every column header mapped, blanks kept blank, the placeholders (XX) left for the checks.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFiling } from '../../../../src/core/checks/index.ts';
import { parseFiling } from '../../../../src/core/model/parse.ts';
import type { Filing } from '../../../../src/core/model/filing.ts';
import { SHANGHAI_2024 } from '../../../../src/core/templates/index.ts';
import { importReportPdf, type PdfImportResult } from '../../../../src/import/pdf/index.ts';
import { TEMPLATE_PDF, pdfBytes } from './support.ts';

let result: PdfImportResult;
let filing: Filing;

beforeAll(async () => {
  result = await importReportPdf(pdfBytes(TEMPLATE_PDF), { sourceName: 'template.pdf', departmentId: '310000-xxj', regionCode: '310000' });
  const parsed = parseFiling(result.filing);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 5)));
  filing = parsed.filing;
});

describe('the Shanghai 2024 template, from its PDF', () => {
  it('is a valid filing of template shanghai-2024, with department, year, unit and units as printed', () => {
    expect(filing.template).toBe('shanghai-2024');
    expect(filing.year).toBe(2024);
    expect(filing.unit).toBe('万元');
    expect(filing.department.name).toBe('上海市XX局');
    // 部门决算单位构成: the 序号 / 单位名称 list, its 。。。 rows aside.
    expect(filing.department.units).toEqual(['上海市XX局（本级）', '上海市XX中心', '上海市XX研究所']);
    expect(filing.title).toBe('上海市XX局2024年度部门决算');
  });

  it('finds all nine tables by title, in printed order, unnumbered as printed, none from the 目录', () => {
    expect(filing.tables.map((t) => t.id)).toEqual(SHANGHAI_2024.tables.map((t) => t.id));
    expect(filing.tables.map((t) => t.number)).toEqual(SHANGHAI_2024.tables.map(() => undefined));
    // The 目录 on page 2 lists every table; the tables themselves start on page 5.
    expect(Math.min(...Object.values(result.provenance.tables).flatMap((t) => t.pages))).toBe(5);
    expect(result.report.notes.some((n) => n.page === 2 && n.message.includes('目录'))).toBe(true);
  });

  it('maps every printed column header to the template\'s columns', () => {
    for (const [ti, t] of filing.tables.entries()) {
      const def = SHANGHAI_2024.tables[ti]!;
      for (const [si, s] of t.sections.entries()) {
        expect(s.columns.map((c) => c.key), `${t.title} ${s.id}`).toEqual(def.sections[si]!.columns.map((c) => c.key));
      }
    }
    expect(result.report.problems).toEqual([]);
  });

  it('reads the rows the template prints: names without 行次, codes, wrapped names joined', () => {
    const ie = filing.tables.find((t) => t.id === 'income-expenditure')!;
    const expenditure = ie.sections.find((s) => s.id === 'expenditure')!;
    expect(expenditure.rows).toHaveLength(28); // 24 functional 类, 本年支出合计, 结余分配, 年末结转和结余, 总计
    expect(expenditure.rows.every((r) => r.line === undefined)).toBe(true);
    const fiscal = filing.tables.find((t) => t.id === 'fiscal-income-expenditure')!;
    // 二十二、灾害防治及应急管理支 / 出: one row.
    expect(fiscal.sections[1]!.rows.find((r) => r.key === 'class_224')!.name).toBe('二十二、灾害防治及应急管理支出');
    // 一般公共预算财政拨款 is printed twice on the income side: by fund, then under 年初财政拨款结转和结余.
    expect(fiscal.sections[0]!.rows.map((r) => r.key)).toEqual([
      'general_budget', 'government_fund', 'state_capital', 'total_income', 'opening_balance',
      'opening_balance_general_budget', 'opening_balance_government_fund', 'opening_balance_state_capital', 'grand_total',
    ]);
    const gbe = filing.tables.find((t) => t.id === 'general-budget-expenditure')!;
    expect(gbe.sections[0]!.rows.map((r) => [r.code ?? r.key, r.name])).toEqual([
      ['205', '教育支出'], ['20502', '普通教育'], ['2050205', '高等教育'], ['207', '文化旅游体育与传媒支出'], ['20799', '其他文化旅游体育与传媒支出'], ['total', '合计'],
    ]);
    // 06表 in two column groups: 人员经费 on the left, 公用经费 on the right.
    const basic = filing.tables.find((t) => t.id === 'general-budget-basic-expenditure')!.sections[0]!.rows;
    expect(basic.find((r) => r.code === '30101')!.group).toBe(1);
    expect(basic.find((r) => r.code === '30207')).toMatchObject({ name: '邮电费', group: 2 });
    expect(basic.find((r) => r.code === '31007')!.name).toBe('信息网络及软件购置更新');
    expect(basic.filter((r) => r.key).map((r) => [r.key, r.group])).toEqual([['personnel_total', 1], ['public_total', 2]]);
  });

  it('keeps every blank cell blank: no figure is printed, none is made up', () => {
    const cells = filing.tables.flatMap((t) => t.sections.flatMap((s) => s.rows.flatMap((r) => Object.values(r.values))));
    expect(cells.length).toBeGreaterThan(300);
    expect(cells.every((c) => c === null)).toBe(true);
    expect(result.report.tables).toEqual({ figures: 0, blanks: cells.length, notApplicable: 0 });
    expect(result.provenance.cells).toEqual([]);
  });

  it('keeps the empty tables\' statements in the template\'s words, and the notes', () => {
    const fund = filing.tables.find((t) => t.id === 'government-fund')!;
    expect(fund.statement).toBe('说明：上海市XX局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。');
    expect(fund.note).toMatch(/^注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。/);
  });

  it('reads the narrative by the template\'s script and keeps the headings for the checks', () => {
    expect(filing.narrative.duties).toEqual(['由主管部门根据三定方案等相关规定中有关主要职能填写。']);
    expect(filing.narrative.explanation.filter((s) => s.level === 1).map((s) => s.heading.replace(/^[一二三四五六七八九十]+、/, ''))).toEqual([
      '收入支出决算总体情况说明', '收入决算情况说明', '支出决算情况说明', '财政拨款收入支出决算总体情况说明', '一般公共预算财政拨款支出决算情况说明',
      '一般公共预算财政拨款基本支出决算情况说明', '财政拨款“三公”经费支出决算情况说明', '政府性基金预算财政拨款收入支出决算情况说明',
      '国有资本经营预算财政拨款收入支出决算情况说明', '预算绩效管理情况', '其他重要事项的情况说明',
    ]);
    expect(filing.narrative.glossary.length).toBeGreaterThanOrEqual(8);
    const parts = filing.narrative.headings!.filter((h) => h.level === 0).map((h) => h.text.replace(/\s+/g, ''));
    expect(parts).toEqual(expect.arrayContaining(['第一部分上海市XX局概况', '第三部分上海市XX局2024年度部门决算情况说明', '第四部分名词解释']));
  });

  it('leaves the placeholders (XX) for the checks to report', () => {
    const report = checkFiling(filing);
    const placeholders = report.findings.filter((f) => f.rule === 'document.placeholder' && f.severity === 'error');
    expect(placeholders.length).toBeGreaterThan(10);
    expect(placeholders.some((f) => JSON.stringify(f.locations).includes('/department/name'))).toBe(true);
  });

  it('records its source: the PDF\'s sha256 and page count', () => {
    expect(result.provenance.source).toEqual({ kind: 'report-pdf', name: 'template.pdf', sha256: createHash('sha256').update(pdfBytes(TEMPLATE_PDF)).digest('hex'), pages: 23 });
  });

  it('validates in 元 as well, and is refused naming a required table it lacks', () => {
    expect(parseFiling({ ...filing, unit: '元' }).ok).toBe(true);
    const without = parseFiling({ ...filing, tables: filing.tables.filter((t) => t.id !== 'three-public') });
    expect(without.ok).toBe(false);
    expect(JSON.stringify(!without.ok && without.issues)).toContain('requires table \\"three-public\\" ( 财政拨款“三公”经费支出决算表)');
  });
});
