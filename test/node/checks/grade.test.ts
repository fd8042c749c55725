// The rounding grades, exactly as issue 3 states them.
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { gradeAmount, gradePercent } from '../../../src/core/checks/grade.ts';

const amount = (d: string, n: number) => gradeAmount(new Big(d), n);

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
  it('allows half a unit of its last printed digit', () => {
    expect(gradePercent('50.99', new Big('50.9911')).grade).toBe('pass');
    expect(gradePercent('50.99', new Big('50.995')).grade).toBe('pass');
    expect(gradePercent('50.99', new Big('50.9951')).grade).toBe('error');
    expect(gradePercent('0.04', new Big('0.0395')).grade).toBe('pass');
    expect(gradePercent('0', new Big('0.5')).grade).toBe('pass');
    expect(gradePercent('0', new Big('0.51')).grade).toBe('error');
  });
  it('makes 82.26% against 82.3552% an error', () => {
    expect(gradePercent('82.26', new Big('652.22').div('791.96').times(100))).toMatchObject({ grade: 'error' });
  });
});
