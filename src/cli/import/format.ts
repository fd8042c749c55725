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
  if (issues.length) lines.push(`The filing does not validate (${issues.length} problem(s)):`, ...issues.map((i) => `  ${i.path || '/'}: ${i.message}`));
  return lines.join('\n');
}
