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
