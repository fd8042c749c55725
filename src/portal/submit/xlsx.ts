// /assets/submit-xlsx.js, loaded by the workspace when a workbook is dropped: exceljs's browser build reads
// the .xlsx into the workbook model, and the importer's own pure code (src/import/workbook) reads the filing.
// The command line does the same with exceljs in Node (src/cli/import/xlsx.ts).
import ExcelJS from 'exceljs';
import type { GridCell, Sheet, Value } from '../../import/workbook/grid.ts';
import { importWorkbook, type WorkbookImportOptions } from '../../import/workbook/read.ts';

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

async function sheetsOf(data: ArrayBuffer): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
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

export async function importXlsx(data: ArrayBuffer, options: WorkbookImportOptions): Promise<{ ok: true; result: ReturnType<typeof importWorkbook> } | { ok: false; message: string }> {
  let sheets: Sheet[];
  try {
    sheets = await sheetsOf(data);
  } catch (e) {
    return { ok: false, message: `not an xlsx workbook: ${(e as Error).message}` };
  }
  return { ok: true, result: importWorkbook(sheets, options) };
}
