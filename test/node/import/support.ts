// Shared by the import tests: the seed, running the command line, and deep comparison messages.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Filing } from '../../../src/core/model/filing.ts';
import type { DepartmentEntry } from '../../../src/import/department.ts';

export const ROOT = join(import.meta.dirname, '../../..');
export const SEED_TEXT_PATH = join(ROOT, 'data/seed/report-2023.txt');
export const SEED_TEXT = readFileSync(SEED_TEXT_PATH, 'utf8');
export const SEED_PATH = join(ROOT, 'data/filings/140602-xzspfwglj/2023.json');
export const SEED = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as Filing;
export const DEPARTMENTS = JSON.parse(readFileSync(join(ROOT, 'data/departments.json'), 'utf8')) as DepartmentEntry[];
export const FIXTURES = join(import.meta.dirname, 'fixtures');

const run = promisify(execFile);

export async function gongkai(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

/** The seed's lines with some replaced: a broken report made by editing a copy. */
export function editSeed(edit: (lines: string[]) => string[]): string {
  return edit(SEED_TEXT.split('\n')).join('\n');
}

export const lineOf = (text: string, needle: string | RegExp): number =>
  text.split('\n').findIndex((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l))) + 1;
