// The seed filing (data/filings/140602-xzspfwglj/2023.json) is a hand transcription of the real report
// data/seed/report-2023.txt (pdftotext output). This test reads the seed text on its own terms and checks
// the transcription against it: every figure, every blank, every code, every paragraph.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_APPLICABLE, isAmount, type Cell } from '../../src/core/model/cell.ts';
import type { Filing } from '../../src/core/model/filing.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import type { Row, Section, Table } from '../../src/core/model/table.ts';
import { templateById } from '../../src/core/templates/index.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const SEED = read('../../data/seed/report-2023.txt');
const RAW: unknown = JSON.parse(read('../../data/filings/140602-xzspfwglj/2023.json'));
const DEPARTMENTS: unknown = JSON.parse(read('../../data/departments.json'));
const LINES = SEED.split('\n');

const parsed = parseFiling(RAW);
if (!parsed.ok) throw new Error(`the seed filing does not parse:\n${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
const FILING: Filing = parsed.filing;

/** Whitespace and line breaks removed: pdftotext wraps Chinese text anywhere. */
const squash = (s: string) => s.replace(/\s+/g, '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A printed name, allowing the line breaks and indentation pdftotext put inside it. */
const namePattern = (name: string) => [...squash(name)].map(escape).join('\\s*');

/** Decimal figures as printed (1322.38, 0.00, 4.60); not 行次, 栏次, codes, years or page numbers. */
const AMOUNT = /(?<![\d.])\d+\.\d+(?![\d.])/g;
const amountsIn = (text: string) => (text.match(AMOUNT) ?? []).sort();
/** Classification codes as printed: 类 3, 款 5, 项 7 digits, standing alone. */
const CODE = /(?<![\d.])(?:\d{7}|\d{5}|\d{3})(?![\d.])/g;

/** Index of the first line at or after `from` whose trimmed text is exactly `text`. */
function lineIndex(text: string, from = 0): number {
  const i = LINES.findIndex((l, n) => n >= from && l.trim() === text);
  if (i < 0) throw new Error(`line "${text}" not found in the seed after line ${from + 1}`);
  return i;
}
const slice = (from: number, to: number) => LINES.slice(from, to).join('\n');

const template = templateById('shanxi-2023')!;
const tableById = (id: string): Table => {
  const t = FILING.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
};

// ------------------------------------------------------------------------------------------------
// Split the seed into each table's text: from its title line to the next table's title line (10表: to
// 第三部分). A title line is the bare title, e.g. "收入支出决算总表" (not the "一、收入支出决算总表" list heading).
const TABLE_TEXT = new Map<string, string>();
{
  let from = 0;
  const starts = template.tables.map((t) => (from = lineIndex(t.title, from)));
  const end = lineIndex('第三部分 情况说明', from);
  template.tables.forEach((t, i) => TABLE_TEXT.set(t.id, slice(starts[i]!, starts[i + 1] ?? end)));
}
const tableText = (id: string) => TABLE_TEXT.get(id)!;

// The attachment's two tables.
const ATTACHMENT_START = lineIndex('第五部分 附件');
const A_START = lineIndex('代码 项目名称 预算指标 支付金额', ATTACHMENT_START);
const A_END = lineIndex('二、绩效自评工作开展情况', A_START);
const B_START = lineIndex('代码 项目名称 得分 自评结果', A_END);
const B_END = lineIndex('四、自评发现的问题及整改措施', B_START);
const PROJECTS_A = slice(A_START, A_END);
const PROJECTS_B = slice(B_START, B_END);

// ------------------------------------------------------------------------------------------------
const cellText = (c: Cell | undefined) => (c === null || c === undefined ? '' : c === NOT_APPLICABLE ? '────' : c);
const amountsOfTable = (t: Table) =>
  t.sections.flatMap((s) => s.rows.flatMap((r) => Object.values(r.values).filter(isAmount))).sort();

/**
 * Read a row's cells off the printed text. pdftotext prints a row as its name (and 行次), then one
 * token per column separated by single spaces, a blank cell being an empty token: "4.60  4.60    "
 * is 4.60, blank, 4.60, blank…. A wrapped name puts its cells after a blank line.
 */
function printedCells(text: string, section: Section, row: Row, measure: 'amount' | 'count'): string[] {
  const cell = measure === 'count' ? '(\\d+\\.\\d+|─+|\\d+)?' : '(\\d+\\.\\d+|─+)?';
  const cells = section.columns.map(() => cell).join(' ') + '(?![\\d.─])';
  let anchor: string;
  if (row.key === undefined) anchor = `(?<![\\d.])${row.code}\\s*${namePattern(row.name)}(?: |\\n\\n)`;
  // A name starts a printed token: after whitespace, or right after the previous cell's figure ("0.00八、…").
  else if (row.line !== undefined) anchor = `${row.name ? '(?<![^\\s\\d])' + namePattern(row.name) + '\\s*' : '(?<=\\s)'}(?<![\\d.])${row.line} `;
  else if (row.name) anchor = `(?<![^\\s\\d])${namePattern(row.name)}(?: |\\n\\n)`;
  else anchor = '1 2 3 4 5 6 7 8 9 10 11 12\\n\\n'; // 09表: the figures line under the 栏次 line
  const matches = [...text.matchAll(new RegExp(anchor + cells, 'g'))];
  if (matches.length !== 1) throw new Error(`row ${row.key ?? row.code} ${row.name}: ${matches.length} matches in the printed text`);
  return section.columns.map((_, i) => matches[0]![i + 1] ?? '');
}

// ------------------------------------------------------------------------------------------------
describe('seed transcription: the filing', () => {
  it('parses and conforms to its template', () => {
    expect(parseFiling(RAW)).toMatchObject({ ok: true });
    expect(FILING.tables.map((t) => t.id)).toEqual(template.tables.map((t) => t.id));
    expect(FILING.tables.map((t) => t.number)).toEqual(template.tables.map((t) => t.number));
  });

  it('carries the report title, department and units as printed', () => {
    expect(SEED).toContain(FILING.title!);
    expect(FILING.title).toBe('朔州市朔城区行政审批服务管理局2023年部门决算公开报告');
    expect(squash(SEED)).toContain(`${FILING.department.name}为一级单位，下属二级单位${FILING.department.units.length}个，分别是：${FILING.department.units.join('、')}。`);
    expect(DEPARTMENTS).toEqual([
      expect.objectContaining({ id: FILING.department.id, name: FILING.department.name, regionCode: FILING.department.regionCode, units: FILING.department.units }),
    ]);
  });

  it('makes every blank explicit: each row has a value for each column of its section', () => {
    for (const t of FILING.tables) {
      for (const s of t.sections) {
        const keys = s.columns.map((c) => c.key).sort();
        for (const r of s.rows) expect(Object.keys(r.values).sort(), `${t.id}/${s.id}/${r.key ?? r.code}`).toEqual(keys);
      }
    }
  });
});

describe('seed transcription: tables against the printed text', () => {
  for (const def of template.tables) {
    describe(`${def.number} ${def.title}`, () => {
      const table = () => tableById(def.id);
      const text = () => tableText(def.id);

      it('has the header, note and statement as printed', () => {
        const t = table();
        const flat = squash(text());
        expect(t.title).toBe(def.title);
        expect(flat).toContain(t.number!);
        expect(flat).toMatch(new RegExp(`(部门|单位)名称：${escape(t.department!)}${t.year}年度`));
        expect(flat).toMatch(new RegExp(`单位[:：]${escape(t.unit)}`));
        if (t.note) expect(flat).toContain(squash(t.note));
        else expect(flat).not.toContain('注：');
        if (t.statement) expect(flat).toContain(squash(t.statement));
        else expect(flat).not.toContain('本表无数据');
      });

      it('has the column titles and 栏次 as printed', () => {
        const t = table();
        const flat = squash(text());
        for (const s of t.sections) {
          for (const c of s.columns) {
            // 09表 prints 小计 under the spanning header 公务用车购置及运行维护费.
            // The printed titles are the template's (joined where wrapped); 09表 prints 小计 under the
            // spanning header 公务用车购置及运行维护费, and the filing keeps the template's joined title.
            const cdef = def.sections.find((x) => x.id === s.id)!.columns.find((x) => x.key === c.key)!;
            expect(c.title, `${t.id} column ${c.key}`).toBe(cdef.title);
            expect(c.group).toBe(cdef.group);
            const parts = c.title.endsWith('小计') && c.title !== '小计' ? [c.title.slice(0, -2), '小计'] : [c.title];
            for (const p of parts) expect(flat, `${t.id} column ${c.key}`).toContain(squash(p));
            if (c.group) expect(flat).toContain(c.group);
          }
        }
        // The 栏次 line(s): "栏次  1 栏次  2", "栏次 1 2 3", or 09表's bare "1 2 3 … 12".
        const lanciLines = text().split('\n').map((l) => l.trim()).filter((l) => l.startsWith('栏次') || /^1 2( \d+)*$/.test(l));
        const lanci = lanciLines.flatMap((l) => l.match(/\d+/g) ?? []).map(Number);
        expect(t.sections.flatMap((s) => s.columns.flatMap((c) => (c.lanci === undefined ? [] : [c.lanci])))).toEqual(lanci);
      });

      it('has each row with exactly the printed cells (figure, blank or ────)', () => {
        const t = table();
        for (const s of t.sections) {
          const sdef = def.sections.find((x) => x.id === s.id)!;
          for (const r of s.rows) {
            const fixed = sdef.rows.find((x) => x.key === r.key);
            const cells = printedCells(text(), s, r, fixed?.measure ?? 'amount');
            expect(s.columns.map((c) => cellText(r.values[c.key])), `${t.id}/${s.id} row ${r.key ?? r.code} ${r.name}`).toEqual(cells);
            if (fixed?.line !== undefined) expect(r.line).toBe(fixed.line);
            if (fixed?.unit !== undefined) expect(r.unit).toBe(fixed.unit);
          }
        }
      });

      it('has the same multiset of amounts as the printed text', () => {
        const t = table();
        const printed = amountsIn(text());
        const transcribed = amountsOfTable(t);
        expect(transcribed).toEqual(printed);
      });

      it('has one coded row per printed code', () => {
        const t = table();
        const classified = def.sections.some((s) => s.classification);
        const codedRows = t.sections.flatMap((s) => s.rows.filter((r) => r.key === undefined).map((r) => r.code!));
        if (!classified) {
          expect(codedRows).toEqual([]);
          return;
        }
        const printed = text().match(CODE) ?? [];
        expect(codedRows.slice().sort()).toEqual(printed.slice().sort());
        expect(new Set(codedRows).size).toBe(codedRows.length);
      });
    });
  }

  it('06表: one "n/a" per printed ────, groups as printed, totals', () => {
    const t = tableById('general-budget-basic-expenditure');
    const text = tableText(t.id);
    const rows = t.sections[0]!.rows;
    const na = rows.filter((r) => r.values.amount === NOT_APPLICABLE).length;
    expect(na).toBe((text.match(/─+/g) ?? []).length);
    expect(na).toBe(16);
    // The four column groups are printed side by side: on any one printed line, codes come in group order.
    const groupOf = new Map(rows.filter((r) => r.code).map((r) => [r.code!, r.group!]));
    for (const line of text.split('\n')) {
      const groups = (line.match(CODE) ?? []).map((c) => groupOf.get(c)!);
      for (let i = 1; i < groups.length; i++) expect(groups[i]!, line).toBeGreaterThan(groups[i - 1]!);
    }
    // Within a group, rows run down the page: codes ascend.
    for (const g of [1, 2, 3, 4]) {
      const codes = rows.filter((r) => r.group === g).map((r) => r.code!);
      expect(codes.length).toBeGreaterThan(0);
      expect(codes).toEqual(codes.slice().sort());
    }
    expect(rows.find((r) => r.key === 'personnel_total')?.values.amount).toBe('572.28');
    expect(rows.find((r) => r.key === 'public_total')?.values.amount).toBe('34.88');
  });

  it('spot values, checked by hand', () => {
    const row = (table: string, section: string, id: string) => {
      const s = tableById(table).sections.find((x) => x.id === section)!;
      return s.rows.find((r) => r.key === id || r.code === id)!;
    };
    expect(row('income-expenditure', 'income', 'total_income').values.amount).toBe('1322.38');
    expect(row('income-expenditure', 'expenditure', 'closing_balance').values.amount).toBe('0.00');
    expect(row('income', 'main', '2010303').values).toMatchObject({ total: '508.32', fiscal_appropriation: '508.31', other: '0.00', business: null });
    expect(row('expenditure', 'main', '20132').values).toMatchObject({ total: '4.60', basic: null, project: '4.60' });
    expect(row('general-budget-basic-expenditure', 'main', '30101').values.amount).toBe('220.40');
    expect(row('general-budget-basic-expenditure', 'main', '30212').values.amount).toBeNull();
    expect(row('general-budget-basic-expenditure', 'main', '30907').values.amount).toBe(NOT_APPLICABLE);
    expect(row('fiscal-income-expenditure', 'expenditure', 'closing_balance_general_budget')).toMatchObject({ line: 61, name: '' });
    const works = row('related-information', 'procurement', 'works');
    expect(works.line).toBe(3);
    expect(works.values.value).toBe('25.08');
    expect(row('related-information', 'running_costs', 'administrative').values.value).toBe('25.28');
    expect(row('related-information', 'assets', 'equipment_over_1m')).toMatchObject({ line: 17, unit: '台（套）', values: { value: null } });
    const p3 = FILING.performance!.projects.find((p) => p.code === '3')!;
    expect(p3).toMatchObject({ name: '公章刻制费', budget: '20.00', paid: '2.38', score: '77.37', grade: '中' });
  });

  it('reports the number of numeric cells', () => {
    const tables = FILING.tables.reduce((n, t) => n + amountsOfTable(t).length, 0);
    const p = FILING.performance!;
    const attachment = [p.totals.budget, p.totals.paid, ...p.projects.flatMap((x) => [x.budget, x.paid, x.score])].filter((c) => isAmount(c ?? null)).length;
    console.log(`seed transcription: ${tables} numeric cells in the ten tables, ${attachment} in the attachment (${tables + attachment} in all)`);
    expect(tables).toBe(99);
    expect(attachment).toBe(38);
  });
});

describe('seed transcription: the performance attachment', () => {
  const p = () => FILING.performance!;

  it('has the 总计 line and one project per printed line, in both tables', () => {
    expect(PROJECTS_A).toMatch(new RegExp(`^总计 ${escape(p().totals.budget!)} ${escape(p().totals.paid!)}$`, 'm'));
    expect(p().projects.map((x) => x.code)).toEqual(p().projects.map((_, i) => String(i + 1)));
    expect(PROJECTS_A.match(/^[ \t]*\d+(?=\s)/gm)!.map((s) => s.trim())).toEqual(p().projects.map((x) => x.code));
    expect(PROJECTS_B.match(/^[ \t]*\d+(?=\s)/gm)!.map((s) => s.trim())).toEqual(p().projects.map((x) => x.code));
    for (const x of p().projects) {
      const head = `^[ \\t]*${x.code}\\s+${namePattern(x.name)}\\s+`;
      const a = new RegExp(head + '(\\d+\\.\\d+) (\\d+\\.\\d+)$', 'm').exec(PROJECTS_A);
      const b = new RegExp(head + '(\\d+\\.\\d+) (优|良|中|差)$', 'm').exec(PROJECTS_B);
      expect([a?.[1], a?.[2]], `project ${x.code} in table A`).toEqual([x.budget, x.paid]);
      expect([b?.[1], b?.[2]], `project ${x.code} in table B`).toEqual([x.score, x.grade]);
    }
  });

  it('has the same multisets of amounts and grades as the printed tables', () => {
    const a = [p().totals.budget, p().totals.paid, ...p().projects.flatMap((x) => [x.budget, x.paid])].filter((c) => isAmount(c ?? null)).sort();
    expect(a).toEqual(amountsIn(PROJECTS_A));
    expect(p().projects.map((x) => x.score!).sort()).toEqual(amountsIn(PROJECTS_B));
    expect(p().projects.map((x) => x.grade).sort()).toEqual((PROJECTS_B.match(/[优良中差](?=\s*$)/gm) ?? []).sort());
  });
});

describe('seed transcription: the text', () => {
  const FLAT = squash(SEED);
  const N = FILING.narrative;
  const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
  const region = (from: string, to: string | undefined) => {
    const a = lineIndex(from);
    return squash(slice(a + 1, to === undefined ? LINES.length : lineIndex(to, a)));
  };
  const sectionsText = (sections: { heading: string; paragraphs: string[] }[]) => sections.map((s) => s.heading + s.paragraphs.join('')).join('');

  it('has every heading, office name, glossary term and paragraph verbatim', () => {
    const texts = [
      ...N.duties, ...N.organisation.summary,
      ...N.organisation.offices.flatMap((o) => [o.name, ...o.duties]),
      ...N.explanation.flatMap((s) => [s.heading, ...s.paragraphs]),
      ...N.glossary.flatMap((g) => [g.term, g.definition]),
      ...(N.other ?? []),
      p().title, ...p().sections.flatMap((s) => [s.heading, ...s.paragraphs]),
    ].filter((s) => s !== '');
    for (const s of texts) {
      expect(FLAT, s).toContain(squash(s));
      expect(s, 'no stray line breaks or surrounding spaces').toBe(s.trim());
      expect(s).not.toMatch(/\n/);
    }
  });

  it('第一部分: nine duties, the summary and fourteen offices, nothing left out', () => {
    expect(N.duties).toHaveLength(9);
    N.duties.forEach((d, i) => expect(d.startsWith(`${i + 1}.`)).toBe(true));
    expect(N.organisation.offices).toHaveLength(14);
    expect(N.organisation.summary[0]!.startsWith('朔州市朔城区行政审批服务管理局为一级单位')).toBe(true);
    const expected = N.duties.join('') + '二、机构设置情况' + N.organisation.summary.join('') + N.organisation.offices.map((o) => o.name + o.duties.join('')).join('');
    expect(squash(expected)).toBe(region('一、本部门（单位）职责', '一、收入支出决算总表'));
  });

  it('第三部分 情况说明: every section in order, nothing left out', () => {
    expect(N.explanation.map((s) => s.level)).toEqual(N.explanation.map((s) => (/^[一二三四五六七八九十]+、/.test(s.heading) ? 1 : /^（[一二三四五六七八九十]+）/.test(s.heading) ? 2 : 3)));
    expect(squash(sectionsText(N.explanation))).toBe(region('第三部分 情况说明', '第四部分 名词解释'));
  });

  it('第四部分 名词解释: twelve terms split at "：", and the stray 无。', () => {
    expect(N.glossary).toHaveLength(12);
    expect(N.glossary[0]).toEqual({ term: '财政拨款收入', definition: '指单位从同级财政部门取得的财政预算资金。' });
    for (const g of N.glossary) expect(g.term).not.toMatch(/[、：]/);
    const expected = N.glossary.map((g, i) => `${ORDINALS[i]}、${g.term}：${g.definition}`).join('') + (N.other ?? []).join('');
    expect(N.other).toEqual(['无。']);
    expect(squash(expected)).toBe(region('第四部分 名词解释', '第五部分 附件'));
  });

  const p = () => FILING.performance!;
  const pieces = (sections: { heading: string; paragraphs: string[] }[]) => sections.flatMap((s) => [...(s.heading ? [s.heading] : []), ...s.paragraphs]);

  /**
   * Paragraph boundaries. pdftotext breaks lines every ~40 characters; a paragraph ends where a printed
   * line ends in 。；： or the next line starts a numbered item or heading. So every heading and
   * paragraph must start and end at printed line ends, and no printed line inside one may end in
   * 。；： nor may a line inside one start a numbered item.
   */
  function expectParagraphBoundaries(lines: string[], texts: string[]) {
    const flat = squash(lines.join('\n'));
    expect(squash(texts.join(''))).toBe(flat);
    const ends = new Map<number, { last: string; next: string }>();
    let offset = 0;
    const printed = lines.map(squash).filter((l) => l !== '');
    printed.forEach((l, i) => {
      offset += l.length;
      ends.set(offset, { last: l.at(-1)!, next: printed[i + 1] ?? '' });
    });
    const NUMBERED = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.](?!\d))/;
    let start = 0;
    for (const text of texts) {
      const end = start + squash(text).length;
      expect(ends.has(end), `"${text}" ends inside a printed line`).toBe(true);
      for (const [at, { last, next }] of ends) {
        if (at <= start || at >= end) continue;
        expect('。；：', `"${text}" runs on past a line ending in ${last}`).not.toContain(last);
        expect(next, `"${text}" runs on into a numbered line`).not.toMatch(NUMBERED);
      }
      start = end;
    }
  }

  it('paragraphs end where the printed paragraphs end', () => {
    const part1 = LINES.slice(lineIndex('一、本部门（单位）职责') + 1, lineIndex('一、收入支出决算总表'));
    expectParagraphBoundaries(part1, [...N.duties, '二、机构设置情况', ...N.organisation.summary, ...N.organisation.offices.flatMap((o) => [o.name, ...o.duties])]);
    const part3 = LINES.slice(lineIndex('第三部分 情况说明') + 1, lineIndex('第四部分 名词解释'));
    expectParagraphBoundaries(part3, pieces(N.explanation));
    const part4 = LINES.slice(lineIndex('第四部分 名词解释') + 1, lineIndex('第五部分 附件'));
    expectParagraphBoundaries(part4, [...N.glossary.map((g, i) => `${ORDINALS[i]}、${g.term}：${g.definition}`), ...(N.other ?? [])]);
    const part5 = [...LINES.slice(ATTACHMENT_START + 1, A_START), ...LINES.slice(A_END, B_START), ...LINES.slice(B_END)];
    expectParagraphBoundaries(part5, [p().title, ...pieces(p().sections)]);
  });

  it('第五部分 附件: the title and every section in order, the two tables aside', () => {
    expect(p().title).toBe('朔州市朔城区行政审批服务管理局项目支出绩效自评总结报告');
    const printed = squash(slice(ATTACHMENT_START + 1, A_START) + slice(A_END, B_START) + slice(B_END, LINES.length));
    expect(squash(p().title + sectionsText(p().sections))).toBe(printed);
    expect(p().sections[0]).toMatchObject({ heading: '', level: 1 });
  });
});
