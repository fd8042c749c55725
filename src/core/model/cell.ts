import * as v from 'valibot';
import { DECIMAL_PATTERN, normaliseDecimal } from '../decimal.ts';

/** Printed `────`: the template rules the cell out (06表's 309/311 lines). Not a blank, not a zero. */
export const NOT_APPLICABLE = 'n/a';

const AMOUNT_MESSAGE = 'an amount is a decimal string as printed, such as "1322.38" or "0.00"';

/** A printed figure, kept as an exact decimal string. Safe normalisation only (full-width digits, separators, spaces). */
export const AmountSchema = v.pipe(
  v.string(AMOUNT_MESSAGE),
  v.transform((s) => normaliseDecimal(s) ?? s),
  v.regex(DECIMAL_PATTERN, (issue) => `${AMOUNT_MESSAGE}; got ${JSON.stringify(issue.input)}`),
);

/** A table cell: an amount, `null` for a blank cell (not 0), or "n/a" where the template prints `────`. */
export const CellSchema = v.nullable(
  v.union(
    [v.literal(NOT_APPLICABLE), AmountSchema],
    (issue) =>
      `a cell is a decimal string such as "1322.38", null for a blank cell, or "${NOT_APPLICABLE}" for a printed ────; got ${describe(issue.input)}`,
  ),
);

export type Cell = v.InferOutput<typeof CellSchema>;

function describe(input: unknown): string {
  if (typeof input === 'number') return `the JSON number ${String(input)} (amounts are strings, so that 0.00 and 1322.38 stay exact)`;
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? input.slice(0, 40) + '…' : input);
  return input === undefined ? 'nothing' : typeof input;
}

export function isAmount(cell: Cell | undefined): cell is string {
  return typeof cell === 'string' && cell !== NOT_APPLICABLE;
}
