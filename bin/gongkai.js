#!/usr/bin/env node
// The command line is TypeScript in src/cli; tsx loads it, so there is no build step.
import { register } from 'tsx/esm/api';

// pdfjs-dist is 5 MB of plain JavaScript (the library and its worker): loaded before tsx's hooks it costs a
// fraction of the time (measured with npm run bench -- import). Later imports get the same modules.
if (process.argv.some((a) => /\.pdf$/i.test(a))) {
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The worker runs in this thread in Node ("fake worker"): handing it over saves pdfjs importing it again.
  globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
}

register();
await import('../src/cli/main.ts');
