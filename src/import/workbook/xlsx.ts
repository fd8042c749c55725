// The workbook model (grid.ts) as an .xlsx file and back, with exceljs: bytes in, bytes out, no I/O. The
// command line (src/cli/import/xlsx.ts) and the department workspace (src/portal/submit/xlsx.ts, with exceljs's
// browser build) both read and write workbooks through it.
import ExcelJS from 'exceljs';
import type { GridCell, Sheet, Value } from './grid.ts';

const THIN = { style: 'thin' as const };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function sheetsToXlsx(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.widths.forEach((w, i) => {
      if (w) ws.getColumn(i + 1).width = w;
    });
    s.rows.forEach((row, r) => {
      row.forEach((g, c) => {
        if (!g) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = g.v;
        if (g.fmt) cell.numFmt = g.fmt;
        if (g.role === 'title') cell.font = { bold: true, size: 14 };
        if (g.role === 'header') {
          cell.font = { bold: true };
          cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
          cell.border = BOX;
        }
        if (g.role === 'label') cell.font = { bold: true };
        if (g.role === 'input') {
          cell.border = BOX;
          // Codes and names are text even when they look like numbers (201 03 01 would become a number).
          if (typeof g.v !== 'number' && !g.fmt) cell.numFmt = '@';
        }
      });
    });
    for (const [t, l, b, r] of s.merges) if (b > t || r > l) ws.mergeCells(t + 1, l + 1, b + 1, r + 1);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A cell's value as the workbook model sees it: formulas by their computed result, rich text as text. */
function valueOf(v: ExcelJS.CellValue): Value | { formula: string } {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((x) => x.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (typeof result === 'number' || typeof result === 'string') return result;
      return { formula: String((v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula) };
    }
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return String(v);
}

export async function xlsxToSheets(data: Uint8Array | ArrayBuffer): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const sheet: Sheet = { name: ws.name, rows: [], merges: [], widths: [] };
    ws.eachRow({ includeEmpty: false }, (row, rn) => {
      row.eachCell({ includeEmpty: false }, (cell, cn) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const v = valueOf(cell.value);
        // A formula without a stored result: nothing to read; the import reports it as text.
        const g: GridCell = typeof v === 'object' && v !== null ? { v: `=${v.formula}` } : { v, ...(cell.numFmt ? { fmt: cell.numFmt } : {}) };
        while (sheet.rows.length < rn) sheet.rows.push([]);
        sheet.rows[rn - 1]![cn - 1] = g;
      });
    });
    return sheet;
  });
}
