// Figures computed for display (shares, changes) from the exact decimal strings a report printed: the
// core's exact arithmetic, never floats. No DOM here: the charts' data and the tests use it too.
import { DECIMAL_PATTERN, scaleOf } from '../core/decimal.ts';
import { Exact } from '../core/exact.ts';

/** A printed amount (not blank, not ────). */
export function isAmount(cell: unknown): cell is string {
  return typeof cell === 'string' && DECIMAL_PATTERN.test(cell);
}

/** part ÷ whole as a percentage, rounded half away from zero, or null when the whole is zero or missing. */
export function percent(part: string | null | undefined, whole: string | null | undefined, decimals = 2): string | null {
  if (!isAmount(part) || !isAmount(whole)) return null;
  const w = Exact.parse(whole);
  if (w.sign() === 0) return null;
  return Exact.parse(part).times(100).div(w, decimals).toFixed(decimals);
}

/** b − a with the sign shown, at the larger of the two printed scales. */
export function difference(a: string, b: string): string {
  const d = Exact.parse(b).minus(Exact.parse(a));
  const text = d.toFixed(Math.max(scaleOf(a), scaleOf(b)));
  return d.sign() > 0 ? `+${text}` : text;
}
