// The checks' exact decimals, against big.js as the reference on generated values.
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.ts';

// A small deterministic generator: the same cases on every run.
function* decimals(seed: number, count: number): Generator<string> {
  let x = seed;
  // mulberry32: small, and exact in 32-bit integer arithmetic (a float LCG loses precision and cycles).
  const next = () => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let i = 0; i < count; i++) {
    const whole = String(next() % 10 ** (next() % 9));
    const scale = next() % 5;
    const fraction = scale === 0 ? '' : `.${String(next() % 10 ** scale).padStart(scale, '0')}`;
    yield `${next() % 4 === 0 ? '-' : ''}${whole}${fraction}`;
  }
}

const pairs = (() => {
  const a = [...decimals(7, 400)];
  const b = [...decimals(11, 400)];
  return a.map((x, i) => [x, b[i] as string] as const);
})();

describe('Exact', () => {
  it('adds, subtracts, multiplies and compares exactly as big.js does', () => {
    for (const [x, y] of pairs) {
      const a = Exact.parse(x);
      const b = Exact.parse(y);
      expect(a.plus(b).toFixed(), `${x} + ${y}`).toBe(new Big(x).plus(y).toFixed());
      expect(a.minus(b).toFixed(), `${x} − ${y}`).toBe(new Big(x).minus(y).toFixed());
      expect(a.times(b).toFixed(), `${x} × ${y}`).toBe(new Big(x).times(y).toFixed());
      expect(a.cmp(b), `${x} <=> ${y}`).toBe(new Big(x).cmp(y));
      expect(a.abs().toFixed()).toBe(new Big(x).abs().toFixed());
    }
  });

  it('rounds half away from zero, as big.js does by default', () => {
    for (const [x] of pairs) {
      for (const dp of [0, 1, 2, 6]) expect(Exact.parse(x).toFixed(dp), `${x} to ${dp}`).toBe(new Big(x).toFixed(dp).replace(/^-(0\.?0*)$/, '$1'));
    }
    expect(Exact.parse('2.5').toFixed(0)).toBe('3');
    expect(Exact.parse('-2.5').toFixed(0)).toBe('-3');
    expect(Exact.parse('-0.001').toFixed(2)).toBe('0.00'); // no negative zero
  });

  it('divides to a given number of decimals', () => {
    for (const [x, y] of pairs) {
      if (new Big(y).eq(0)) continue;
      expect(Exact.parse(x).div(Exact.parse(y), 8).toFixed(8), `${x} ÷ ${y}`).toBe(new Big(x).div(y).toFixed(8).replace(/^-(0\.?0*)$/, '$1')); // no negative zero
    }
    expect(() => Exact.parse('1').div(Exact.ZERO, 2)).toThrow(RangeError);
  });

  it('keeps its precision however long the figure', () => {
    const a = Exact.parse('123456789012345678901234567890.123456789');
    expect(a.plus(Exact.parse('0.000000001')).toFixed()).toBe('123456789012345678901234567890.12345679');
    expect(a.minus(a).sign()).toBe(0);
  });

  it('prints without trailing zeros unless asked for decimals', () => {
    expect(Exact.parse('12.00').toFixed()).toBe('12');
    expect(Exact.parse('0.50').toFixed()).toBe('0.5');
    expect(Exact.parse('0.50').toFixed(3)).toBe('0.500');
    expect(Exact.parse('-0.05').toFixed()).toBe('-0.05');
  });

  it('converts units by powers of ten', () => {
    expect(Exact.parse('13223800').shift(-4).toFixed()).toBe('1322.38');
    expect(Exact.parse('1322.38').shift(4).toFixed()).toBe('13223800');
    expect(Exact.parse('1.5').shift(1).toFixed()).toBe('15');
  });

  it('refuses what is not a canonical decimal', () => {
    for (const bad of ['', '1e5', '1,000', ' 1', '1.', '.5', 'NaN', '０', '01']) expect(() => Exact.parse(bad), bad).toThrow(RangeError);
    expect(() => Exact.of(0.5)).toThrow(RangeError);
  });
});
