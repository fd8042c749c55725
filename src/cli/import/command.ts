// gongkai import: a report's text, its PDF or a filled workbook → a filing file, then the import report
// and the accounting findings. Exit 2 when anything was not placed, 1 when the checks find errors.
import { basename, extname } from 'node:path';
import * as v from 'valibot';
import { checkFiling, type CheckReport } from '../../core/checks/index.ts';
import { FilingSchema, type Filing } from '../../core/model/filing.ts';
import type { InputIssue } from '../../core/model/issue.ts';
import { parseFiling } from '../../core/model/parse.ts';
import type { ImportReport } from '../../import/report.ts';
import { importReportText } from '../../import/text/index.ts';
import { EXIT } from '../exit.ts';
import { readText, writeFileSafe } from '../files.ts';
import { formatReport } from '../format.ts';
import { readDepartments } from './departments.ts';
import { formatImport } from './format.ts';
import { pdfToText } from './pdf.ts';
import { importWorkbookFile } from './xlsx.ts';

export interface ImportOptions {
  out?: string;
  departmentId?: string;
  regionCode?: string;
  template?: string;
  departments?: string;
  layout?: boolean;
}

export interface ImportOutcome {
  readonly filing: Record<string, unknown>;
  readonly report: ImportReport;
  readonly issues: InputIssue[];
  readonly checks?: CheckReport;
  readonly out: string;
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
  const result = ext === '.xlsx'
    ? await importWorkbookFile(file, common)
    : importReportText(ext === '.pdf' ? await pdfToText(file, o.layout) : await readText(file), { ...common, sourceKind: ext === '.pdf' ? 'report-pdf' : 'report-text' });

  const parsed = parseFiling(result.filing);
  const issues = parsed.ok ? [] : parsed.issues;
  // The checks need a well-formed filing; one that only misses tables of its template can still be checked.
  let checks: CheckReport | undefined;
  const shaped = parsed.ok ? parsed.filing : v.safeParse(FilingSchema, result.filing).output;
  if (parsed.ok || v.safeParse(FilingSchema, result.filing).success) checks = checkFiling(shaped as Filing);

  const out = o.out ?? file.slice(0, file.length - ext.length) + '.filing.json';
  await writeFileSafe(out, JSON.stringify(parsed.ok ? parsed.filing : result.filing, null, 2) + '\n');
  const lines = [formatImport(result.report, issues)];
  lines.push(checks ? formatReport(checks) : 'Accounting checks: not run (the filing is not well formed; see above).');
  lines.push(`${parsed.ok ? 'Filing' : 'Draft filing (it does not validate)'} written to ${out}.`);
  const exitCode = result.report.problems.length > 0 || !parsed.ok ? EXIT.input : checks && checks.summary.error > 0 ? EXIT.findings : EXIT.ok;
  return { filing: result.filing, report: result.report, issues, ...(checks ? { checks } : {}), out, exitCode, text: lines.join('\n') };
}
