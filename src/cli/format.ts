// Plain words for people at a terminal.
import type { CheckReport, Finding, Location } from '../core/checks/index.ts';
import type { InputIssue } from '../core/model/issue.ts';

export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `  ${i.path || '/'}: ${i.message}`).join('\n');
}

export function formatLocation(l: Location): string {
  const page = l.page !== undefined ? ` (page ${l.page})` : '';
  if ('table' in l) {
    return [l.number ?? l.table, l.section && l.section !== 'main' ? l.section : undefined, l.row, l.line !== undefined ? `行次${l.line}` : undefined, l.column, l.lanci !== undefined ? `栏次${l.lanci}` : undefined]
      .filter(Boolean).join(' ') + page;
  }
  return `${l.part} ${l.path}${page}`;
}

export function formatFinding(f: Finding): string {
  const where = f.locations.slice(0, 3).map(formatLocation).join('; ');
  const numbers = f.expected !== undefined ? ` (expected ${f.expected}, printed ${f.actual ?? '—'}, difference ${f.difference ?? '—'})` : '';
  return `  ${f.severity.toUpperCase().padEnd(7)} ${f.rule} @ ${where}${numbers}\n          ${f.message.zh}\n          ${f.message.en}`;
}

export function formatReport(report: CheckReport): string {
  const s = report.summary;
  const lines = [`Accounting checks: ${s.error} error(s), ${s.warning} warning(s), ${s.info} note(s), ${s.skipped} skipped, ${s.passed} identities held; ${s.unread} sentence(s) with figures not read.`];
  const order = { error: 0, warning: 1, info: 2, skipped: 3 } as const;
  for (const f of [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])) lines.push(formatFinding(f));
  return lines.join('\n');
}
