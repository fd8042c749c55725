// A PDF's positioned text with pdfjs-dist, in Node and in the browser alike: the bytes in, pages of runs
// out. No file system here: the caller reads the file (the command line) or the drop (the portal).
import type { Page, Run } from '../layout/types.ts';

export type PdfFailure = 'encrypted' | 'broken' | 'scanned';

/** A PDF that cannot be imported, and why, in words a department can act on. */
export class PdfError extends Error {
  constructor(readonly reason: PdfFailure, message: string) {
    super(message);
    this.name = 'PdfError';
  }
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
// The legacy build runs on Node 20 and in every browser the portal supports. Without a DOM (Node) pdfjs
// runs its worker in this thread: given the worker module, it does not import it again by URL.
const load = () =>
  (pdfjs ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown; document?: unknown };
    if (g.document === undefined && g.pdfjsWorker === undefined) g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })());

/** Reads every page's text runs. Throws PdfError for an encrypted, broken or image-only PDF. */
export async function readPdf(bytes: Uint8Array): Promise<Page[]> {
  const lib = await load();
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    // A copy, and a plain Uint8Array (a Node Buffer is refused, and its slice() is a view): pdfjs detaches what it is given.
    doc = await lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new PdfError('encrypted', 'the PDF is encrypted (it asks for a password); publish or import an unprotected copy');
    throw new PdfError('broken', `the file is not a readable PDF: ${(e as Error).message}`);
  }
  try {
    const pages: Page[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      // Device space (y down, the page's /Rotate applied): a landscape table on a rotated page reads as printed.
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items as TextItemLike[]) {
        if (typeof item.str !== 'string' || item.str.trim() === '') continue;
        const [a, b, c, d, e, f] = lib.Util.transform(viewport.transform, item.transform) as [number, number, number, number, number, number];
        // Text set left to right as the reader sees it; a rotated stamp or a vertical label is not a table's text.
        if (a <= 0 || Math.abs(b) > a * 0.1) continue;
        const size = Math.hypot(c, d) || item.height;
        runs.push(...splitRun(item.str, n, e, f, item.width * viewport.scale, size));
      }
      const width = viewport.width;
      const height = viewport.height;
      pages.push({ number: n, width, height, runs });
    }
    if (pages.length > 0 && pages.every((p) => p.runs.length === 0)) {
      throw new PdfError('scanned', `the PDF has no text layer (${pages.length} page(s) of images): it is scanned and needs OCR before it can be imported`);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * One item may hold several cells: "204   06   01", or a figure run into the next cell's name
 * ("96,282,213.44一、公共安全支出"). It is split at runs of two or more spaces and where a figure meets
 * Chinese text; each piece is placed by its share of the item's width, a Chinese character counting as two
 * Latin ones (the font's advances are not known here).
 */
export function splitRun(str: string, page: number, x: number, y: number, width: number, size: number): Run[] {
  const text = str.replace(/\u00a0/g, ' ');
  const weights = [...text].map((ch) => (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const at = (i: number) => x + (width * weights.slice(0, i).reduce((a, b) => a + b, 0)) / total;
  const out: Run[] = [];
  const chars = [...text];
  const pieces = /\S+(?: \S+)*/g;
  const joined = chars.join('');
  for (let m = pieces.exec(joined); m; m = pieces.exec(joined)) {
    const from = [...joined.slice(0, m.index)].length;
    // Figure ↔ Chinese boundaries inside the piece, with or without one space between.
    const piece = [...m[0]];
    const cuts = [0];
    const re = /(?<=\d\.\d{1,2}) ?(?=[\u3400-\u9fff（(])|(?<=[\u3400-\u9fff）)]) ?(?=[-−]?\d[\d,]*\.\d{1,2}(?: |$))/g;
    const flat = piece.join('');
    for (let c = re.exec(flat); c; c = re.exec(flat)) {
      cuts.push([...flat.slice(0, c.index)].length);
      if (c[0] === '') re.lastIndex++;
    }
    cuts.push(piece.length);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const part = piece.slice(cuts[k], cuts[k + 1]).join('');
      const lead = [...part].length - [...part.trimStart()].length;
      const t = part.trim();
      if (t === '') continue;
      const start = from + cuts[k]! + lead;
      out.push({ text: t, page, x0: at(start), x1: at(start + [...t].length), y, size });
    }
  }
  return out;
}
