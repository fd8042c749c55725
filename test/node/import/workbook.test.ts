// Workbooks: `gongkai template` writes one in the tables' layout; filled with the seed's figures (as a
// person would, by the printed labels) it imports to the seed filing; filing → workbook → filing is exact.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { templateById } from '../../../src/core/templates/index.ts';
import { importWorkbook } from '../../../src/import/workbook/read.ts';
import { filingWorkbook } from '../../../src/import/workbook/write.ts';
import { sheetsToXlsx, xlsxToSheets } from '../../../src/import/workbook/xlsx.ts';
import { fillWorkbook } from './fill.ts';
import { FIXTURES, SEED, gongkai } from './support.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
});

const roundTrip = async (filing: Filing) => {
  const bytes = await sheetsToXlsx(filingWorkbook(templateById(filing.template)!, filing));
  return importWorkbook(await xlsxToSheets(bytes), { sourceName: 'x.xlsx' });
};

describe('workbooks', () => {
  it('gongkai template writes one sheet per table in the official layout, and the department, 绩效自评 and text sheets', async () => {
    const r = await gongkai(['template', '--template', 'shanxi-2023', '--year', '2023', '--out', 'template.xlsx'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'template.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门', ...Array.from({ length: 10 }, (_, i) => `公开${String(i + 1).padStart(2, '0')}表`), '绩效自评', '文字']);
    const t1 = wb.getWorksheet('公开01表')!;
    const values = (ws: ExcelJS.Worksheet) => {
      const out: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value))));
      return out;
    };
    expect(t1.getCell('A1').value).toBe('收入支出决算总表');
    expect(values(t1)).toEqual(expect.arrayContaining(['公开01表', '部门名称', '金额单位', '收入', '支出', '项目', '行次', '栏次', '一般公共预算财政拨款收入', '31', '62', '总计']));
    expect(t1.getCell('E3').value).toBeNull();
    const t2 = wb.getWorksheet('公开02表')!;
    expect(values(t2)).toEqual(expect.arrayContaining(['科目代码', '科目名称', '本年收入合计', '其他收入', '栏次', '1', '7', '合计', '注', '说明']));
    expect(t2.getCell('C7').numFmt).toBe('0.00');
    const t9 = wb.getWorksheet('公开09表')!;
    expect(values(t9)).toEqual(expect.arrayContaining(['预算数', '决算数', '公务接待费', '12']));
    const nine = await gongkai(['template', '--template', 'nine-table', '--year', '2024', '--out', 'nine.xlsx'], dir);
    expect(nine.code).toBe(0);
    const bad = await gongkai(['template', '--template', 'no-such', '--year', '2023'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown template "no-such"');
  });

  it('a template filled with the seed\'s figures imports to the seed filing', async () => {
    const filled = await fillWorkbook(readFileSync(join(dir, 'template.xlsx')), SEED);
    writeFileSync(join(dir, 'filled.xlsx'), filled);
    const r = await gongkai(['import', 'filled.xlsx', '--out', 'filled.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Not placed: 0.');
    expect(r.stdout).toContain('Missing: 0.');
    expect(r.code).toBe(1); // imported whole; the seed's real errors (预算支出进度) are findings
    const back = JSON.parse(readFileSync(join(dir, 'filled.json'), 'utf8'));
    expect(back).toEqual({ ...SEED, source: { kind: 'workbook', name: 'filled.xlsx' } });
  });

  it('filing → workbook → filing is exact, for the seed and for the nine- and eight-table shapes', async () => {
    const seed = await roundTrip(SEED);
    expect(seed.report.problems).toEqual([]);
    expect(seed.filing).toEqual(SEED);
    for (const name of ['nine-table', 'eight-table']) {
      const f = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Filing;
      const r = await roundTrip(f);
      expect(r.filing, name).toEqual(f);
      expect(parseFiling(r.filing)).toMatchObject({ ok: true });
    }
  });

  it('keeps what the cells show: a figure typed with its format, 0 apart from blank, ──── as not applicable', async () => {
    const f = structuredClone(SEED);
    const s = f.tables.find((t) => t.id === 'expenditure')!.sections[0]!;
    s.rows[5]!.values.basic = '0';
    s.rows[6]!.values.basic = '0.000';
    const r = await roundTrip(f);
    const back = (r.filing.tables as Filing['tables']).find((t) => t.id === 'expenditure')!.sections[0]!;
    expect(back.rows[5]!.values.basic).toBe('0');
    expect(back.rows[6]!.values.basic).toBe('0.000');
    expect(back.rows[5]!.values.remit_superior).toBeNull();
  });

  it('text where a figure belongs is reported with its sheet and cell, and left out; exit 2', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'filled.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('公开03表')!;
    let at = '';
    ws.eachRow((row, r) => {
      if (String(row.getCell(1).value) === '2010301') {
        row.getCell(5).value = '见附表';
        at = `E${r}`;
      }
    });
    writeFileSync(join(dir, 'text-cell.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = await gongkai(['import', 'text-cell.xlsx', '--out', 'text-cell.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Not placed: 1.');
    expect(r.stdout).toContain(`sheet 公开03表 ${at}: 公开03表 2010301 project: "见附表" is not a figure; left out`);
    const back = JSON.parse(readFileSync(join(dir, 'text-cell.json'), 'utf8'));
    const row = back.tables.find((t: { id: string }) => t.id === 'expenditure').sections[0].rows.find((x: { code?: string }) => x.code === '2010301');
    expect(row.values).not.toHaveProperty('project');
    expect(row.values.basic).toBe('277.25');
  });

  it('a workbook not made by template, or not a workbook at all, is refused in plain words', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    await wb.xlsx.writeFile(join(dir, 'other.xlsx'));
    const other = await gongkai(['import', 'other.xlsx', '--out', 'other.json'], dir);
    expect(other.code).toBe(2);
    expect(other.stdout).toContain('the workbook has no sheet "部门"');
    writeFileSync(join(dir, 'fake.xlsx'), 'not a zip');
    const fake = await gongkai(['import', 'fake.xlsx'], dir);
    expect(fake.code).toBe(2);
    expect(fake.stderr).toContain('fake.xlsx is not an xlsx workbook');
  });
});
