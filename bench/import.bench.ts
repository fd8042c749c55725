// Importing a report's PDF: importReportPdf in-process (pdfjs reading the pages, then the tables and the
// narrative), and the whole command line run cold, as a department runs it, on three real PDFs
// (test/node/import/fixtures/pdf). Goal: 2,000 ms for a 25-page report.
// Run: node --import tsx bench/import.bench.ts, or npm run bench -- import
//
// In-process: 1 warm-up, then RUNS timed runs per PDF (median, min). Cold: RUNS runs per PDF of
//   node bin/gongkai.js import <pdf> --out <tmp> --department-id x-1 --region-code 310000
// (tsx loading the TypeScript included), and of `gongkai --help` for the start-up alone. The command
// line's exit code is 1 or 2 for these PDFs (the template's placeholders give accounting findings; the
// budgets are no final accounts, so tables are missing), which is no failure here. Whether the command line reads a PDF with importReportPdf
// or with poppler's pdftotext is found out and said (`cliReader`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importReportPdf } from '../src/import/pdf/index.ts';
import { median, report } from './support.ts';

const ROOT = join(import.meta.dirname, '..');
const PDFS = join(ROOT, 'test/node/import/fixtures/pdf');
const FILES = ['shanghai-2024-final-template.pdf', 'putuo-sfj-2026-department-budget.pdf', 'putuo-sfj-2026-unit-budget.pdf'];
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const GOAL_MS = 2000;
const GOAL_PAGES = 25;
const ms = (x: number) => Math.round(x * 10) / 10;
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-bench-import-'));

function cold(args: string[], env: Record<string, string> = {}): { ms: number; status: number | null; stdout: string; stderr: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - start, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Does `gongkai import x.pdf` still go through pdftotext? A pdftotext that is not there tells. */
function cliReader(pdf: string): 'importReportPdf' | 'pdftotext' {
  const r = cold(['import', pdf, '--out', join(tmp, 'probe.json'), '--department-id', 'x-1', '--region-code', '310000'], { GONGKAI_PDFTOTEXT: join(tmp, 'no-such-pdftotext') });
  return /pdftotext/.test(r.stderr) ? 'pdftotext' : 'importReportPdf';
}

/**
 * Loading pdfjs (pdf.mjs and its worker, 3.4 MB) in a fresh process, with and without tsx's loader hooks:
 * the command line runs under tsx, and its hooks see every module, pdfjs's included.
 */
function pdfjsLoad(): { plainNodeMs: number; underTsxMs: number } {
  const probe = join(tmp, 'load-pdfjs.mjs');
  const build = (f: string) => JSON.stringify(pathToFileURL(join(ROOT, 'node_modules/pdfjs-dist/legacy/build', f)).href);
  writeFileSync(probe, `const t = performance.now();\nawait import(${build('pdf.mjs')});\nawait import(${build('pdf.worker.mjs')});\nconsole.log(performance.now() - t);\n`);
  const run = (pre: string[]) => median(Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, [...pre, probe], { cwd: ROOT, encoding: 'utf8' }).trim())));
  return { plainNodeMs: ms(run([])), underTsxMs: ms(run(['--import', 'tsx'])) };
}

let pdftotext = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  pdftotext = false;
}

try {
  const reader = cliReader(join(PDFS, FILES[0]!));
  const startup = Array.from({ length: RUNS }, () => cold(['--help']).ms);
  const results: Record<string, unknown>[] = [];
  for (const file of FILES) {
    const path = join(PDFS, file);
    const bytes = new Uint8Array(readFileSync(path));
    const started = performance.now();
    const first = await importReportPdf(bytes, { sourceName: file, departmentId: 'x-1', regionCode: '310000' }); // warm-up
    const firstMs = performance.now() - started;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await importReportPdf(bytes, { sourceName: file, departmentId: 'x-1', regionCode: '310000' });
      times.push(performance.now() - start);
    }
    const pages = first.provenance.source.pages;
    const entry: Record<string, unknown> = {
      file,
      bytes: bytes.byteLength,
      pages,
      tables: (first.filing.tables as unknown[]).length,
      inProcess: { warmUpMs: ms(firstMs), runs: RUNS, medianMs: ms(median(times)), minMs: ms(Math.min(...times)), medianMsPerPage: ms(median(times) / pages) },
    };
    if (reader === 'pdftotext' && !pdftotext) entry.cli = 'not timed: the command line reads PDFs with pdftotext, which is not installed (apt-get install poppler-utils)';
    else {
      const runs = Array.from({ length: RUNS }, () => cold(['import', path, '--out', join(tmp, 'x.json'), '--department-id', 'x-1', '--region-code', '310000']));
      const bad = runs.find((r) => r.status !== 0 && r.status !== 1 && r.status !== 2);
      if (bad) throw new Error(`gongkai import ${file} failed (exit ${bad.status}): ${bad.stderr.slice(0, 500)}`);
      const t = runs.map((r) => r.ms);
      const med = median(t);
      // The command's start-up does not grow with pages; the reading does: a 25-page estimate adds (or removes)
      // the in-process time of the missing pages, not a share of the whole.
      const perPage = median(times) / pages;
      const for25 = med + perPage * (GOAL_PAGES - pages);
      entry.cli = { runs: RUNS, reader, exitCode: runs[0]!.status, medianMs: ms(med), minMs: ms(Math.min(...t)), estimatedMsFor25Pages: ms(for25), withinGoal: for25 <= GOAL_MS };
    }
    results.push(entry);
    console.log(`${file}: ${pages} pages; in-process median ${ms(median(times))} ms; cold command line ${typeof entry.cli === 'string' ? entry.cli : `median ${(entry.cli as { medianMs: number }).medianMs} ms (${reader})`}`);
  }
  report('import', {
    goalMs: GOAL_MS,
    goalPages: GOAL_PAGES,
    cliReader: reader,
    ...(reader === 'pdftotext' ? { cliNote: 'gongkai import x.pdf still reads the PDF with pdftotext, not importReportPdf: the cold figures are for that path' } : {}),
    cliStartupMedianMs: ms(median(startup)),
    pdfjsLoadMedianMs: pdfjsLoad(),
    node: process.version,
    files: results,
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
