// Year over year, exactly: the change against the year before in yuan (fen held as bigint), and the rate in
// percent to two decimals, rounded half away from zero. A zero base has no rate: 基数为0，不可比.
import { Exact } from '../exact.ts';

export const ZERO_BASE_NOTE = '基数为0，不可比';

export interface Point {
  year: number;
  value: string;
  unit: string;
  /** The value in fen where it is money. */
  fen: bigint | null;
}

export interface Change {
  /** In 元 where both years are money; otherwise in the unit both print (null when they differ). */
  yuan: string | null;
  rate: string | null;
  comparable: boolean;
  note: string | null;
}

/** The change from `before` (the year before) to `now`; null when `before` is not the year before. */
export function changeOf(before: Point | undefined, now: Point): Change | null {
  if (!before || before.year !== now.year - 1) return null;
  let from: Exact;
  let to: Exact;
  let yuan: string | null;
  if (before.fen !== null && now.fen !== null) {
    from = Exact.fromUnits(before.fen, 2);
    to = Exact.fromUnits(now.fen, 2);
    yuan = to.minus(from).toFixed(2);
  } else if (before.unit === now.unit) {
    from = Exact.parse(before.value);
    to = Exact.parse(now.value);
    yuan = null;
  } else {
    return { yuan: null, rate: null, comparable: false, note: `${before.unit} 与 ${now.unit} 单位不同，不可比` };
  }
  if (from.sign() === 0) return { yuan, rate: null, comparable: false, note: ZERO_BASE_NOTE };
  return { yuan, rate: to.minus(from).times(100).div(from.abs(), 2).toFixed(2), comparable: true, note: null };
}
