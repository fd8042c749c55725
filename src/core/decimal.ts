// Exact decimals. Amounts travel as canonical decimal strings ("1322.38", "0.00"); arithmetic on
// them goes through exact arithmetic (./exact.ts, on bigint: the checks and the portal alike), never binary floats.

/** Canonical printed decimal: optional minus, no leading zeros, no separators, any precision. */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/;

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B]/g;
const SPACES = /[\s\u00A0\u3000]+/g;
const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Normalise what a report prints into a canonical decimal, where that is safe:
 * full-width digits, stray spaces, thousands separators ("2,940.05"), a leading "+".
 * Returns null when the text is not a number; never guesses.
 */
export function normaliseDecimal(text: string): string | null {
  let s = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(SPACES, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  if (/^-?\.\d/.test(s)) s = s.replace('.', '0.');
  if (/^-?0\d/.test(s)) return null; // "01.5" is not a printed amount
  return DECIMAL_PATTERN.test(s) ? s : null;
}

/** Number of digits after the point as printed ("4.60" → 2, "25" → 0). */
export function scaleOf(printed: string): number {
  const dot = printed.indexOf('.');
  return dot < 0 ? 0 : printed.length - dot - 1;
}
