import { checkFiling, type CheckReport } from '../../core/checks/index.ts';
import type { Filing } from '../../core/model/filing.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { CliError, EXIT } from '../exit.ts';
import { formatIssues } from '../format.ts';

/** Model and accounting checks, locally, no network. */
export function checkLocal(input: unknown, source: string): { filing: Filing; report: CheckReport } {
  const parsed = parseFiling(input);
  if (!parsed.ok) throw new CliError(`${source} is not a valid filing (${parsed.issues.length} problem(s)):\n${formatIssues(parsed.issues)}`, EXIT.input);
  return { filing: parsed.filing, report: checkFiling(parsed.filing) };
}
