// The import report for people at a terminal: what was read, what was not placed and where, notes.
import type { CellCount, ImportReport, Problem, Where } from '../../import/report.ts';
import type { InputIssue } from '../../core/model/issue.ts';

const where = (w: Where) => [w.page !== undefined ? `page ${w.page}` : undefined, w.line !== undefined ? `line ${w.line}` : undefined, w.sheet ? `sheet ${w.sheet}${w.cell ? ` ${w.cell}` : ''}` : undefined].filter(Boolean).join(', ');

const count = (c: CellCount) => `${c.figures + c.blanks + c.notApplicable} cells (${c.figures} figures, ${c.blanks} blank, ${c.notApplicable} ────)`;

function problem(p: Problem): string {
  const at = where(p);
  return `  ${at ? `${at}: ` : ''}${p.message}${p.text !== undefined && p.text !== '' && !p.message.includes(p.text) ? `\n      text seen: "${p.text}"` : ''}`;
}

export function formatImport(report: ImportReport, issues: readonly InputIssue[]): string {
  const unplaced = report.problems.filter((p) => p.kind === 'unplaced');
  const missing = report.problems.filter((p) => p.kind === 'missing');
  const lines = [
    `Read from ${report.source}: ${count(report.tables)} in the tables; ${count(report.attachment)} in the attachment.`,
    `Not placed: ${unplaced.length}.`,
    ...unplaced.map(problem),
    `Missing: ${missing.length}.`,
    ...missing.map(problem),
  ];
  if (report.notes.length) lines.push(`Notes: ${report.notes.length}.`, ...report.notes.map((n) => `  ${where(n) ? `${where(n)}: ` : ''}${n.message}`));
  if (issues.length) lines.push(`The filing does not validate (${issues.length} problem(s)):`, ...issues.map((i) => `  ${i.path || '/'}: ${plain(i.message)}`));
  return lines.join('\n');
}

/** A schema library's wording in words a department can act on ("Invalid key: Expected \"year\" but received undefined"). */
export function plain(message: string): string {
  const key = /^Invalid key: Expected "([^"]+)" but received undefined$/.exec(message);
  if (key) return `${key[1]} is missing: it was not found in the input`;
  const extra = /^Invalid key: Expected never but received "([^"]+)"$/.exec(message);
  if (extra) return `"${extra[1]}" is not a member the filing has`;
  const type = /^Invalid type: Expected (.+) but received (.+)$/.exec(message);
  if (type) return `expected ${type[1]}, found ${type[2]}`;
  return message;
}
