// RFC 4180 CSV writing. Records end with CRLF (the RFC's line break, and what Excel writes);
// the last record ends with CRLF too. Fields are quoted only when they must be.
import { BIDI_OR_INVISIBLE_CHARS } from '../model/key.ts';

export const CSV_LINE_BREAK = '\r\n';

/** The byte-order mark that makes Excel (Chinese Windows above all) read the file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** Add the UTF-8 BOM for `?bom=1`; idempotent. */
export function withBom(csv: string): string {
  return csv.startsWith(UTF8_BOM) ? csv : UTF8_BOM + csv;
}

// OWASP "CSV injection": a spreadsheet runs a cell as a formula when it begins with = + - @ (or their
// full-width forms, which Excel and LibreOffice fold to ASCII), and it skips leading blanks, control and
// invisible characters to find that character. A cell that begins with tab, CR or LF is prefixed too.
const LINE_LEAD = /^[\t\r\n]/;
const SKIPPED = new RegExp(`^[\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u180E${BIDI_OR_INVISIBLE_CHARS}]+`);
const FORMULA_LEAD = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66]/;

/** Whether a spreadsheet could read this text cell as a formula. */
export function looksLikeFormula(text: string): boolean {
  return LINE_LEAD.test(text) || FORMULA_LEAD.test(text.replace(SKIPPED, ''));
}

/**
 * Neutralise a text cell against formula injection by prefixing an apostrophe. For text columns
 * only: amounts are never passed here, so a negative amount stays "-1.00".
 */
export function neutraliseText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** Quote a field when it holds a comma, a double quote, CR or LF (RFC 4180 §2.6–2.7). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CSV_LINE_BREAK;
}
