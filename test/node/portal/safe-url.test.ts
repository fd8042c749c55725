// The portal sets a link only to this origin's paths, fragments, queries, http(s) or mailto.
import { describe, expect, it } from 'vitest';
import { isSafeUrl } from '../../../src/portal/safe-url.ts';

describe('isSafeUrl', () => {
  it('takes this origin\'s paths and the plain schemes', () => {
    for (const ok of ['/v1/datasets/x/2023', '#cell', '?d=x', 'https://example.org/', 'http://127.0.0.1:8787/', 'mailto:a@example.org']) expect(isSafeUrl(ok), ok).toBe(true);
  });
  it('refuses another host written as a path, and scripts', () => {
    for (const bad of ['//evil.example/', '/\\evil.example/', 'javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x']) expect(isSafeUrl(bad), bad).toBe(false);
  });
});
