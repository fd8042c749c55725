// 05/07/08表 against the fund columns of 04表: each prints one kind of appropriation by functional code,
// so its 合计 and each 类 equal the matching column of 04表. A no-data 05/07/08 is skipped only when
// 04表's column is empty too; otherwise it is read as zeros and the gap reported.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import type { TableId } from '../../templates/types.ts';
import { isAbsence, type Context } from '../context.ts';
import { expenditureTotalColumn } from '../meaning.ts';
import type { RuleId } from '../rules.ts';

interface ByFund {
  readonly rule: RuleId;
  readonly table: TableId;
  readonly fund: string;
}

/** Each table's expenditure total (whichever column its template keeps it in) against 04表's fund column. */
export const BY_FUND: readonly ByFund[] = [
  { rule: 'across.general-budget', table: 'general-budget-expenditure', fund: 'general_budget' },
  { rule: 'across.government-fund', table: 'government-fund', fund: 'government_fund' },
  { rule: 'across.state-capital', table: 'state-capital', fund: 'state_capital' },
];

export function checkByFund(ctx: Context): void {
  for (const spec of BY_FUND) checkOne(ctx, spec);
}

function checkOne(ctx: Context, { rule, table, fund }: ByFund): void {
  const fiscal = ctx.use('fiscal-income-expenditure');
  if (isAbsence(fiscal)) return ctx.skipFor(rule, fiscal);
  const own = ctx.use(table, true);
  if (isAbsence(own)) return ctx.skipFor(rule, own);
  const column = expenditureTotalColumn(own.def);
  if (!column) return ctx.skip(rule, [{ table }], { zh: `模板中${own.def.title}无支出合计栏`, en: `${own.def.title} has no expenditure total column in its template` });
  const fiscalLines = [['total', 'total_expenditure'] as const, ...FUNCTIONAL_CLASSES_2023.map((c) => [c.code, `class_${c.code}`] as const)];
  const pairs = fiscalLines.map(([row, line]) => [ctx.cell(own, 'main', row, column), ctx.cell(fiscal, 'expenditure', line, fund)] as const);
  if (!own.hasData && pairs.every(([, f]) => f.value.eq(0))) {
    const empty = ctx.use(table);
    if (isAbsence(empty)) return ctx.skipFor(rule, empty);
  }
  for (const [a, b] of pairs) ctx.compare(rule, a, b);
}
