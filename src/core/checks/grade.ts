// How far a printed figure may stray from what it should be. The reports are kept in 元 and printed
// in 万元 (本套报表金额单位转换时可能存在尾数误差), so each printed addend carries up to half a cent
// of 万元 of rounding; a percentage carries half a unit of its last printed digit.
import { scaleOf } from '../decimal.ts';
import { Exact } from '../exact.ts';

export type Grade = 'pass' | 'info' | 'warning' | 'error';

/** One unit of the last printed digit of a 万元 amount: anything up to it is a rounding note. */
export const INFO_LIMIT = Exact.parse('0.01');
/** Half a unit per rounded addend. */
export const PER_ADDEND = Exact.parse('0.005');

export interface Graded {
  readonly grade: Grade;
  /** The rounding allowance for this comparison: max(0.01, 0.005 × addends). */
  readonly tolerance: Exact;
}

/** exact → pass; ≤ 0.01 → info; ≤ 0.005 × (rounded addends) → warning; beyond → error. */
export function gradeAmount(difference: Exact, roundedAddends: number): Graded {
  const size = difference.abs();
  const perAddend = PER_ADDEND.times(Math.max(1, roundedAddends));
  const tolerance = perAddend.gt(INFO_LIMIT) ? perAddend : INFO_LIMIT;
  if (size.sign() === 0) return { grade: 'pass', tolerance };
  if (size.lte(INFO_LIMIT)) return { grade: 'info', tolerance };
  if (size.lte(perAddend)) return { grade: 'warning', tolerance };
  return { grade: 'error', tolerance };
}

/** Decimals a recomputed ratio carries: enough to show any printed percentage's precision plus two. */
const RATIO_DP = 12;

/** part ÷ whole × 100, to twelve decimals (rounded half away from zero): exactly enough for a finding. */
export function percentOf(part: Exact, whole: Exact): Exact {
  return part.times(100).div(whole, RATIO_DP);
}

/** Half a unit of the last printed digit: "50.99" → 0.005, "0" → 0.5. */
export function percentTolerance(printed: string): Exact {
  return Exact.fromUnits(5n, scaleOf(printed) + 1);
}

/**
 * A printed percentage against part ÷ whole × 100 (whole ≠ 0): within half a unit of its last digit passes,
 * more is an error. Graded without dividing, |printed × whole − part × 100| ≤ tolerance × |whole|: exact,
 * and cheaper; the quotient is computed only for a finding.
 */
export function gradeRatio(printed: string, part: Exact, whole: Exact): Graded {
  const tolerance = percentTolerance(printed);
  const gap = Exact.parse(printed).times(whole).minus(part.times(100)).abs();
  return { grade: gap.lte(tolerance.times(whole.abs())) ? 'pass' : 'error', tolerance };
}
