#!/usr/bin/env node
// The command line is TypeScript in src/cli; tsx loads it, so there is no build step.
import { register } from 'tsx/esm/api';

// pdfjs-dist is 3.4 MB of plain JavaScript: loaded before tsx's hooks it costs about 0.2 s instead of 1.3 s
// (measured with npm run bench -- import). The later import gets the same module from the cache.
if (process.argv.some((a) => /\.pdf$/i.test(a))) await import('pdfjs-dist/legacy/build/pdf.mjs');

register();
await import('../src/cli/main.ts');
