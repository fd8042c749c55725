// How far a printed figure may stray from what it should be. The reports are kept in 元 and printed
// in 万元 (本套报表金额单位转换时可能存在尾数误差), so each printed addend carries up to half a cent
// of 万元 of rounding; a percentage carries half a unit of its last printed digit.
import Big from 'big.js';
import { scaleOf } from '../decimal.ts';

export type Grade = 'pass' | 'info' | 'warning' | 'error';

const ZERO = new Big(0);
/** One unit of the last printed digit of a 万元 amount: anything up to it is a rounding note. */
export const INFO_LIMIT = new Big('0.01');
/** Half a unit per rounded addend. */
export const PER_ADDEND = new Big('0.005');

export interface Graded {
  readonly grade: Grade;
  /** The rounding allowance for this comparison: max(0.01, 0.005 × addends). */
  readonly tolerance: Big;
}

/** exact → pass; ≤ 0.01 → info; ≤ 0.005 × (rounded addends) → warning; beyond → error. */
export function gradeAmount(difference: Big, roundedAddends: number): Graded {
  const size = difference.abs();
  const perAddend = PER_ADDEND.times(Math.max(1, roundedAddends));
  const tolerance = perAddend.gt(INFO_LIMIT) ? perAddend : INFO_LIMIT;
  if (size.eq(ZERO)) return { grade: 'pass', tolerance };
  if (size.lte(INFO_LIMIT)) return { grade: 'info', tolerance };
  if (size.lte(perAddend)) return { grade: 'warning', tolerance };
  return { grade: 'error', tolerance };
}

// Ratios need no more than a dozen decimals to be graded against a printed percentage; big.js's
// default of 20 makes every division slower for nothing. A constructor of its own keeps the global default.
const Ratio = Big();
Ratio.DP = 12;

/** part ÷ whole × 100, exactly enough for grading. */
export function percentOf(part: Big, whole: Big): Big {
  return new Ratio(part.toString()).div(whole.toString()).times(100);
}

/** Half a unit of the last printed digit: "50.99" → 0.005, "0" → 0.5. */
export function percentTolerance(printed: string): Big {
  return new Big(5).times(new Big(10).pow(-(scaleOf(printed) + 1)));
}

/**
 * A printed percentage against part ÷ whole × 100 (whole ≠ 0): within half a unit of its last digit passes,
 * more is an error. Graded without dividing, |printed × whole − part × 100| ≤ tolerance × |whole|: exact,
 * and cheaper; the quotient is computed only for a finding.
 */
export function gradeRatio(printed: string, part: Big, whole: Big): Graded {
  const tolerance = percentTolerance(printed);
  const gap = new Big(printed).times(whole).minus(part.times(100)).abs();
  return { grade: gap.lte(tolerance.times(whole.abs())) ? 'pass' : 'error', tolerance };
}
