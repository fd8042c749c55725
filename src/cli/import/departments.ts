// The platform's list of departments, to find a department's id and region code by its printed name.
import { readFile } from 'node:fs/promises';
import type { DepartmentEntry } from '../../import/department.ts';
import { CliError, EXIT } from '../exit.ts';

const DEFAULT = new URL('../../../data/departments.json', import.meta.url);

export async function readDepartments(path?: string): Promise<DepartmentEntry[]> {
  let text: string;
  try {
    text = await readFile(path ?? DEFAULT, 'utf8');
  } catch (e) {
    if (!path && (e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CliError(`cannot read the departments list ${path}: ${(e as Error).message}`, EXIT.input);
  }
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new CliError(`${path ?? 'data/departments.json'} is not a list of departments`, EXIT.input);
  return list.filter((d): d is DepartmentEntry => typeof d?.id === 'string' && typeof d?.name === 'string' && typeof d?.regionCode === 'string');
}
