// Test helpers: write a version's files to a temporary directory, find external tools.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { withBom } from '../../../src/core/render/index.ts';
import type { RenderedFile } from '../../../src/core/render/types.ts';

export function writeVersion(files: readonly RenderedFile[], prefix = 'gongkai-render-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.body);
  }
  return dir;
}

export function body(files: readonly RenderedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no rendered file ${path}; have ${files.map((x) => x.path).join(', ')}`);
  return f.body;
}

/** The binary's path, or null when it is not installed. */
export function which(binary: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function pythonHas(module: string): boolean {
  if (!which('python3')) return false;
  return spawnSync('python3', ['-c', `import ${module}`]).status === 0;
}

/** Run a Python script with a JSON value on stdin; returns its stdout parsed as JSON. */
export function python<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * LibreOffice headless opens the ?bom=1 CSV of 06表 (UTF-8, comma, double quote), saves it as
 * xlsx, and saves that back as CSV; exceljs reads the xlsx. The Chinese names survive both ways.
 */
export async function expectLibreOfficeRoundTrip(files: readonly RenderedFile[]): Promise<void> {
  const soffice = which('soffice') ?? which('libreoffice');
  if (!soffice) throw new Error('LibreOffice is not installed');
  const work = mkdtempSync(join(tmpdir(), 'gongkai-lo-'));
  const profile = `-env:UserInstallation=file://${join(work, 'profile')}`; // a private profile: parallel runs do not collide
  writeFileSync(join(work, 'basic.csv'), withBom(body(files, 'tables/general-budget-basic-expenditure.csv')));
  const run = (...args: string[]) => {
    const r = spawnSync(soffice, ['--headless', '--norestore', profile, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `soffice ${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  // CSV filter options: comma (44), double quote (34), UTF-8 (76), from line 1.
  run('--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', join(work, 'xlsx'), 'basic.csv');
  run('--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', join(work, 'back'), join(work, 'xlsx', 'basic.xlsx'));

  const rows: { name: string }[] = JSON.parse(body(files, 'tables/general-budget-basic-expenditure.json')).rows;
  const expected = rows.map((r) => (/^[-=+@\t\r]/.test(r.name) ? `'${r.name}` : r.name)).map((n) => (n === '' ? null : n));
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(join(work, 'xlsx', 'basic.xlsx'));
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe('id'); // the BOM did not leak into the first header
  const names: unknown[] = [];
  sheet.eachRow((row, n) => {
    // LibreOffice writes mixed-script cells as rich text (one run per font); the text is what matters.
    const value = row.getCell(7).value as unknown;
    const rich = (value as { richText?: { text: string }[] } | null)?.richText;
    if (n > 1) names.push(rich ? rich.map((r) => r.text).join('') : (value ?? null));
  });
  expect(names).toEqual(expected);

  const back = readFileSync(join(work, 'back', 'basic.csv'), 'utf8').replace(/^\uFEFF/, '');
  expect(back.split(/\r?\n/)[0]).toMatch(/^"?id"?,"?section"?/);
  for (const name of expected) if (name) expect(back).toContain(name);
}
