// The templates added as data work through every path without code of their own: a Shanghai-template
// filing round-trips through its workbook exactly, and a Beijing filing validates, refused by name when it
// lacks one of its twelve tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { BEIJING, SHANGHAI_2024, templateById } from '../../../src/core/templates/index.ts';
import { sheetsToXlsx, xlsxToSheets } from '../../../src/import/workbook/xlsx.ts';
import { importWorkbook } from '../../../src/import/workbook/read.ts';
import { filingWorkbook } from '../../../src/import/workbook/write.ts';

const SHANGHAI = JSON.parse(readFileSync(join(import.meta.dirname, '../checks/fixtures/shanghai-sample-2024.json'), 'utf8')) as Filing;

describe('templates as data', () => {
  it('a Shanghai-template filing → its workbook → the same figures', async () => {
    const parsed = parseFiling(SHANGHAI);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
    const bytes = await sheetsToXlsx(filingWorkbook(templateById(SHANGHAI_2024.id)!, parsed.filing));
    const back = importWorkbook(await xlsxToSheets(bytes), { sourceName: 'x.xlsx' });
    expect(back.report.problems).toEqual([]);
    const cells = (f: Filing) => f.tables.flatMap((t) => t.sections.flatMap((s) => s.rows.flatMap((r) => Object.entries(r.values).map(([k, v]) => `${t.id}/${s.id}/${r.key ?? r.code}/${k}=${v}`))));
    expect(cells(back.filing as unknown as Filing).sort()).toEqual(cells(parsed.filing).sort());
  });

  it('a Beijing filing carries its twelve tables, and is refused by name without 政府采购情况表', () => {
    const empty = BEIJING.tables.map((t) => ({
      id: t.id, ...(t.number ? { number: t.number } : {}), title: t.title, unit: '万元',
      sections: t.sections.map((s) => ({ id: s.id, columns: s.columns.map((c) => ({ key: c.key, title: c.title })), rows: [] })),
      statement: '说明：本表无数据。',
    }));
    const filing = { ...SHANGHAI, template: BEIJING.id, tables: empty };
    expect(parseFiling(filing).ok).toBe(true);
    const without = parseFiling({ ...filing, tables: empty.filter((t) => t.id !== 'procurement') });
    expect(without.ok).toBe(false);
    expect(JSON.stringify(!without.ok && without.issues)).toContain('requires table \\"procurement\\" (表11 政府采购情况表)');
  });
});
