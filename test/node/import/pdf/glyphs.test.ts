// Producers differ in how they draw text: some emit a whole cell as one run, some every glyph as a run of
// its own (with positions, no spaces). The same report drawn glyph by glyph must import to the same filing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page, Run } from '../../../../src/import/layout/types.ts';
import { readPdf } from '../../../../src/import/pdf/document.ts';
import { importPdfPages } from '../../../../src/import/pdf/index.ts';
import { FIXTURES } from '../support.ts';
import { DEPARTMENT_BUDGET_PDF, pdfBytes } from './support.ts';
import { furniture, tableOfContents } from '../../../../src/import/pdf/locate.ts';
import { locateTables } from '../../../../src/import/pdf/tables.ts';
import { toLines } from '../../../../src/import/layout/lines.ts';

/** Every run split into its glyphs, each placed by its share of the run's width (wide glyphs count twice). */
function byGlyph(pages: readonly Page[]): Page[] {
  return pages.map((p) => ({
    ...p,
    runs: p.runs.flatMap((r): Run[] => {
      const chars = [...r.text];
      const w = chars.map((c) => (/[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(c) ? 2 : 1));
      const total = w.reduce((a, b) => a + b, 0);
      let x = r.x0;
      return chars.flatMap((c, i) => {
        const x1 = x + ((r.x1 - r.x0) * w[i]!) / total;
        const run = { ...r, text: c, x0: x, x1 };
        x = x1;
        return c === ' ' ? [] : [run];
      });
    }),
  }));
}

describe('a report drawn glyph by glyph', () => {
  it('imports to the same filing as drawn by cells (the filled Shanghai-template sample)', async () => {
    const pages = await readPdf(pdfBytes(join(FIXTURES, 'pdf/shanghai-sample-2024.pdf')));
    const options = { departmentId: 'x-1', regionCode: '310000' };
    const whole = importPdfPages(pages, 'ab'.repeat(32), options);
    const glyphs = importPdfPages(byGlyph(pages), 'ab'.repeat(32), options);
    expect(glyphs.report.problems).toEqual([]);
    expect(glyphs.filing.tables).toEqual(whole.filing.tables);
    expect(glyphs.report.tables).toEqual(whole.report.tables);
  });

  it('reads the same grids from a real budget drawn glyph by glyph', async () => {
    const pages = await readPdf(pdfBytes(DEPARTMENT_BUDGET_PDF));
    const defs = [{ id: 'income', title: '收入预算总表' }, { id: 'economic', title: '一般公共预算基本支出部门预算经济分类预算表' }];
    const grids = (ps: readonly Page[]) => {
      const lines = toLines(ps);
      return locateTables(lines, defs, { skip: new Set([...furniture(lines), ...tableOfContents(lines)]) }).map((t) => ({
        columns: t.grid.columns.map((c) => c.header.join('|')),
        rows: t.grid.rows.map((r) => [r.code, r.label, [...r.cells.entries()].map(([k, c]) => `${k}=${c.text}`)]),
      }));
    };
    expect(grids(byGlyph(pages))).toEqual(grids(pages));
  });
});

describe('a cell printed as a lone dash', () => {
  it('is kept blank, not zero and not unplaced, and said once', async () => {
    const pages = await readPdf(pdfBytes(join(FIXTURES, 'pdf/shanghai-sample-2024.pdf')));
    // The sample's 支出决算表 (page 7): every 0.00 printed as "-" instead.
    const dashed = pages.map((p) => (p.number !== 7 ? p : { ...p, runs: p.runs.map((r) => (r.text === '0.00' ? { ...r, text: '-' } : r)) }));
    const zeros = pages[6]!.runs.filter((r) => r.text === '0.00').length;
    expect(zeros).toBeGreaterThan(0);
    const r = importPdfPages(dashed, 'ab'.repeat(32), { departmentId: 'x-1', regionCode: '310000' });
    expect(r.report.problems).toEqual([]);
    expect(r.report.notes.filter((n) => n.message.includes('lone dash')).map((n) => n.message)).toEqual([`支出决算表: ${zeros} cell(s) printed as a lone dash (-), kept blank (not 0)`]);
    const expenditure = (r.filing.tables as { id: string; sections: { rows: { values: Record<string, string | null> }[] }[] }[]).find((t) => t.id === 'expenditure')!;
    const page7 = expenditure.sections[0]!.rows.slice(0, 10).flatMap((x) => Object.values(x.values));
    expect(page7.filter((v) => v === '0.00')).toEqual([]);
  });
});
