// Duplicate keys in a JSON text: JSON.parse keeps the last silently; a signed filing must be unambiguous.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/core/json-keys.ts';

const seed = readFileSync(new URL('../../data/filings/140602-xzspfwglj/2023.json', import.meta.url), 'utf8');

/** A slow, obviously right reference: parse every object's members with a tiny recursive-descent reader. */
function reference(text: string): string | null {
  let i = 0;
  let found: string | null = null;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const k = str();
        if (keys.has(k) && found === null) found = k;
        keys.add(k);
        ws();
        i++; // :
        value();
        ws();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') str();
    else while (i < text.length && !/[,\]}\s]/.test(text[i]!)) i++;
  };
  value();
  return found;
}

/** JSON texts written member by member, so that a key may repeat (JSON.stringify never writes one twice). */
function* generated(seedNumber: number, count: number): Generator<string> {
  let x = seedNumber;
  // mulberry32: small, and exact in 32-bit integer arithmetic (a float LCG loses precision and cycles).
  const next = (n: number) => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const keys = ['a', 'b', 'é', '名称', 'a"b', 'a\\b', 'x\ny'];
  const spelled = (k: string) => (next(4) === 0 && k === 'a' ? '"\\u0061"' : JSON.stringify(k)); // "a" also written escaped
  const write = (depth: number): string => {
    const kind = depth > 3 ? next(3) : next(5);
    if (kind === 0) return String(next(100));
    if (kind === 1) return JSON.stringify(keys[next(keys.length)]! + '"\\{}[],:');
    if (kind === 2) return 'null';
    if (kind === 3) return `[${Array.from({ length: next(4) }, () => write(depth + 1)).join(', ')}]`;
    return `{${Array.from({ length: next(4) }, () => `${spelled(keys[next(keys.length)]!)}: ${write(depth + 1)}`).join(',\n ')}}`;
  };
  for (let n = 0; n < count; n++) yield write(0);
}

describe('duplicateKey', () => {
  it('finds none in the seed filing, and the one added to it', () => {
    expect(duplicateKey(seed)).toBeNull();
    expect(duplicateKey(seed.replace('"year": 2023', '"year": 2023, "year": 2024'))).toBe('year');
  });

  it('compares keys as JSON means them: escapes decoded, other objects apart', () => {
    expect(duplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
    expect(duplicateKey('{"a\\"":1,"a\\u0022":2}')).toBe('a"');
    expect(duplicateKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeNull();
    expect(duplicateKey('{"s":"\\\\","t":"\\"{\\"","s":0}')).toBe('s');
    expect(duplicateKey('["a","a",{"x":"a","y":"a"}]')).toBeNull();
  });

  it('agrees with a slow reference reader on generated texts', () => {
    let duplicates = 0;
    for (const text of generated(5, 600)) {
      JSON.parse(text); // every case is valid JSON
      const expected = reference(text);
      if (expected !== null) duplicates++;
      expect(duplicateKey(text), text).toBe(expected);
    }
    expect(duplicates).toBeGreaterThan(20); // the generator does make duplicates
  });
});
