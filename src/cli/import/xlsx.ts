// The workbook on disk for the command line: written and read through src/import/workbook/xlsx.ts.
import type { Sheet } from '../../import/workbook/grid.ts';
import { importWorkbook, type WorkbookImportOptions } from '../../import/workbook/read.ts';
import { xlsxToSheets, sheetsToXlsx } from '../../import/workbook/xlsx.ts';
import { CliError, EXIT } from '../exit.ts';
import { writeFileSafe } from '../files.ts';

export async function writeXlsx(path: string, sheets: readonly Sheet[]): Promise<void> {
  await writeFileSafe(path, await sheetsToXlsx(sheets));
}

export async function importWorkbookFile(path: string, options: WorkbookImportOptions) {
  const { readFile } = await import('node:fs/promises');
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, EXIT.input);
  }
  let sheets: Sheet[];
  try {
    sheets = await xlsxToSheets(data);
  } catch (e) {
    throw new CliError(`${path} is not an xlsx workbook: ${(e as Error).message}`, EXIT.input);
  }
  return importWorkbook(sheets, options);
}
