// RFC 4180 CSV writing. Records end with CRLF (the RFC's line break, and what Excel writes);
// the last record ends with CRLF too. Fields are quoted only when they must be.

export const CSV_LINE_BREAK = '\r\n';

/** The byte-order mark that makes Excel (Chinese Windows above all) read the file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** Add the UTF-8 BOM for `?bom=1`; idempotent. */
export function withBom(csv: string): string {
  return csv.startsWith(UTF8_BOM) ? csv : UTF8_BOM + csv;
}

// OWASP "CSV injection": a spreadsheet runs a cell that begins with one of these as a formula.
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * Neutralise a text cell against formula injection by prefixing an apostrophe. For text columns
 * only: amounts are never passed here, so a negative amount stays "-1.00".
 */
export function neutraliseText(text: string): string {
  return FORMULA_LEAD.test(text) ? `'${text}` : text;
}

/** Quote a field when it holds a comma, a double quote, CR or LF (RFC 4180 §2.6–2.7). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CSV_LINE_BREAK;
}
