// Which column a figure stands under: figure clusters matched to the header's columns in order.
import { gap, overlap, type HeaderCell } from './header.ts';
import type { Chunk } from './types.ts';

/**
 * Figure clusters (x intervals of figures that overlap across rows) matched in order to the header's
 * figure columns, by least distance; a cluster no header column takes becomes a column of its own.
 */
export function matchColumns(clusters: readonly { x0: number; x1: number }[], heads: readonly HeaderCell[]): ({ x0: number; x1: number; head?: HeaderCell })[] {
  const n = clusters.length;
  const m = heads.length;
  const UNMATCHED = 1e6;
  const cost = (i: number, j: number) => {
    const o = overlap(clusters[i]!, heads[j]!);
    return o > 0 ? -o : gap(clusters[i]!, heads[j]!);
  };
  // dp[i][j]: clusters < i placed using heads < j.
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const how: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  dp[0]![0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = dp[i]![j]!;
      if (!Number.isFinite(here)) continue;
      if (j < m && here < dp[i]![j + 1]!) { dp[i]![j + 1] = here; how[i]![j + 1] = 0; } // head j has no figures
      if (i < n && here + UNMATCHED < dp[i + 1]![j]!) { dp[i + 1]![j] = here + UNMATCHED; how[i + 1]![j] = 1; } // cluster without head
      if (i < n && j < m && here + cost(i, j) < dp[i + 1]![j + 1]!) { dp[i + 1]![j + 1] = here + cost(i, j); how[i + 1]![j + 1] = 2; }
    }
  }
  const out: ({ x0: number; x1: number; head?: HeaderCell })[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const h = how[i]![j]!;
    if (h === 0) { out.push({ ...heads[j - 1]!, head: heads[j - 1]! }); j--; }
    else if (h === 1) { out.push({ ...clusters[i - 1]! }); i--; }
    else {
      const c = clusters[i - 1]!;
      const head = heads[j - 1]!;
      out.push({ x0: Math.min(c.x0, head.x0), x1: Math.max(c.x1, head.x1), head });
      i--; j--;
    }
  }
  return out.reverse();
}

export function clustersOf(chunks: readonly Chunk[]): { x0: number; x1: number }[] {
  const sorted = [...chunks].sort((a, b) => a.x0 - b.x0);
  const out: { x0: number; x1: number }[] = [];
  for (const c of sorted) {
    const last = out.at(-1);
    if (last && c.x0 < last.x1) last.x1 = Math.max(last.x1, c.x1);
    else out.push({ x0: c.x0, x1: c.x1 });
  }
  return out;
}

/** The column a figure stands under: the one it overlaps most, else the nearest, on its side. */
export function nearestColumn(columns: readonly { side: number; x0: number; x1: number }[], side: number, c: Chunk): number {
  let best = -1;
  let score = -Infinity;
  columns.forEach((col, i) => {
    if (col.side !== side) return;
    const o = overlap(col, c);
    const s = o > 0 ? o : -gap(col, c);
    if (s > score) {
      score = s;
      best = i;
    }
  });
  return best;
}
