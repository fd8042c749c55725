// A filled report in the Shanghai 2024 template's layout (fixtures/pdf/shanghai-sample-2024.pdf, made by
// fixtures/generate-shanghai-pdf.ts: ruled tables with merged headers printed by Chromium, thousands
// separators, wrapped names, blank cells beside 0.00, two tables continued over a page with their header
// repeated). Every printed figure must land in its cell, as the generator's own record of what it printed
// (shanghai-sample.expected.json) says. Made by us: it proves less than a real report, and more than none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFiling } from '../../../../src/core/checks/index.ts';
import type { Filing } from '../../../../src/core/model/filing.ts';
import { parseFiling } from '../../../../src/core/model/parse.ts';
import { SHANGHAI_2024 } from '../../../../src/core/templates/index.ts';
import { importReportPdf, type PdfImportResult } from '../../../../src/import/pdf/index.ts';
import { FIXTURES } from '../support.ts';
import { pdfBytes } from './support.ts';

interface Expected {
  department: string;
  year: number;
  unit: string;
  tables: Record<string, { columns: string[]; sideColumns?: Record<string, string[]>; rows: { code?: string; name: string; side?: string; values: (string | null)[] }[] }>;
}

const SAMPLE = join(FIXTURES, 'pdf/shanghai-sample-2024.pdf');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'shanghai-sample.expected.json'), 'utf8')) as Expected;
let result: PdfImportResult;
let filing: Filing;

beforeAll(async () => {
  result = await importReportPdf(pdfBytes(SAMPLE), { sourceName: 'shanghai-sample-2024.pdf', departmentId: '310000-daj', regionCode: '310000' });
  const parsed = parseFiling(result.filing);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 5)));
  filing = parsed.filing;
});

const squash = (s: string) => s.replace(/\s+/g, '');
const PRINTED_THREE_PUBLIC = ['total', 'outbound', 'vehicle_subtotal', 'vehicle_purchase', 'vehicle_operation', 'reception'].flatMap((k) => [`budget_${k}`, `final_${k}`]);

describe('a filled Shanghai-template report, from its PDF', () => {
  it('is a valid filing with nothing left unplaced or missing', () => {
    expect(result.report.problems).toEqual([]);
    expect(filing).toMatchObject({ template: 'shanghai-2024', year: expected.year, unit: expected.unit, department: { name: expected.department } });
  });

  it('puts every printed figure in its cell, and keeps every blank blank', () => {
    let figures = 0;
    let placed = 0;
    for (const [title, t] of Object.entries(expected.tables)) {
      const def = SHANGHAI_2024.tables.find((d) => d.title === title)!;
      const table = filing.tables.find((x) => x.id === def.id)!;
      const sides = t.sideColumns ? Object.keys(t.sideColumns) : [undefined];
      for (const side of sides) {
        const section = side ? table.sections.find((s) => s.id === side)! : table.sections[0]!;
        const want = t.rows.filter((r) => r.side === side);
        // Columns as printed: 三公 prints 预算数 | 决算数 under each item, the template keys all 预算数 first.
        const keys = title.includes('三公') ? PRINTED_THREE_PUBLIC : section.columns.map((c) => c.key);
        const got = section.rows.map((r) => ({ ...(r.code ? { code: r.code } : {}), name: squash(r.name), values: keys.map((k) => r.values[k] ?? null) }));
        expect(got, `${title} ${side ?? ''}`).toEqual(want.map((r) => ({ ...(r.code ? { code: r.code } : {}), name: squash(r.name), values: r.values })));
        want.forEach((r, ri) => r.values.forEach((v, i) => {
          if (v === null) return;
          figures++;
          if (got[ri]?.values[i] === v) placed++;
        }));
      }
    }
    expect(placed).toBe(figures);
    expect(result.report.tables.figures).toBe(figures);
  });

  it('records the page and position of every figure', () => {
    expect(result.provenance.cells).toHaveLength(result.report.tables.figures);
    const total = result.provenance.cells.find((c) => c.table === 'income' && c.row === 'total' && c.column === 'total')!;
    expect(total.page).toBe(6);
    // Two tables continue on the next page.
    expect(result.provenance.tables['expenditure']!.pages).toEqual([7, 8]);
    expect(result.provenance.tables['fiscal-income-expenditure']!.pages).toEqual([9, 10]);
  });

  it('points each finding at the page of the PDF, for cells and for sentences', () => {
    const broken = structuredClone(filing);
    const income = broken.tables.find((t) => t.id === 'income')!.sections[0]!;
    income.rows.find((r) => r.key === 'total')!.values['total'] = '9999.99';
    const p = broken.narrative.explanation[2]!.paragraphs;
    p[0] = p[0]!.replace('占75.05%', '占75.13%');
    const report = checkFiling(broken, { provenance: result.provenance });
    const sum = report.findings.find((f) => f.rule === 'within.row-sum' && f.severity === 'error')!;
    expect(sum.locations[0]).toMatchObject({ table: 'income', row: 'total', column: 'total', page: 6 });
    const share = report.findings.find((f) => f.rule === 'text.share' && f.severity === 'error')!;
    const page = result.provenance.text!['/narrative/explanation/2/paragraphs/0']!;
    expect(page).toBeGreaterThan(15);
    expect(share.locations[0]).toMatchObject({ path: '/narrative/explanation/2/paragraphs/0', page });
    // Without the provenance, no page is guessed.
    expect(checkFiling(broken).findings.every((f) => f.locations.every((l) => l.page === undefined))).toBe(true);
  });

  it('gives no accounting error on figures that add up', () => {
    const errors = checkFiling(filing).findings.filter((f) => f.severity === 'error' && !f.rule.startsWith('text.'));
    expect(errors).toEqual([]);
  });
});
