// Identical requests at once share one computation, and nothing is kept after it settles.
import { describe, expect, it } from 'vitest';
import { coalescing } from '../../src/worker/coalesce.ts';

describe('coalescing', () => {
  it('runs a computation once for every caller that asks while it runs, and again once it has settled', async () => {
    const shared = coalescing<number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => { const n = ++runs; await gate; return n; };
    const burst = Array.from({ length: 10 }, () => shared('2023|14', compute));
    const other = shared('2023|31', compute);
    release();
    expect(await Promise.all(burst)).toEqual(Array(10).fill(1));
    expect(await other).toBe(2);
    expect(await shared('2023|14', compute)).toBe(3);
  });

  it('shares a failure with the callers of the moment, and forgets it', async () => {
    const shared = coalescing<number>();
    let runs = 0;
    const failing = async () => { runs++; throw new Error('unreachable'); };
    const both = [shared('k', failing), shared('k', failing)];
    for (const p of both) await expect(p).rejects.toThrow('unreachable');
    expect(runs).toBe(1);
    expect(await shared('k', async () => 7)).toBe(7);
  });
});
