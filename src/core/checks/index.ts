// The check engine: a filing in, located and graded findings out. Pure: no I/O, no platform API, so the
// Worker (publication, upload dry runs), the command line and the portal all run the same checks.
import type { Filing } from '../model/filing.ts';
import type { Provenance } from '../model/provenance.ts';
import type { Template } from '../templates/types.ts';
import { withPages } from './pages.ts';
import { Context } from './context.ts';
import type { CheckReport, ExtractedFigure, RuleResult } from './finding.ts';
import { RULES } from './rules.ts';
import { textOf, type Figure } from './text/extract.ts';
import { unreadOf } from './text/unread.ts';

export * from './finding.ts';
export { RULES, type RuleId } from './rules.ts';

const ORDER = new Map<string, number>(RULES.map((r, i) => [r.id, i]));

export interface CheckOptions {
  /** Where the figures and the text were printed: each finding then names the page of the department's PDF. */
  readonly provenance?: Provenance;
  /** Check against this template rather than the one the filing names (a layout not registered yet). */
  readonly template?: Template;
}

export function checkFiling(filing: Filing, options: CheckOptions = {}): CheckReport {
  const ctx = new Context(filing, options.template);

  // In report order, but a rule marked `last` (text.unread) after all the others: it needs to know what they used.
  for (const rule of RULES) if (!('last' in rule)) rule.run(ctx);
  for (const rule of RULES) if ('last' in rule) rule.run(ctx);
  const text = textOf(ctx);
  const unread = unreadOf(ctx);

  const sorted = ctx.findings
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => (ORDER.get(a.rule) ?? 0) - (ORDER.get(b.rule) ?? 0) || i - j)
    .map(([f]) => f);
  const findings = options.provenance ? withPages(sorted, options.provenance) : sorted;
  const summary = { error: 0, warning: 0, info: 0, skipped: 0, passed: 0, unread: unread.length };
  const failed = new Set<string>();
  for (const f of findings) {
    summary[f.severity]++;
    if (f.severity === 'error' || f.severity === 'warning') failed.add(f.rule);
  }
  const rules: RuleResult[] = RULES.map(({ id, title }) => {
    const { checked, passed } = ctx.counts(id);
    summary.passed += passed;
    return { id, title, status: failed.has(id) ? 'failed' : checked === 0 ? 'skipped' : 'passed', checked };
  });
  return { findings, rules, summary, extracted: { figures: text.figures.map(toExtracted), unread } };
}

function toExtracted(f: Figure): ExtractedFigure {
  const subject = f.entity.startsWith('grade:') ? `自评等级为“${f.entity.slice(6)}”的项目数` : f.entity === 'projects' ? '项目数' : f.entity;
  return {
    location: f.sentence.location,
    kind: f.kind,
    value: f.printed,
    unit: f.unit,
    subject,
    role: f.role,
    checkedBy: [...f.checkedBy],
    ...(f.checkedBy.length === 0 && f.note ? { note: f.note } : {}),
  };
}
