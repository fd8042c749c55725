// The rounding grades, exactly as issue 3 states them.
import { describe, expect, it } from 'vitest';
import { gradeAmount, gradeRatio, percentOf, percentTolerance } from '../../../src/core/checks/grade.ts';
import { Exact } from '../../../src/core/exact.ts';

const Big = (d: string) => Exact.parse(d);

const amount = (d: string, n: number) => gradeAmount(Big(d), n);

describe('grading an amount difference', () => {
  it('passes only an exact match', () => {
    expect(amount('0', 1).grade).toBe('pass');
    expect(amount('0.001', 1).grade).toBe('info');
  });
  it('notes up to 0.01 as info, whatever the number of addends', () => {
    expect(amount('0.01', 1)).toMatchObject({ grade: 'info' });
    expect(amount('-0.01', 2).grade).toBe('info');
    expect(amount('0.011', 2).grade).toBe('error');
  });
  it('warns within 0.005 per rounded addend, beyond 0.01', () => {
    expect(amount('0.02', 4)).toMatchObject({ grade: 'warning' });
    expect(amount('0.02', 4).tolerance.toFixed()).toBe('0.02');
    expect(amount('0.025', 5).grade).toBe('warning');
    expect(amount('0.026', 5).grade).toBe('error');
    expect(amount('0.02', 3).grade).toBe('error');
  });
  it('reports 0.01 as the tolerance where the addends allow less', () => {
    expect(amount('1', 1)).toMatchObject({ grade: 'error' });
    expect(amount('1', 1).tolerance.toFixed()).toBe('0.01');
  });
});

describe('grading a percentage', () => {
  const ratio = (printed: string, part: string, whole: string) => gradeRatio(printed, Big(part), Big(whole)).grade;
  it('allows half a unit of its last printed digit', () => {
    expect(ratio('50.99', '446.58', '875.80')).toBe('pass'); // 50.9911…
    expect(ratio('50.99', '50.995', '100')).toBe('pass');
    expect(ratio('50.99', '50.9951', '100')).toBe('error');
    expect(ratio('0.04', '0.01', '25.29')).toBe('pass'); // 0.0395…
    expect(ratio('0', '0.5', '100')).toBe('pass');
    expect(ratio('0', '0.51', '100')).toBe('error');
    expect(ratio('100.00', '1322.38', '1322.38')).toBe('pass');
  });
  it('makes 82.26% against 652.22 / 791.96 = 82.3552% an error', () => {
    expect(gradeRatio('82.26', Big('652.22'), Big('791.96'))).toMatchObject({ grade: 'error' });
    expect(ratio('82.36', '652.22', '791.96')).toBe('pass');
  });
  it('reports half a unit of the last digit as the tolerance', () => {
    expect(percentTolerance('50.99').toFixed()).toBe('0.005');
    expect(percentTolerance('0').toFixed()).toBe('0.5');
    expect(percentTolerance('12.3').toFixed()).toBe('0.05');
  });
  it('recomputes the quotient for a finding', () => {
    expect(percentOf(Big('652.22'), Big('791.96')).toFixed(4)).toBe('82.3552');
  });
});
