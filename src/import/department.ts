// The department's id and region code are not printed in a report; they come from the caller or from
// the platform's list of departments (data/departments.json), matched by the printed name.
import { squash } from './text/lines.ts';

export interface DepartmentEntry {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
  readonly units?: readonly string[];
}

export function lookupDepartment(list: readonly DepartmentEntry[], name: string): DepartmentEntry | undefined {
  const key = squash(name);
  return list.find((d) => squash(d.name) === key);
}

/** The department's id and region code: given, or from the list by the printed name; what is missing is said with the flags to give. */
interface Given {
  readonly departmentId?: string;
  readonly regionCode?: string;
  readonly departments?: readonly DepartmentEntry[];
}

interface Says {
  missing(where: { place: string }, message: string): void;
  note(where: { place: string }, message: string): void;
}

export function resolveDepartment(name: string | undefined, options: Given, rec: Says): { id?: string; regionCode?: string } {
  const entry = name ? lookupDepartment(options.departments ?? [], name) : undefined;
  const id = options.departmentId ?? entry?.id;
  const regionCode = options.regionCode ?? entry?.regionCode;
  const who = name ?? 'the department';
  if (!id) rec.missing({ place: 'department' }, `the department id is not printed in a report: give --department-id (for example --department-id 310000-xxj; ${who} is not in data/departments.json)`);
  if (!regionCode) rec.missing({ place: 'department' }, `the region code (行政区划代码) is not printed in a report: give --region-code (six digits, for example --region-code 310107; ${who} is not in data/departments.json)`);
  if (entry && !options.departmentId) rec.note({ place: 'department' }, `${name}: id ${entry.id} and region code ${entry.regionCode} from data/departments.json`);
  return { ...(id ? { id } : {}), ...(regionCode ? { regionCode } : {}) };
}
