// The one list of rules: every rule a rule file defines is in RULES (so that it runs and is reported), once.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/checks/index.ts';

const root = join(import.meta.dirname, '../../../src/core/checks');

describe('the rule registry', () => {
  it('lists every rule defined in document/, within/, across/, text/ and attachment/, each once', async () => {
    const defined: string[] = [];
    for (const dir of ['document', 'within', 'across', 'text', 'attachment']) {
      for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
        const mod = (await import(join(root, dir, file))) as { rule?: { id: string }; rules?: readonly { id: string }[] };
        defined.push(...[mod.rule, ...(mod.rules ?? [])].filter((r) => r !== undefined).map((r) => r.id));
      }
    }
    const listed = RULES.map((r) => r.id);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...defined].sort()).toEqual([...listed].sort());
    expect(listed.length).toBeGreaterThan(40);
  });
});
