// 05/07/08表 against the fund columns of 04表: each prints one kind of appropriation by functional code,
// so its 合计 and each 类 equal the matching column of 04表. A no-data 05/07/08 is skipped only when
// 04表's column is empty too; otherwise it is read as zeros and the gap reported. The expenditure total is
// found by meaning in each table's layout (05表 小计, Shanxi's 08表 合计, Shanghai's 本年支出 小计).
import { FUNCTIONAL_CLASSES_2023 } from '../../classification/functional.ts';
import { isAbsence, type Context } from '../context.ts';
import type { Meaning } from '../meaning.ts';
import { defineRule, type RuleId } from '../rule.ts';

interface ByFund {
  readonly rule: RuleId;
  readonly total: Meaning;
  readonly fund: string;
}

/** Each table's expenditure total against 04表's fund column. */
export const BY_FUND: readonly ByFund[] = [
  { rule: 'across.general-budget', total: 'general.total', fund: 'general_budget' },
  { rule: 'across.government-fund', total: 'government-fund.total', fund: 'government_fund' },
  { rule: 'across.state-capital', total: 'state-capital.total', fund: 'state_capital' },
];

function checkOne(ctx: Context, { rule, total, fund }: ByFund): void {
  const fiscal = ctx.figures(rule, ['fiscal.expenditure.fund', 'fiscal.expenditure.class.fund']);
  if (!fiscal) return;
  const own = ctx.figures(rule, [total], true);
  if (!own) return;
  const pairs = [
    [own(total, { row: 'total' }), fiscal('fiscal.expenditure.fund', { fund })] as const,
    ...FUNCTIONAL_CLASSES_2023.map(({ code }) => [own(total, { row: code }), fiscal('fiscal.expenditure.class.fund', { code, fund })] as const),
  ];
  const laid = ctx.meaning(total, true);
  if (!isAbsence(laid) && !laid.ref.hasData && pairs.every(([, f]) => f.value.eq(0))) {
    const empty = ctx.meaning(total);
    if (isAbsence(empty)) return ctx.skipFor(rule, empty);
  }
  for (const [a, b] of pairs) ctx.compare(rule, a, b);
}

export const rules = [
  defineRule('across.general-budget', '一般公共预算财政拨款支出表与财政拨款总表一致', 'General budget expenditure (05) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[0]!)),
  defineRule('across.government-fund', '政府性基金表与财政拨款总表一致', 'Government fund table (07) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[1]!)),
  defineRule('across.state-capital', '国有资本经营表与财政拨款总表一致', 'State capital table (08) agrees with the fiscal summary (04)', (ctx) => checkOne(ctx, BY_FUND[2]!)),
] as const;
