/// <reference path="../../import/pdf/pdfjs-worker.d.ts" />
// /assets/submit-pdf.js, loaded by the workspace when a PDF is dropped: the importer's own PDF reading
// (src/import/pdf, pdfjs-dist positioned text), with pdfjs's worker running from /assets/pdf.worker.js.
import { GlobalWorkerOptions } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfError } from '../../import/pdf/document.ts';
import { importReportPdf, type PdfImportOptions, type PdfImportResult } from '../../import/pdf/index.ts';

// pdfjs's worker: a file of this origin, built beside this one (scripts/build-portal.mjs), nothing fetched from
// elsewhere. Started once, when this reader loads, and given to pdfjs as its port for every document: a worker
// made per document would fetch its script again at each drop, which fails once the page is offline.
GlobalWorkerOptions.workerPort = new Worker('/assets/pdf.worker.js', { type: 'module' });

export type { PdfImportResult };

/** The PDF read in the browser, or the importer's own plain-word refusal (encrypted, broken, scanned). */
export async function importPdf(bytes: Uint8Array, options: PdfImportOptions): Promise<{ ok: true; result: PdfImportResult } | { ok: false; reason: string; message: string }> {
  try {
    return { ok: true, result: await importReportPdf(bytes, options) };
  } catch (e) {
    if (e instanceof PdfError) return { ok: false, reason: e.reason, message: e.message };
    throw e;
  }
}
