// The real PDFs the PDF import is tested on (fixtures/pdf, sources in its README), read once per file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toLines } from '../../../../src/import/layout/lines.ts';
import type { Line } from '../../../../src/import/layout/types.ts';
import { readPdf } from '../../../../src/import/pdf/document.ts';

const PDFS = fileURLToPath(new URL('../fixtures/pdf/', import.meta.url));

/** Shanghai's official 2024 final-account template (附件2：部门决算模板); see fixtures/pdf/README.md. */
export const TEMPLATE_PDF = `${PDFS}shanghai-2024-final-template.pdf`;
/** 上海市普陀区司法局 2026年区级部门预算 and its main unit's budget, amounts in 元. */
export const DEPARTMENT_BUDGET_PDF = `${PDFS}putuo-sfj-2026-department-budget.pdf`;
export const UNIT_BUDGET_PDF = `${PDFS}putuo-sfj-2026-unit-budget.pdf`;

const cache = new Map<string, Promise<Line[]>>();
export function pdfLines(path: string): Promise<Line[]> {
  let p = cache.get(path);
  if (!p) cache.set(path, (p = readPdf(new Uint8Array(readFileSync(path))).then(toLines)));
  return p;
}

export function pdfBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
