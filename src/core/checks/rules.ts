// Every rule the engine runs, in report order: the one list of rules. Adding a rule is one new file (exporting
// `rule`, made with defineRule) and one line here. Ids are stable: findings.json and the portal key on them.
import type { Rule } from './rule.ts';
import * as requiredTables from './document/required-tables.ts';
import * as emptyStatement from './document/empty-statement.ts';
import * as placeholder from './document/placeholder.ts';
import * as year from './document/year.ts';
import * as departmentName from './document/department-name.ts';
import * as unit from './document/unit.ts';
import * as script from './document/script.ts';
import * as contents from './document/contents.ts';
import * as tableOrder from './document/table-order.ts';
import * as punctuation from './document/punctuation.ts';
import * as incomeExpenditure from './within/income-expenditure.ts';
import * as fiscalIncomeExpenditure from './within/fiscal-income-expenditure.ts';
import * as rowSum from './within/row-sum.ts';
import * as parentSum from './within/parent-sum.ts';
import * as basicExpenditureDetail from './within/basic-expenditure-detail.ts';
import * as threePublic from './within/three-public.ts';
import * as relatedInformation from './within/related-information.ts';
import * as incomeTotal from './across/income-total.ts';
import * as expenditureTotal from './across/expenditure-total.ts';
import * as fiscalIncome from './across/fiscal-income.ts';
import * as byFund from './across/by-fund.ts';
import * as basicExpenditure from './across/basic-expenditure.ts';
import * as threePublicAcross from './across/three-public.ts';
import * as runningCosts from './across/running-costs.ts';
import * as amount from './text/amount.ts';
import * as growth from './text/growth.ts';
import * as share from './text/share.ts';
import * as completion from './text/completion.ts';
import * as budget from './text/budget.ts';
import * as priorYear from './text/prior-year.ts';
import * as sum from './text/sum.ts';
import * as direction from './text/direction.ts';
import * as reason from './text/reason.ts';
import * as templatePhrase from './text/template-phrase.ts';
import * as percent from './text/percent.ts';
import * as unread from './text/unread.ts';
import * as attachmentTotals from './attachment/totals.ts';
import * as executionRate from './attachment/execution-rate.ts';
import * as paidWithinBudget from './attachment/paid-within-budget.ts';
import * as grades from './attachment/grades.ts';
import * as counts from './attachment/counts.ts';
import * as projectTotal from './attachment/project-total.ts';

export const RULES = [
  requiredTables.rule,
  emptyStatement.rule,
  placeholder.rule,
  year.rule,
  departmentName.rule,
  unit.rule,
  script.rule,
  contents.rule,
  tableOrder.rule,
  punctuation.rule,

  incomeExpenditure.rule,
  fiscalIncomeExpenditure.rule,
  rowSum.rule,
  parentSum.rule,
  basicExpenditureDetail.rule,
  threePublic.rule,
  relatedInformation.rule,

  incomeTotal.rule,
  expenditureTotal.rule,
  fiscalIncome.rule,
  ...byFund.rules,
  basicExpenditure.rule,
  threePublicAcross.rule,
  runningCosts.rule,

  amount.rule,
  growth.rule,
  share.rule,
  completion.rule,
  budget.rule,
  priorYear.rule,
  sum.rule,
  direction.rule,
  reason.rule,
  templatePhrase.rule,
  percent.rule,
  unread.rule,

  attachmentTotals.rule,
  executionRate.rule,
  paidWithinBudget.rule,
  grades.rule,
  counts.rule,
  projectTotal.rule,
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];
