// A dropped file → a draft filing, in the browser, with the importer's own pure code (src/import): the report
// text here; a PDF (pdfjs-dist) and a workbook (exceljs) through readers built as files of their own
// (/assets/submit-pdf.js, /assets/submit-xlsx.js), loaded the first time they are needed.
import type { Provenance } from '../../core/model/provenance.ts';
import { decodeText } from '../../import/encoding.ts';
import type { ImportOptions, ImportReport } from '../../import/report.ts';
import { importReportText } from '../../import/text/index.ts';
import { t } from '../i18n.ts';

export type SourceKind = 'pdf' | 'xlsx' | 'text';

export interface Draft {
  kind: SourceKind;
  name: string;
  /** The filing as read (it may not validate yet); edited in place by the table editor. */
  filing: Record<string, unknown>;
  report: ImportReport;
  provenance?: Provenance;
  /** The PDF's bytes, to attach to the submission. */
  original?: Uint8Array;
  ms: number;
}

// URLs, not module paths: the bundler leaves them alone, so each reader stays its own file.
const PDF_READER = '/assets/submit-pdf.js';
const XLSX_READER = '/assets/submit-xlsx.js';
let pdfReader: Promise<typeof import('./pdf.ts')> | undefined;
let xlsxReader: Promise<typeof import('./xlsx.ts')> | undefined;
export const loadPdfReader = () => (pdfReader ??= import(PDF_READER) as Promise<typeof import('./pdf.ts')>);
export const loadXlsxReader = () => (xlsxReader ??= import(XLSX_READER) as Promise<typeof import('./xlsx.ts')>);

/** Fetch both readers without waiting for a drop, so that the page goes on working without the network. */
export function warmReaders(): void {
  const go = () => {
    loadPdfReader().catch(() => { pdfReader = undefined; });
    loadXlsxReader().catch(() => { xlsxReader = undefined; });
  };
  if ('requestIdleCallback' in window) requestIdleCallback(go, { timeout: 5000 });
  else setTimeout(go, 2000);
}

export class ImportFailure extends Error {}

export function kindOf(bytes: Uint8Array, name: string): SourceKind {
  const head = String.fromCharCode(...bytes.subarray(0, 5));
  if (head === '%PDF-') return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || /\.xlsx$/i.test(name))) return 'xlsx';
  return 'text';
}

export async function importFile(file: File, options: ImportOptions): Promise<Draft> {
  const started = performance.now();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = kindOf(bytes, file.name);
  const common = { ...options, sourceName: file.name };
  let draft: Omit<Draft, 'ms'>;
  if (kind === 'pdf') {
    const reader = await loadPdfReader();
    // pdfjs detaches what it is given: keep the original for the submission.
    const r = await reader.importPdf(bytes.slice(), common);
    if (!r.ok) throw new ImportFailure(r.reason === 'encrypted' ? t('subPdfEncrypted') : r.reason === 'scanned' ? t('subPdfScanned') : t('subPdfBroken', { why: r.message }));
    draft = { kind, name: file.name, filing: r.result.filing, report: r.result.report, provenance: r.result.provenance, original: bytes };
  } else if (kind === 'xlsx') {
    const reader = await loadXlsxReader();
    const r = await reader.importXlsx(bytes.buffer, common);
    if (!r.ok) throw new ImportFailure(r.message);
    draft = { kind, name: file.name, filing: r.result.filing, report: r.result.report };
  } else {
    let text: string;
    try {
      text = decodeText(bytes).text;
    } catch (e) {
      throw new ImportFailure((e as Error).message);
    }
    const r = importReportText(text, { ...common, sourceKind: 'report-text' });
    draft = { kind, name: file.name, filing: r.filing, report: r.report };
  }
  return { ...draft, ms: Math.round(performance.now() - started) };
}

/** A report (not a workbook) with no table of any template is not a final-account report. */
export function isReport(d: Draft): boolean {
  return d.kind === 'xlsx' || (Array.isArray(d.filing.tables) && d.filing.tables.length > 0);
}
