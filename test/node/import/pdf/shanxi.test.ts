// The seed's figures printed in Shanxi's ten-table layout (fixtures/pdf/shanxi-seed-2023.pdf, made by
// fixtures/generate-shanxi-pdf.ts from the seed's filing: 行次 and 栏次, names wrapped around their row's
// figures, 公开0N表 under the title, 06表 in four column groups over two pages, 10表 in sections with their
// own headers). Read back from the PDF, every figure and ──── lands where the seed's filing has it.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Filing } from '../../../../src/core/model/filing.ts';
import { readPdf } from '../../../../src/import/pdf/document.ts';
import { importPdfPages, importReportPdf, type PdfImportResult } from '../../../../src/import/pdf/index.ts';
import { FIXTURES, SEED } from '../support.ts';
import { pdfBytes } from './support.ts';

let result: PdfImportResult;

beforeAll(async () => {
  result = await importReportPdf(pdfBytes(join(FIXTURES, 'pdf/shanxi-seed-2023.pdf')), { sourceName: 'shanxi-seed-2023.pdf', departmentId: SEED.department.id, regionCode: SEED.department.regionCode });
});

/** Every printed cell (a figure or ────) of a filing, by table, section, row and column. */
function printed(f: Pick<Filing, 'tables'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of f.tables) for (const s of t.sections) for (const r of s.rows) for (const [k, v] of Object.entries(r.values)) {
    if (v !== null) out.set(`${t.id}/${s.id}/${r.key ?? r.code}/${k}`, v);
  }
  return out;
}

describe('a Shanxi-layout report, from its PDF', () => {
  it('is read as template shanxi-2023 with its printed numbers, nothing unplaced or missing', () => {
    const f = result.filing as unknown as Filing;
    expect(f.template).toBe('shanxi-2023');
    expect(f.tables.map((t) => t.number)).toEqual(SEED.tables.map((t) => t.number));
    expect(f.year).toBe(2023);
    expect(f.unit).toBe('万元');
    expect(result.report.problems).toEqual([]);
  });

  it('puts each of the seed\'s 99 figures and 16 ──── in its cell, and no figure anywhere else', () => {
    const want = printed(SEED);
    const got = printed(result.filing as unknown as Filing);
    expect([...want.values()].filter((v) => v !== 'n/a')).toHaveLength(99);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
  });

  it('goes by the name where the printed 行次 names another row, and says so', async () => {
    const pages = await readPdf(pdfBytes(join(FIXTURES, 'pdf/shanxi-seed-2023.pdf')));
    // 行次 5 and 6 of 01表 printed the other way round.
    const swapped = pages.map((p) => (p.number !== 5 ? p : { ...p, runs: p.runs.map((r) => (r.x0 < 250 && (r.text === '5' || r.text === '6') ? { ...r, text: r.text === '5' ? '6' : '5' } : r)) }));
    const r = importPdfPages(swapped, 'ab'.repeat(32), { departmentId: SEED.department.id, regionCode: SEED.department.regionCode });
    const income = (r.filing as unknown as Filing).tables[0]!.sections[0]!.rows;
    expect(income.filter((x) => x.key === 'business' || x.key === 'operating').map((x) => [x.key, x.line, x.name])).toEqual([['business', 6, '五、事业收入'], ['operating', 5, '六、经营收入']]);
    expect(r.report.notes.filter((n) => n.message.includes('is printed as 行次')).map((n) => n.message)).toEqual([
      '公开01表 收入: "五、事业收入" is printed as 行次 6; the template numbers it 5',
      '公开01表 收入: "六、经营收入" is printed as 行次 5; the template numbers it 6',
    ]);
  });

  it('reads 行次 as printed, the row names whole, and the 10表 sections by their titles', () => {
    const f = result.filing as unknown as Filing;
    const ie = f.tables.find((t) => t.id === 'income-expenditure')!;
    expect(ie.sections[0]!.rows.find((r) => r.key === 'non_fiscal_balance_used')).toMatchObject({ line: 28, name: '使用非财政拨款结余和专用结余' });
    const related = f.tables.find((t) => t.id === 'related-information')!;
    expect(related.sections.map((s) => [s.id, s.rows.length])).toEqual([['procurement', 4], ['running_costs', 2], ['assets', 10]]);
  });
});
