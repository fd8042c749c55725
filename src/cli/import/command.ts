// gongkai import: a report's PDF, its text or a filled workbook → a filing file (and, from a PDF, the
// provenance of every cell beside it), then the import report and the accounting findings. Exit 2 when
// anything was not placed, 1 when the checks find errors.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
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

  const parsed = parseFiling(result.filing);
  const issues = parsed.ok ? [] : parsed.issues;
  // The checks need a well-formed filing; one that only misses tables of its template can still be checked.
  let checks: CheckReport | undefined;
  const shaped = parsed.ok ? parsed.filing : v.safeParse(FilingSchema, result.filing).output;
  if (parsed.ok || v.safeParse(FilingSchema, result.filing).success) checks = checkFiling(shaped as Filing, provenance ? { provenance } : {});

  const out = o.out ?? file.slice(0, file.length - ext.length) + '.filing.json';
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
