// Real budget PDFs (上海市普陀区司法局 2026, amounts in 元 with thousands separators): every table is read
// into a grid of row labels × column headers, and four grids are compared whole with transcriptions made
// by hand from the printed pages (fixtures/budget).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../../../src/import/layout/grid.ts';
import { furniture, tableOfContents } from '../../../../src/import/pdf/locate.ts';
import { locateTables } from '../../../../src/import/pdf/tables.ts';
import { FIXTURES } from '../support.ts';
import { DEPARTMENT_BUDGET_PDF, UNIT_BUDGET_PDF, pdfLines } from './support.ts';

/** The nine tables of a Shanghai budget (DOMAIN.md), as titles to look for. */
const BUDGET_TABLES = [
  '财务收支预算总表', '收入预算总表', '支出预算总表', '财政拨款收支预算总表', '一般公共预算支出功能分类预算表',
  '政府性基金预算支出功能分类预算表', '国有资本经营预算支出功能分类预算表', '一般公共预算基本支出部门预算经济分类预算表', '“三公”经费和机关运行经费预算表',
].map((title, i) => ({ id: `b${i + 1}`, title }));

interface Transcribed {
  source: string;
  title: string;
  unit: string;
  columns: string[];
  sides?: { left: string[]; right: string[] };
  rows: { side?: 'left' | 'right'; code?: string; label: string; cells: (string | null)[] }[];
}

const transcription = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'budget', name), 'utf8')) as Transcribed;

async function tables(path: string) {
  const lines = await pdfLines(path);
  const skip = new Set([...furniture(lines), ...tableOfContents(lines)]);
  return locateTables(lines, BUDGET_TABLES, { skip, isRowLabel: (s) => /^(?:合计|总计|收入总计|支出总计)$/.test(s) });
}

/** The grid in the transcription's terms: leaf headers, and per side the rows with their cells by column. */
function asTranscribed(grid: Grid) {
  const leaf = (h: readonly string[]) => h.at(-1) ?? '';
  const sides = [...new Set(grid.columns.map((c) => c.side))];
  return {
    columns: grid.columns.map((c) => leaf(c.header)),
    rows: grid.rows.map((r) => {
      const own = grid.columns.map((c, i) => ({ c, i })).filter((x) => x.c.side === r.side);
      return {
        ...(sides.length > 1 ? { side: r.side === 0 ? 'left' : 'right' } : {}),
        ...(r.code !== undefined ? { code: r.code } : {}),
        label: r.label,
        cells: own.map(({ i }) => (r.cells.has(i) ? r.cells.get(i)!.text.replace(/,/g, '') : null)),
      };
    }),
  };
}

function expected(t: Transcribed) {
  const rows = t.rows.map((r) => ({ ...(r.side ? { side: r.side } : {}), ...(r.code ? { code: r.code } : {}), label: r.label, cells: r.cells }));
  // The grid lists a two-sided table side by side: the left side's rows, then the right side's.
  return { columns: t.columns, rows: t.sides ? [...rows.filter((r) => r.side === 'left'), ...rows.filter((r) => r.side === 'right')] : rows };
}

describe('budget PDFs, read into grids', () => {
  it('finds all nine tables of the department budget in printed order, none from the 目录, each with its unit', async () => {
    const found = await tables(DEPARTMENT_BUDGET_PDF);
    expect(found.map((t) => t.def.id)).toEqual(BUDGET_TABLES.map((t) => t.id));
    expect(found.map((t) => t.line.page)).toEqual([10, 11, 12, 14, 15, 17, 18, 19, 21]);
    expect(found.map((t) => t.frame.unit)).toEqual(['元', '元', '元', '元', '元', '元', '元', '元', '万元']);
    expect(new Set(found.map((t) => t.frame.department))).toEqual(new Set(['上海市普陀区司法局']));
    // The empty tables say so under the table.
    expect(found.filter((t) => t.frame.statement).map((t) => t.def.id)).toEqual(['b6', 'b7']);
  });

  it('places every printed figure of both budgets in a column', async () => {
    for (const path of [DEPARTMENT_BUDGET_PDF, UNIT_BUDGET_PDF]) {
      for (const t of await tables(path)) {
        expect(t.grid.stray, `${path} ${t.def.title}`).toEqual([]);
        for (const c of t.grid.columns) expect(c.header.length, `${t.def.title}: a column without a header`).toBeGreaterThan(0);
      }
    }
  });

  const cases: [string, string, string][] = [
    ['department-income.json', DEPARTMENT_BUDGET_PDF, 'b2'],
    ['department-basic-economic.json', DEPARTMENT_BUDGET_PDF, 'b8'],
    ['department-fiscal-summary.json', DEPARTMENT_BUDGET_PDF, 'b4'],
    ['unit-general-budget.json', UNIT_BUDGET_PDF, 'b5'],
  ];
  for (const [file, path, id] of cases) {
    it(`reads ${file.replace('.json', '')} exactly as transcribed by hand`, async () => {
      const t = transcription(file);
      const table = (await tables(path)).find((x) => x.def.id === id)!;
      expect(table.frame.unit).toBe(t.unit);
      expect(asTranscribed(table.grid)).toEqual(expected(t));
    });
  }

  it('reads the 三公 table, whose header spans three lines over seven columns and whose row has no label', async () => {
    const table = (await tables(DEPARTMENT_BUDGET_PDF)).find((x) => x.def.id === 'b9')!;
    const g = asTranscribed(table.grid);
    // As printed, left to right: 公务接待费 before the 公务用车 group.
    expect(g.columns).toEqual(['合计', '因公出国(境)费', '公务接待费', '小计', '购置费', '运行费', '机关运行经费预算数']);
    expect(table.grid.columns[4]!.header).toEqual(['“三公”经费预算数', '公务用车购置及运行费', '购置费']);
    expect(g.rows).toEqual([{ label: '', cells: ['10.81', '0', '0.83', '9.98', '0', '9.98', '217.83'] }]);
  });
});
