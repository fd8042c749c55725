// 05/07/08表 against the fund columns of 04表: each prints one kind of appropriation by functional code,
// so its 合计 and each 类 equal the matching column of 04表. A no-data 05/07/08 is skipped only when
// 04表's column is empty too; otherwise it is read as zeros and the gap reported.
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import type { TableId } from '../../templates/types.ts';
import { isAbsence, type Context } from '../context.ts';
import { expenditureTotalColumn } from '../meaning.ts';
import { defineRule, type RuleId } from '../rule.ts';

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

export const rules = [
  defineRule('across.general-budget', '一般公共预算财政拨款支出表与财政拨款总表一致', 'General budget expenditure (05) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[0]!)),
  defineRule('across.government-fund', '政府性基金表与财政拨款总表一致', 'Government fund table (07) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[1]!)),
  defineRule('across.state-capital', '国有资本经营表与财政拨款总表一致', 'State capital table (08) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[2]!)),
] as const;
