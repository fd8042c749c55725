// Broken reports — a missing table, a report cut short, text in a cell, a table of another year — give a
// report that says what and where (the line), never a crash and never a blank or a zero made up.
import { describe, expect, it } from 'vitest';
import { checkFiling } from '../../../src/core/checks/index.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import { importReportText } from '../../../src/import/text/index.ts';
import { DEPARTMENTS, SEED_TEXT, editSeed, lineOf } from './support.ts';

const run = (text: string) => importReportText(text, { sourceName: 'broken.txt', departments: DEPARTMENTS });
type AnyTable = { id: string; sections: { id: string; rows: { code?: string; key?: string; values: Record<string, unknown> }[] }[] };
const row = (filing: Record<string, unknown>, table: string, id: string) =>
  (filing.tables as AnyTable[]).find((t) => t.id === table)!.sections.flatMap((s) => s.rows).find((r) => r.code === id || r.key === id)!;

describe('import: broken reports', () => {
  it('a missing table: reported as missing, where it should have been, the rest read', () => {
    const from = lineOf(SEED_TEXT, '五、一般公共预算财政拨款支出决算表');
    const to = lineOf(SEED_TEXT, '六、一般公共预算财政拨款基本支出决算明细表');
    const text = editSeed((l) => [...l.slice(0, from - 1), ...l.slice(to - 1)]);
    const { filing, report } = run(text);
    expect(filing.template).toBe('shanxi-2023');
    expect(report.problems).toEqual([
      { kind: 'missing', line: from + 2, place: '公开05表', message: `公开05表 一般公共预算财政拨款支出决算表 was not found in the report (expected before line ${from + 2})` },
    ]);
    expect(text.split('\n')[from + 1]).toBe('一般公共预算财政拨款基本支出决算明细表');
    expect((filing.tables as AnyTable[]).map((t) => t.id)).not.toContain('general-budget-expenditure');
    expect(row(filing, 'expenditure', '2010301').values).toMatchObject({ total: '809.46', basic: '277.25' });
  });

  it('a report cut short inside 06表: its missing rows, tables and parts are each reported', () => {
    const cut = lineOf(SEED_TEXT, '30311   代缴社会保险费');
    const { filing, report } = run(editSeed((l) => l.slice(0, cut - 1)));
    const missing = report.problems.filter((p) => p.kind === 'missing').map((p) => p.message);
    expect(missing).toEqual(expect.arrayContaining([
      '公开06表: row 人员经费合计 was not found',
      '公开06表: row 公用经费合计 was not found',
      '公开07表 政府性基金预算财政拨款收入支出决算表 was not found in the report',
      '公开10表 部门决算公开相关信息统计表 was not found in the report',
      '情况说明 (第三部分) was not found',
      '名词解释 (第四部分) was not found',
    ]));
    expect(filing.template).toBe('shanxi-2023');
    // What was printed before the cut is read: 30309 奖励金 1.18 is in, 30311 is not.
    expect(row(filing, 'general-budget-basic-expenditure', '30309').values.amount).toBe('1.18');
    expect(row(filing, 'general-budget-basic-expenditure', '30311')).toBeUndefined();
    expect(filing.performance).toBeUndefined();
  });

  it('text in a cell: reported with its line, the text and the column; the cell is left out, not made blank or 0', () => {
    const text = SEED_TEXT.replace('2010301 行政运行 809.46 277.25 532.21    ', '2010301 行政运行 809.46 277.25 见附表    ');
    const { filing, report } = run(text);
    expect(report.problems).toEqual([{
      kind: 'unplaced',
      line: lineOf(text, '2010301 行政运行 809.46 277.25 见附表'),
      place: '公开03表 2010301 项目支出 栏次3',
      text: '见附表',
      message: '公开03表 2010301 项目支出 栏次3: "见附表" is not a figure; the cell is left out of the filing',
    }]);
    const values = row(filing, 'expenditure', '2010301').values;
    expect(values).toMatchObject({ total: '809.46', basic: '277.25', remit_superior: null });
    expect('project' in values).toBe(false);
  });

  it('text in a cell of 06表, where four groups share a line, is found too', () => {
    const text = SEED_TEXT.replace('30102   津贴补贴 90.29', '30102   津贴补贴 九十');
    const { filing, report } = run(text);
    expect(report.problems).toMatchObject([{ kind: 'unplaced', line: lineOf(text, '津贴补贴 九十'), text: '九十', place: '公开06表 30102 决算数' }]);
    expect('amount' in row(filing, 'general-budget-basic-expenditure', '30102').values).toBe(false);
    expect(row(filing, 'general-budget-basic-expenditure', '30202').values.amount).toBe('1.00');
  });

  it('a figure on a 行次 the template does not have is reported, not dropped', () => {
    const text = SEED_TEXT.replace(' 30   61  ', ' 30 5.00  61  ');
    const { report } = run(text);
    expect(report.problems).toMatchObject([{ kind: 'unplaced', line: lineOf(text, ' 30 5.00'), text: '5.00', place: '公开01表 行次30' }]);
  });

  it('a table of another year inside: located in the import report, and an error of the checks', () => {
    const text = SEED_TEXT.replace(
      '部门名称：朔州市朔城区行政审批服务管理局 2023年度  金额单位：万元\n\n项目\n本年支出合计',
      '部门名称：朔州市朔城区行政审批服务管理局 2022年度  金额单位：万元\n\n项目\n本年支出合计',
    );
    const { filing, report } = run(text);
    expect(filing.year).toBe(2023);
    expect(report.notes).toContainEqual({ line: lineOf(text, '2022年度'), place: '公开03表', message: '公开03表 is headed 2022年度; the report is for 2023' });
    const checks = checkFiling(filing as unknown as Filing);
    expect(checks.findings).toContainEqual(expect.objectContaining({ rule: 'document.year', severity: 'error', expected: '2023', actual: '2022' }));
  });

  it('a table with fewer cells than columns (a line trimmed) is reported, its cells not guessed', () => {
    const text = SEED_TEXT.replace('2010303 机关服务 508.31 329.91 178.41    ', '2010303 机关服务 508.31 329.91');
    const { report } = run(text);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems[0]).toMatchObject({ kind: 'unplaced', line: lineOf(text, '2010303 机关服务 508.31 329.91') });
  });

  it('nothing at all, or text that is no report: every part reported missing, no crash', () => {
    for (const text of ['', 'hello\nworld 1.00 2.00\n']) {
      const { report } = run(text);
      expect(report.problems.map((p) => p.place)).toEqual(expect.arrayContaining(['template', 'year', 'department', '第三部分', '第四部分']));
    }
  });
});
