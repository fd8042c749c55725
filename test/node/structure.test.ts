// The architecture, checked from the imports: no cycle anywhere in src/, no source file over 400 lines,
// the core pure, and adapters that reach each other only through the core.
// Run alone with: npx vitest run test/node/structure.test.ts
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const files = sources(SRC);
const rel = (p: string) => relative(SRC, p).split('\\').join('/');
/** Every relative import (static, type-only, re-export or dynamic), resolved to a file under src/. */
const graph = new Map<string, string[]>(files.map((f) => {
  const text = readFileSync(f, 'utf8');
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2]!);
  const targets = specs.filter((s) => s.startsWith('.')).map((s) => rel(resolve(dirname(f), s)));
  return [rel(f), targets.filter((t) => files.some((x) => rel(x) === t))];
}));

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The layer a file belongs to. The Worker's env.ts (its bindings) and problem/http helpers are its shared kernel. */
function layer(file: string): string {
  if (file.startsWith('core/')) return 'core';
  if (file.startsWith('import/')) return 'import';
  if (file.startsWith('worker/storage/')) return 'storage';
  if (file.startsWith('worker/routes/') || file.startsWith('worker/submission/')) return 'http';
  if (file.startsWith('worker/')) return 'worker';
  if (file.startsWith('cli/')) return 'cli';
  if (file.startsWith('portal/')) return 'portal';
  return 'other';
}

/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  import: ['core'],
  storage: ['core'],
  http: ['core', 'worker'],
  worker: ['core', 'http', 'storage'],
  cli: ['core', 'import'],
  portal: ['core', 'import'],
  other: ['core'],
};

describe('the structure of src/', () => {
  it('reads every source file and its imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle where there is one (so the check above can fail)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('keeps the core pure and the adapters apart: each layer imports only the layers below it', () => {
    const crossings = [...graph].flatMap(([from, tos]) => tos
      .filter((to) => layer(to) !== layer(from) && !ALLOWED[layer(from)]!.includes(layer(to)))
      .map((to) => `${from} → ${to}`));
    expect(crossings).toEqual([]);
  });

  it('the core touches no platform: no Node, Cloudflare or browser module', () => {
    const impure = files.filter((f) => rel(f).startsWith('core/'))
      .filter((f) => /from\s+['"](node:|cloudflare:|fs['"]|path['"])/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(impure).toEqual([]);
  });
});
