// The checks on a Shanghai-template filing (fixtures/shanghai-sample-2024.json: imported from the filled
// sample PDF, figures made up so that every identity holds, narrative in the template's script). Clean, it
// gives no error and no warning; each defect real reports were found with, injected one at a time, is an
// error at its place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiling, type Finding } from '../../../src/core/checks/index.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';

const CLEAN = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/shanghai-sample-2024.json'), 'utf8')) as Filing;

function check(edit: (f: Filing) => void) {
  const f = structuredClone(CLEAN);
  edit(f);
  const parsed = parseFiling(f);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return checkFiling(parsed.filing);
}

/** Replace text in one paragraph of 情况说明, which must contain it. */
function inParagraph(section: number, paragraph: number, from: string, to: string) {
  return (f: Filing) => {
    const p = f.narrative.explanation[section]!.paragraphs;
    expect(p[paragraph]).toContain(from);
    p[paragraph] = p[paragraph]!.replace(from, to);
  };
}

const errors = (findings: readonly Finding[]) => findings.filter((x) => x.severity === 'error');
const at = (f: Finding) => f.locations.map((l) => ('path' in l ? l.path : l.table));

describe('a clean Shanghai-template filing', () => {
  it('gives 0 errors and 0 warnings, and says how many sentences it could not read', () => {
    const report = check(() => {});
    expect(report.findings.filter((x) => x.severity === 'error' || x.severity === 'warning')).toEqual([]);
    expect(report.summary.passed).toBeGreaterThan(800);
    expect(report.summary.unread).toBe(report.extracted.unread.length);
    // The year-end balances by fund are the columns of one row in Shanghai's 04表: checked that way.
    expect(report.rules.find((r) => r.id === 'within.fiscal-income-expenditure')!.status).toBe('passed');
  });
});

describe('each defect of the real reports, injected one at a time', () => {
  const cases: [string, (f: Filing) => void, string, string][] = [
    ['a share off by 0.08 points', inParagraph(2, 0, '占75.05%', '占75.13%'), 'text.share', '/narrative/explanation/2/paragraphs/0'],
    ['a total far from the tables, said to be unchanged', inParagraph(3, 0, '财政拨款收入支出总计3,457.24万元', '财政拨款收入支出总计0.3万元'), 'text.amount', '/narrative/explanation/3/paragraphs/0'],
    ['a total of 0', inParagraph(0, 0, '收入支出总计3,617.29万元', '收入支出总计0万元'), 'text.amount', '/narrative/explanation/0/paragraphs/0'],
    ['a growth figure without its % sign', inParagraph(0, 0, '增长0.42%', '增长0.42'), 'text.percent', '/narrative/explanation/0/paragraphs/0'],
    ['a leftover template phrase', inParagraph(0, 0, '增长0.42%', '下降（增长）0.42%'), 'text.template-phrase', '/narrative/explanation/0/paragraphs/0'],
    ['a direction word against the figures (大于 where the actual fell short)', inParagraph(7, 0, '决算数大于预算数', '决算数小于预算数'), 'text.direction', '/narrative/explanation/7/paragraphs/0'],
    ['持平 beside a change', inParagraph(16, 0, '比2023年度减少7.65万元', '与2023年度持平，减少7.65万元'), 'text.direction', '/narrative/explanation/16/paragraphs/0'],
    ['a reason left unfinished', inParagraph(0, 0, /主要原因[：:][^。]*。/.exec(CLEAN.narrative.explanation[0]!.paragraphs[0]!)![0], '主要原因：。'), 'text.reason', '/narrative/explanation/0/paragraphs/0'],
    ['an XX placeholder in a part heading', (f) => { f.narrative.headings![2]!.text = '第三部分上海市XX局2024年度部门决算情况说明'; }, 'document.placeholder', '/narrative/headings/2/text'],
    ['a 2023 heading in a 2024 report', (f) => { f.narrative.headings![2]!.text = '第三部分上海市示例区档案局2023年度部门决算情况说明'; }, 'document.year', '/narrative/headings/2/text'],
    ['a 项 决算 a cent off its 05表 cell', inParagraph(7, 1, '支出决算为1,286.42万元', '支出决算为1,286.43万元'), 'text.amount', '/narrative/explanation/7/paragraphs/1'],
    ['a 政府采购 part a cent off its total', inParagraph(17, 0, '服务采购金额228.34万元', '服务采购金额228.35万元'), 'text.sum', '/narrative/explanation/17/paragraphs/0'],
    ['a table left out', (f) => { f.tables = f.tables.filter((t) => t.id !== 'three-public'); }, 'document.required-tables', 'three-public'],
  ];
  for (const [name, edit, rule, where] of cases) {
    it(`${name}: ${rule} at ${where}`, () => {
      const found = errors((name === 'a table left out' ? checkUnvalidated(edit) : check(edit)).findings).filter((x) => x.rule === rule);
      expect(found.length, JSON.stringify(errors(check(() => {}).findings))).toBeGreaterThan(0);
      expect(found.flatMap(at)).toContain(where);
    });
  }

  it('a blank printed where the figures say there is an amount (blank against zero)', () => {
    const report = check((f) => { f.tables.find((t) => t.id === 'expenditure')!.sections[0]!.rows.find((r) => r.key === 'total')!.values['total'] = null; });
    const found = errors(report.findings).filter((x) => x.rule === 'within.row-sum');
    expect(found.map((x) => x.locations[0])).toContainEqual(expect.objectContaining({ table: 'expenditure', row: 'total', column: 'total' }));
    expect(found.some((x) => x.message.zh.includes('（空白）'))).toBe(true);
  });

  it('a 政府采购 sentence whose parts do not add up to its total', () => {
    const p = CLEAN.narrative.explanation[17]!.paragraphs[0]!;
    const off = check(inParagraph(17, 0, '服务采购金额228.34万元', '服务采购金额228.35万元'));
    const sum = off.findings.filter((x) => x.rule === 'text.sum');
    // An error even at a cent: Shanghai prints no procurement table, so the parts are the text's own figures.
    expect(sum.map((x) => [x.severity, x.difference, at(x)[0]])).toEqual([['error', '-0.01', '/narrative/explanation/17/paragraphs/0']]);
    expect(sum[0]!.locations[0]).toMatchObject({ excerpt: expect.stringContaining('服务采购金额228.35万元') });
    expect(sum[0]!.message.zh).toContain('各部分仅见于文中');
    const far = check(inParagraph(17, 0, '服务采购金额228.34万元', '服务采购金额238.34万元'));
    expect(errors(far.findings).filter((x) => x.rule === 'text.sum').flatMap(at)).toContain('/narrative/explanation/17/paragraphs/0');
    expect(p).toContain('其中');
  });

  it('a 项 budget stated twice with two figures is an error at both sentences', () => {
    const report = check((f) => { f.narrative.explanation[7]!.paragraphs.push('1、一般公共服务支出（类）档案事务（款）行政运行（项）。年初预算为1,250.01万元。'); });
    const found = report.findings.filter((x) => x.rule === 'text.budget');
    expect(found.map((x) => [x.severity, x.expected, x.actual, at(x)])).toEqual([['error', '1250', '1250.01', ['/narrative/explanation/7/paragraphs/15', '/narrative/explanation/7/paragraphs/1']]]);
    expect(found[0]!.locations.map((l) => ('excerpt' in l ? l.excerpt : ''))).toEqual(['年初预算为1,250.01万元。', '年初预算为1,250.00万元，支出决算为1,286.42万元。']);
  });

  it('the 项 budgets add up to the total budget stated above them: 0.01 off is reported as rounding, more is an error', () => {
    const clean = check(() => {});
    expect(clean.rules.find((r) => r.id === 'text.budget')).toMatchObject({ status: 'passed', checked: 1 });
    const round = check(inParagraph(7, 1, '年初预算为1,250.00万元', '年初预算为1,250.01万元'));
    expect(round.findings.filter((x) => x.rule === 'text.budget').map((x) => [x.severity, x.difference, at(x)[0]])).toEqual([['info', '-0.01', '/narrative/explanation/7/paragraphs/0']]);
    const far = check(inParagraph(7, 1, '年初预算为1,250.00万元', '年初预算为1,260.00万元'));
    const found = errors(far.findings).filter((x) => x.rule === 'text.budget');
    expect(found.map((x) => [x.expected, x.actual])).toEqual([['3285.60', '3275.60']]);
    expect(found[0]!.locations.map((l) => ('path' in l ? l.path : ''))).toContain('/narrative/explanation/7/paragraphs/1');
  });

  it('a 项 named in a sentence of its own is the subject of the figures after it', () => {
    const report = check(inParagraph(7, 1, '支出决算为1,286.42万元', '支出决算为1,296.42万元'));
    expect(errors(report.findings).filter((x) => x.rule === 'text.amount').flatMap(at)).toContain('/narrative/explanation/7/paragraphs/1');
    expect(check(() => {}).summary.unread).toBeLessThan(20);
  });

  it('rules find a meaning in the template\'s own layout: Shanghai\'s 国有资本经营 table keeps its total under 本年支出 小计', () => {
    const report = check((f) => {
      const t = f.tables.find((x) => x.id === 'state-capital')!;
      delete t.statement;
      t.sections[0]!.rows = [{ key: 'total', name: '合计', values: { opening_balance: null, income: '10.00', expenditure_subtotal: '10.00', basic: '4.00', project: '6.00', closing_balance: null } }];
    });
    const across = errors(report.findings).filter((x) => x.rule === 'across.state-capital');
    expect(across.map((x) => x.locations[0])).toContainEqual(expect.objectContaining({ table: 'state-capital', row: 'total', column: 'expenditure_subtotal' }));
    expect(report.findings.filter((x) => x.rule === 'within.row-sum' && x.locations.some((l) => 'table' in l && l.table === 'state-capital'))).toEqual([]);
  });

  it('an empty 三公 table the text quotes', () => {
    const report = check((f) => {
      const t = f.tables.find((x) => x.id === 'three-public')!;
      t.sections[0]!.rows = [];
      t.statement = '说明：本单位本年度无“三公”经费支出，故本表无数据。';
    });
    expect(errors(report.findings).some((x) => x.rule === 'text.amount' && x.locations.some((l) => 'path' in l && l.path.startsWith('/narrative/explanation/10')))).toBe(true);
  });

  it('doubled punctuation is a warning where it is', () => {
    const report = check(inParagraph(2, 0, '占24.95%。', '占24.95%。。'));
    expect(report.findings.filter((x) => x.rule === 'document.punctuation').flatMap(at)).toEqual(['/narrative/explanation/2/paragraphs/0']);
  });

  it('an empty table\'s statement not in the template\'s words is a warning', () => {
    const report = check((f) => { f.tables.find((x) => x.id === 'government-fund')!.statement = '说明：本单位本年度没有政府性基金预算财政拨款收入和支出。'; });
    expect(report.findings.filter((x) => x.rule === 'document.empty-statement' && x.severity === 'warning').map((x) => x.expected)).toEqual(['故本表无数据']);
  });

  it('a comparison with the budget with no reason given is a warning', () => {
    const p = CLEAN.narrative.explanation[7]!.paragraphs[0]!;
    const cut = p.slice(0, p.indexOf('决算数大于预算数') + '决算数大于预算数'.length) + '。';
    const report = check((f) => { f.narrative.explanation[7]!.paragraphs[0] = cut; });
    expect(report.findings.filter((x) => x.rule === 'text.reason' && x.severity === 'warning').flatMap(at)).toEqual(['/narrative/explanation/7/paragraphs/0']);
  });

  it('raises no false alarm on the wordings real reports use', () => {
    const report = check((f) => {
      const p = f.narrative.explanation[16]!.paragraphs;
      p[0] = p[0]!.replace('比2023年度减少7.65万元，下降4.78%。主要原因是厉行节约，压减办公费、印刷费等日常公用经费。', '比2023年度下降7.65万元，下降4.78%，下降3个百分点。主要原因如下：');
      p.push('1、厉行节约，因工作原因。');
      p.push('会议费与2023年度基本持平，增长0.50%。');
      f.narrative.headings!.push({ text: '一、主要职能（2019年机构改革后）', level: 1 });
    });
    expect(report.findings.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => `${x.rule}: ${x.message.en}`)).toEqual([]);
  });

  it('a table the 目录 lists but the report leaves out, or prints but does not list, is named', () => {
    const missing = checkUnvalidated((f) => { f.tables = f.tables.filter((t) => t.id !== 'three-public'); });
    expect(missing.findings.filter((x) => x.rule === 'document.contents').map((x) => x.message.zh)).toEqual(['目录列有财政拨款“三公”经费支出决算表，报告中却未载此表']);
    const unlisted = check((f) => { f.narrative.contents = f.narrative.contents!.filter((c) => !c.includes('收入决算表')); });
    expect(unlisted.findings.filter((x) => x.rule === 'document.contents').map((x) => x.message.zh)).toEqual(['报告载有收入决算表，目录却未列出']);
  });

  it('a section of the script left out is a warning naming it', () => {
    const report = check((f) => { f.narrative.explanation = f.narrative.explanation.filter((s) => !s.heading.includes('预算绩效管理')); });
    expect(report.findings.filter((x) => x.rule === 'document.script').map((x) => x.message.zh)).toEqual(['情况说明缺少模板要求的部分：预算绩效管理情况']);
  });

  it('tables out of the template\'s order are a warning', () => {
    const report = check((f) => { f.tables = [f.tables[1]!, f.tables[0]!, ...f.tables.slice(2)]; });
    expect(report.findings.filter((x) => x.rule === 'document.table-order').map((x) => x.severity)).toEqual(['warning']);
  });
});

/** A filing the model refuses (a required table missing) is still checked, as gongkai import does. */
function checkUnvalidated(edit: (f: Filing) => void) {
  const f = structuredClone(CLEAN);
  edit(f);
  return checkFiling(f);
}
