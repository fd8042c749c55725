// Exact decimal arithmetic for the checks: a value is an integer number of units at a decimal scale
// (1322.38 = 132238 × 10⁻²), held as a bigint, so no binary float ever enters a sum and no precision
// is lost however many digits a filing prints. The check engine makes thousands of sums per filing;
// native bigint addition is some twenty times cheaper than a digit-array library.
import { DECIMAL_PATTERN } from './decimal.ts';

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 40; i++, p *= 10n) POW10.push(p);

function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}


export class Exact {
  static readonly ZERO = new Exact(0n, 0);

  private constructor(
    /** The value × 10^scale. */
    readonly units: bigint,
    /** Decimals carried: the printed precision of a parsed figure, the finest of an operation's operands. */
    readonly scale: number,
  ) {}

  /** A canonical decimal string ("1322.38", "-0.5", "25"); anything else throws, as it is a programming error. */
  static parse(printed: string): Exact {
    if (!DECIMAL_PATTERN.test(printed)) throw new RangeError(`not a canonical decimal: ${JSON.stringify(printed)}`);
    const dot = printed.indexOf('.');
    if (dot < 0) return new Exact(BigInt(printed), 0);
    return new Exact(BigInt(printed.slice(0, dot) + printed.slice(dot + 1)), printed.length - dot - 1);
  }

  /** An integer (a count, a percentage's 100). */
  static of(n: number | bigint): Exact {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return new Exact(BigInt(n), 0);
  }

  /** `units` × 10^−scale. */
  static fromUnits(units: bigint, scale: number): Exact {
    return new Exact(units, scale);
  }

  private at(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  plus(other: Exact): Exact {
    if (other.units === 0n) return this;
    if (this.units === 0n && this.scale <= other.scale) return other;
    const scale = Math.max(this.scale, other.scale);
    return new Exact(this.at(scale) + other.at(scale), scale);
  }

  minus(other: Exact): Exact {
    const scale = Math.max(this.scale, other.scale);
    return new Exact(this.at(scale) - other.at(scale), scale);
  }

  times(other: Exact | number): Exact {
    const o = typeof other === 'number' ? Exact.of(other) : other;
    return new Exact(this.units * o.units, this.scale + o.scale);
  }

  /** Scaled by 10^n (a unit conversion: 元 → 万元 is n = −4). */
  shift(n: number): Exact {
    if (n < 0) return new Exact(this.units, this.scale - n);
    return n <= this.scale ? new Exact(this.units, this.scale - n) : new Exact(this.units * pow10(n - this.scale), 0);
  }

  /** this ÷ other, rounded half away from zero to `dp` decimals. */
  div(other: Exact, dp: number): Exact {
    if (other.units === 0n) throw new RangeError('division by zero');
    // this/other = (u₁·10^−s₁)/(u₂·10^−s₂); at dp decimals: u₁·10^(dp+s₂−s₁) / u₂, rounded.
    const e = dp + other.scale - this.scale;
    let num = this.units;
    let den = other.units;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
    return new Exact(roundedQuotient(num, den), dp);
  }

  neg(): Exact {
    return new Exact(-this.units, this.scale);
  }

  abs(): Exact {
    return this.units < 0n ? this.neg() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.units < 0n ? -1 : this.units > 0n ? 1 : 0;
  }

  cmp(other: Exact | number): -1 | 0 | 1 {
    const o = typeof other === 'number' ? Exact.of(other) : other;
    if (this.scale === o.scale) return this.units < o.units ? -1 : this.units > o.units ? 1 : 0;
    const scale = Math.max(this.scale, o.scale);
    const a = this.at(scale);
    const b = o.at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Exact | number): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: Exact | number): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Exact | number): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: Exact | number): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Exact | number): boolean {
    return this.cmp(other) >= 0;
  }

  /**
   * Plain notation. With `dp`, exactly that many decimals, rounded half away from zero; without, every
   * significant decimal and no trailing zero ("12.00" → "12", "0.50" → "0.5").
   */
  toFixed(dp?: number): string {
    let units = this.units;
    let scale = this.scale;
    if (dp === undefined) {
      while (scale > 0 && units % 10n === 0n) {
        units /= 10n;
        scale--;
      }
    } else if (dp < scale) {
      units = roundedQuotient(units, pow10(scale - dp));
      scale = dp;
    } else if (dp > scale) {
      units *= pow10(dp - scale);
      scale = dp;
    }
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const body = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
    return negative ? `-${body}` : body;
  }

  toString(): string {
    return this.toFixed();
  }
}

/** num ÷ den rounded half away from zero. */
function roundedQuotient(num: bigint, den: bigint): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num - q * den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= den) return num < 0n ? q - 1n : q + 1n;
  return q;
}
