// The check engine: a filing in, located and graded findings out. Pure: no I/O, no platform API, so the
// Worker (publication, upload dry runs), the command line and the portal all run the same checks.
import type { Filing } from '../model/filing.ts';
import type { Provenance } from '../model/provenance.ts';
import { withPages } from './pages.ts';
import { checkPaidWithinBudget } from './attachment/paid-within-budget.ts';
import { checkCounts } from './attachment/counts.ts';
import { checkExecutionRate } from './attachment/execution-rate.ts';
import { checkGrades } from './attachment/grades.ts';
import { checkProjectTotal } from './attachment/project-total.ts';
import { checkAttachmentTotals } from './attachment/totals.ts';
import { checkBasicExpenditure } from './across/basic-expenditure.ts';
import { checkByFund } from './across/by-fund.ts';
import { checkExpenditureTotal } from './across/expenditure-total.ts';
import { checkFiscalIncome } from './across/fiscal-income.ts';
import { checkIncomeTotal } from './across/income-total.ts';
import { checkRunningCosts } from './across/running-costs.ts';
import { checkThreePublicAcross } from './across/three-public.ts';
import { Context } from './context.ts';
import { checkDepartmentName } from './document/department-name.ts';
import { checkEmptyStatements } from './document/empty-statement.ts';
import { checkPlaceholders } from './document/placeholder.ts';
import { checkPunctuation } from './document/punctuation.ts';
import { checkScript } from './document/script.ts';
import { checkContents } from './document/contents.ts';
import { checkTableOrder } from './document/table-order.ts';
import { checkRequiredTables } from './document/required-tables.ts';
import { checkUnits } from './document/unit.ts';
import { checkYears } from './document/year.ts';
import type { CheckReport, ExtractedFigure, RuleResult } from './finding.ts';
import { RULES } from './rules.ts';
import { checkTextAmounts } from './text/amount.ts';
import { checkCompletion } from './text/completion.ts';
import { checkDirections } from './text/direction.ts';
import { checkPercents } from './text/percent.ts';
import { checkReasons } from './text/reason.ts';
import { checkTemplatePhrases } from './text/template-phrase.ts';
import { extractText, type Figure } from './text/extract.ts';
import { checkGrowth } from './text/growth.ts';
import { checkShares } from './text/share.ts';
import { checkTextSums } from './text/sum.ts';
import { checkUnread } from './text/unread.ts';
import { checkBasicExpenditureDetail } from './within/basic-expenditure-detail.ts';
import { checkFiscalIncomeExpenditure } from './within/fiscal-income-expenditure.ts';
import { checkIncomeExpenditure } from './within/income-expenditure.ts';
import { checkParentSums } from './within/parent-sum.ts';
import { checkRelatedInformation } from './within/related-information.ts';
import { checkRowSums } from './within/row-sum.ts';
import { checkThreePublic } from './within/three-public.ts';

export * from './finding.ts';
export { RULES, type RuleId } from './rules.ts';

const ORDER = new Map<string, number>(RULES.map((r, i) => [r.id, i]));

export interface CheckOptions {
  /** Where the figures and the text were printed: each finding then names the page of the department's PDF. */
  readonly provenance?: Provenance;
}

export function checkFiling(filing: Filing, options: CheckOptions = {}): CheckReport {
  const ctx = new Context(filing);

  checkRequiredTables(ctx);
  checkEmptyStatements(ctx);
  checkPlaceholders(ctx);
  checkYears(ctx);
  checkDepartmentName(ctx);
  checkUnits(ctx);
  checkScript(ctx);
  checkContents(ctx);
  checkTableOrder(ctx);
  checkPunctuation(ctx);

  checkIncomeExpenditure(ctx);
  checkFiscalIncomeExpenditure(ctx);
  checkRowSums(ctx);
  checkParentSums(ctx);
  checkBasicExpenditureDetail(ctx);
  checkThreePublic(ctx);
  checkRelatedInformation(ctx);

  checkIncomeTotal(ctx);
  checkExpenditureTotal(ctx);
  checkFiscalIncome(ctx);
  checkByFund(ctx);
  checkBasicExpenditure(ctx);
  checkThreePublicAcross(ctx);
  checkRunningCosts(ctx);

  const text = extractText(filing);
  checkTextAmounts(ctx, text);
  checkGrowth(ctx, text);
  checkShares(ctx, text);
  checkCompletion(ctx, text);
  checkTextSums(ctx, text);
  checkDirections(ctx, text);
  checkReasons(ctx);
  checkTemplatePhrases(ctx);
  checkPercents(ctx, text);

  checkAttachmentTotals(ctx);
  checkPaidWithinBudget(ctx);
  checkExecutionRate(ctx, text);
  checkGrades(ctx);
  checkCounts(ctx, text);
  checkProjectTotal(ctx);

  const unread = checkUnread(ctx, text); // last: it needs to know what every other rule used

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
