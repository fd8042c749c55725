// /assets/submit-xlsx.js, loaded by the workspace when a workbook is dropped: exceljs's browser build reads
// the .xlsx into the workbook model, and the importer's own pure code (src/import/workbook) reads the filing.
// The command line reads it with the same code (src/import/workbook/xlsx.ts) and exceljs in Node.
import type { Sheet } from '../../import/workbook/grid.ts';
import { importWorkbook, type WorkbookImportOptions } from '../../import/workbook/read.ts';
import { xlsxToSheets } from '../../import/workbook/xlsx.ts';

export async function importXlsx(data: ArrayBuffer, options: WorkbookImportOptions): Promise<{ ok: true; result: ReturnType<typeof importWorkbook> } | { ok: false; message: string }> {
  let sheets: Sheet[];
  try {
    sheets = await xlsxToSheets(data);
  } catch (e) {
    return { ok: false, message: `not an xlsx workbook: ${(e as Error).message}` };
  }
  return { ok: true, result: importWorkbook(sheets, options) };
}
