// gongkai import: a report's PDF, its text or a filled workbook → a filing file (and, from a PDF, the
// provenance of every cell beside it), then the import report and the accounting findings. Exit 2 when
// anything was not placed, 1 when the checks find errors.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { checkFiling, type CheckReport } from '../../core/checks/index.ts';
import { FilingSchema, type Filing } from '../../core/model/filing.ts';
import type { InputIssue } from '../../core/model/issue.ts';
import { parseFiling } from '../../core/model/parse.ts';
import type { ImportReport } from '../../import/report.ts';
import { PdfError } from '../../import/pdf/document.ts';
import { importReportPdf, type Provenance } from '../../import/pdf/index.ts';
import { importReportText } from '../../import/text/index.ts';
import { CliError, EXIT } from '../exit.ts';
import { readText, writeFileSafe } from '../files.ts';
import { formatReport } from '../format.ts';
import { readDepartments } from './departments.ts';
import { formatImport } from './format.ts';
import { pdfToText } from './pdf.ts';

export interface ImportOptions {
  out?: string;
  departmentId?: string;
  regionCode?: string;
  template?: string;
  departments?: string;
  /** For a PDF: read it through poppler's pdftotext instead of its positioned text. */
  pdftotext?: boolean;
  /** For a PDF: pdftotext -layout (implies pdftotext). */
  layout?: boolean;
  /** Where to write the provenance of a PDF's cells (default: beside the filing, .provenance.json). */
  provenance?: string;
}

export interface ImportOutcome {
  readonly filing: Record<string, unknown>;
  readonly report: ImportReport;
  readonly issues: InputIssue[];
  readonly checks?: CheckReport;
  readonly out: string;
  readonly provenanceOut?: string;
  readonly exitCode: number;
  readonly text: string;
}

export async function runImport(file: string, o: ImportOptions): Promise<ImportOutcome> {
  const ext = extname(file).toLowerCase();
  const departments = await readDepartments(o.departments);
  const common = {
    sourceName: basename(file),
    ...(o.departmentId ? { departmentId: o.departmentId } : {}),
    ...(o.regionCode ? { regionCode: o.regionCode } : {}),
    ...(o.template ? { template: o.template } : {}),
    departments,
  };
  let provenance: Provenance | undefined;
  let result: { filing: Record<string, unknown>; report: ImportReport };
  // exceljs is loaded only for a workbook: it costs a PDF or text import half a second of start-up.
  if (ext === '.xlsx') result = await (await import('./xlsx.ts')).importWorkbookFile(file, common);
  else if (ext === '.pdf' && !o.pdftotext && !o.layout) {
    const pdf = await importPdfFile(file, common);
    result = pdf;
    provenance = pdf.provenance;
  } else {
    result = importReportText(ext === '.pdf' ? await pdfToText(file, o.layout) : await readText(file), { ...common, sourceKind: ext === '.pdf' ? 'report-pdf' : 'report-text' });
  }

  // A report (PDF or text) with no table of any template is not a final-account report at all (a PDF of
  // something else): said so, nothing written. A workbook's import report already names what it lacks.
  if (ext !== '.xlsx' && (!Array.isArray(result.filing.tables) || result.filing.tables.length === 0)) throw notAReport(file, result.report, o.template);

  const parsed = parseFiling(result.filing);
  const issues = parsed.ok ? [] : parsed.issues;
  // The checks need a well-formed filing; one that only misses tables of its template can still be checked.
  let checks: CheckReport | undefined;
  const shaped = parsed.ok ? parsed.filing : v.safeParse(FilingSchema, result.filing).output;
  if (parsed.ok || v.safeParse(FilingSchema, result.filing).success) checks = checkFiling(shaped as Filing, provenance ? { provenance } : {});

  const out = outputPath(file, o.out);
  await writeFileSafe(out, JSON.stringify(parsed.ok ? parsed.filing : result.filing, null, 2) + '\n');
  const provenanceOut = provenance ? (o.provenance ?? out.replace(/(\.filing)?\.json$/i, '') + '.provenance.json') : undefined;
  if (provenance && provenanceOut) await writeFileSafe(provenanceOut, JSON.stringify(provenance, null, 2) + '\n');
  const lines = [formatImport(result.report, issues)];
  lines.push(checks ? formatReport(checks) : 'Accounting checks: not run (the filing is not well formed; see above).');
  lines.push(`${parsed.ok ? 'Filing' : 'Draft filing (it does not validate)'} written to ${out}.`);
  if (provenanceOut) lines.push(`Where each figure was printed (page and position): ${provenanceOut}.`);
  const exitCode = result.report.problems.length > 0 || !parsed.ok ? EXIT.input : checks && checks.summary.error > 0 ? EXIT.findings : EXIT.ok;
  return { filing: result.filing, report: result.report, issues, ...(checks ? { checks } : {}), out, ...(provenanceOut ? { provenanceOut } : {}), exitCode, text: lines.join('\n') };
}

async function importPdfFile(file: string, options: Parameters<typeof importReportPdf>[1]) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT.input);
  }
  try {
    return await importReportPdf(bytes, options);
  } catch (e) {
    if (e instanceof PdfError) throw new CliError(`${file}: ${e.message}`, EXIT.input);
    throw e;
  }
}

/**
 * Where the filing goes: `<name>.filing.json` in the working directory (never beside the input, which may be
 * in a repository or a read-only place), or --out: a file, or a directory (existing, or written with a
 * trailing /) to put that name in.
 */
export function outputPath(file: string, out: string | undefined, cwd = process.cwd()): string {
  const name = basename(file, extname(file)) + '.filing.json';
  if (out === undefined) return join(cwd, name);
  const isDir = out.endsWith('/') || out.endsWith(sep) || (() => {
    try {
      return statSync(resolve(cwd, out)).isDirectory();
    } catch {
      return false;
    }
  })();
  return isDir ? join(out, name) : out;
}

function notAReport(file: string, report: ImportReport, template: string | undefined): CliError {
  const read = report.tables.figures + report.attachment.figures;
  return new CliError(
    `${basename(file)} is not a departmental final-account report (部门决算): no table of ${template ? `the ${template} template` : 'any template'} was found in it`
      + ` (such as 收入支出决算总表, 公开01表)${read ? `, only ${read} figure(s) outside any table` : ''}. Nothing was written.`
      + ` If it is a report, it may print its tables under other titles: say which template it follows with --template, or fill the workbook (gongkai template) and import that.`,
    EXIT.input,
  );
}
