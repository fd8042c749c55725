// What a subject in the text stands for in the tables, section by section. The words are the Ministry's
// script for 情况说明; a subject not listed is left unverified (with the reason), never guessed.
import { isAbsence, sumOf, type Context, type Operand } from '../context.ts';
import type { TableId } from '../../templates/types.ts';
import { attachmentTotal } from '../attachment/figures.ts';
import { expenditureTotalColumn } from '../meaning.ts';
import type { Measure } from './extract.ts';
import type { Scope } from './scope.ts';

export type Resolved = Operand | { unresolved: string };

export function isResolved(r: Resolved): r is Operand {
  return !('unresolved' in r);
}

type Resolver = (ctx: Context, measure: Measure | undefined, entity: string) => Resolved;
type Entry = readonly [RegExp, Resolver];

const NO_BUDGET = { unresolved: 'budgets (年初预算) are not printed in the tables' };

/** A table cell; an empty table reads as zeros (its statement says so), an absent one is unresolved. */
function cell(table: TableId, section: string, row: string, column: string, actualOnly = true): Resolver {
  return (ctx, measure) => {
    if (actualOnly && measure === 'budget') return NO_BUDGET;
    const ref = ctx.use(table, true);
    if (isAbsence(ref)) return { unresolved: ref.reason.en };
    return ctx.cell(ref, section, row, column);
  };
}

/** A table's expenditure total, in whichever column its template keeps it. */
function expenditureTotal(table: TableId): Resolver {
  return (ctx, measure, entity) => {
    const ref = ctx.use(table, true);
    if (isAbsence(ref)) return { unresolved: ref.reason.en };
    const column = expenditureTotalColumn(ref.def);
    return column ? cell(table, 'main', 'total', column)(ctx, measure, entity) : { unresolved: `${table} has no expenditure total column` };
  };
}

function cells(resolvers: readonly Resolver[]): Resolver {
  return (ctx, measure, entity) => {
    const parts = resolvers.map((r) => r(ctx, measure, entity));
    const failed = parts.find((p) => !isResolved(p));
    return failed ?? sumOf(parts as Operand[]);
  };
}

/** 09表: a budget (预算数) or an actual (决算数) column. */
function threePublic(column: string): Resolver {
  return (ctx, measure, entity) => cell('three-public', 'main', 'amounts', `${measure === 'budget' ? 'budget' : 'final'}_${column}`, false)(ctx, measure, entity);
}

function attachment(column: 'budget' | 'paid'): Resolver {
  return (ctx) => attachmentTotal(ctx.filing, column) ?? { unresolved: 'the filing carries no performance attachment' };
}

/** A functional 类/款/项 by name (一般公共服务支出(类)…行政运行(项)), in a coded table. */
function byName(table: TableId, column: string): Resolver {
  return (ctx, measure, entity) => {
    if (measure === 'budget') return NO_BUDGET;
    const ref = ctx.use(table, true);
    if (isAbsence(ref)) return { unresolved: ref.reason.en };
    const segments = entity.split(/（[类款项]）/).map(plainName).filter(Boolean);
    const last = segments[segments.length - 1];
    const rows = ref.sections.get('main')?.section.rows ?? [];
    let found = rows.filter((r) => r.code !== undefined && plainName(r.name) === last);
    if (found.length > 1 && segments.length > 1) {
      found = found.filter((r) => segments.slice(0, -1).every((name) => rows.some((p) => p.code !== undefined && r.code!.startsWith(p.code) && plainName(p.name) === name)));
    }
    if (found.length !== 1) return { unresolved: found.length ? `"${last}" names more than one row` : `no row named "${last}"` };
    return ctx.cell(ref, 'main', found[0]!.code!, column);
  };
}

function plainName(name: string): string {
  return name.replace(/\s+/g, '').replace(/^(?:[一二三四五六七八九十]+、|\d+[.．、]|（[一二三四五六七八九十]+）)/, '').replace(/（(?:类|款|项|辆)）$/, '');
}

const CLASS_LIKE = /支出(?:（[类款项]）)?$|（[类款项]）$|事务$|运行$|服务$/;

const LEXICON: Partial<Record<Scope, readonly Entry[]>> = {
  summary: [
    // Shanghai's script: "…2024年度收入支出总计 X 万元" (the two sides' 总计 are one figure).
    [/收入支出总计$/, cell('income-expenditure', 'income', 'grand_total', 'amount')],
    [/^收入总计$/, cell('income-expenditure', 'income', 'grand_total', 'amount')],
    [/^支出总计$/, cell('income-expenditure', 'expenditure', 'grand_total', 'amount')],
    [/^(?:本年)?收入合计$/, cell('income-expenditure', 'income', 'total_income', 'amount')],
    [/^(?:本年)?支出合计$/, cell('income-expenditure', 'expenditure', 'total_expenditure', 'amount')],
  ],
  income: [
    [/^(?:本年)?收入(?:合计|总计)$/, cell('income', 'main', 'total', 'total')],
    [/^财政拨款收入$/, cell('income', 'main', 'total', 'fiscal_appropriation')],
    [/^上级补助收入$/, cell('income', 'main', 'total', 'superior_subsidy')],
    [/^事业收入$/, cell('income', 'main', 'total', 'business')],
    [/^经营收入$/, cell('income', 'main', 'total', 'operating')],
    [/^附属单位上缴收入$/, cell('income', 'main', 'total', 'affiliated')],
    [/^其他收入$/, cell('income', 'main', 'total', 'other')],
  ],
  expenditure: [
    [/^(?:本年)?支出(?:合计|总计)$/, cell('expenditure', 'main', 'total', 'total')],
    [/^基本支出$/, cell('expenditure', 'main', 'total', 'basic')],
    [/^项目支出$/, cell('expenditure', 'main', 'total', 'project')],
    [/^上缴上级支出$/, cell('expenditure', 'main', 'total', 'remit_superior')],
    [/^经营支出$/, cell('expenditure', 'main', 'total', 'operating')],
    [/^对附属单位补助支出$/, cell('expenditure', 'main', 'total', 'subsidy_affiliated')],
    [CLASS_LIKE, byName('expenditure', 'total')],
  ],
  fiscal: [
    [/财政拨款收入支出总计$/, cell('fiscal-income-expenditure', 'income', 'grand_total', 'amount')],
    [/^财政拨款收入总计$/, cell('fiscal-income-expenditure', 'income', 'grand_total', 'amount')],
    [/^(?:财政拨款)?支出总计$/, cell('fiscal-income-expenditure', 'expenditure', 'grand_total', 'total')],
    [/^财政拨款收入(?:合计)?$/, cell('fiscal-income-expenditure', 'income', 'total_income', 'amount')],
    [/^财政拨款支出(?:合计)?$/, cell('fiscal-income-expenditure', 'expenditure', 'total_expenditure', 'total')],
  ],
  general: [
    [/^一般公共预算财政拨款(?:支出)?$/, cell('general-budget-expenditure', 'main', 'total', 'subtotal')],
    [/^(?:一般公共预算)?财政拨款基本支出$/, cell('general-budget-expenditure', 'main', 'total', 'basic')],
    [/^(?:一般公共预算)?财政拨款项目支出$/, cell('general-budget-expenditure', 'main', 'total', 'project')],
    [CLASS_LIKE, byName('general-budget-expenditure', 'subtotal')],
  ],
  basic: [
    [/^(?:一般公共预算)?财政拨款基本支出$/, cell('general-budget-expenditure', 'main', 'total', 'basic')],
    [/^人员经费(?:合计)?$/, cell('general-budget-basic-expenditure', 'main', 'personnel_total', 'amount')],
    [/^公用经费(?:合计)?$/, cell('general-budget-basic-expenditure', 'main', 'public_total', 'amount')],
  ],
  'government-fund': [[/^政府性基金预算财政拨款(?:支出)?$/, expenditureTotal('government-fund')]],
  'state-capital': [[/^国有资本经营预算财政拨款(?:支出)?$/, expenditureTotal('state-capital')]],
  'three-public': [
    [/^三公经费(?:财政拨款)?(?:支出)?$/, threePublic('total')],
    [/^因公出国（境）费(?:用)?(?:支出)?$/, threePublic('outbound')],
    [/^公务用车购置及运行维护费(?:支出)?$/, threePublic('vehicle_subtotal')],
    [/^公务用车购置(?:费)?(?:支出)?$/, threePublic('vehicle_purchase')],
    [/^公务用车运行维护费(?:支出)?$/, threePublic('vehicle_operation')],
    [/^公务接待费(?:支出)?$/, threePublic('reception')],
  ],
  running: [
    [/^机关运行经费(?:支出)?$/, cells([cell('related-information', 'running_costs', 'administrative', 'value'), cell('related-information', 'running_costs', 'civil_service_managed', 'value')])],
  ],
  procurement: [
    [/^政府采购(?:支出)?总额$/, cell('related-information', 'procurement', 'total', 'value')],
    [/^(?:政府采购)?货物(?:支出)?$/, cell('related-information', 'procurement', 'goods', 'value')],
    [/^(?:政府采购)?工程(?:支出)?$/, cell('related-information', 'procurement', 'works', 'value')],
    [/^(?:政府采购)?服务(?:支出)?$/, cell('related-information', 'procurement', 'services', 'value')],
  ],
  assets: [
    [/^车辆(?:数)?(?:合计)?$/, cell('related-information', 'assets', 'vehicles_total', 'value')],
    [/^副部（省）级及以上领导用车$/, cell('related-information', 'assets', 'vehicles_ministerial', 'value')],
    [/^主要负责人用车$/, cell('related-information', 'assets', 'vehicles_principal', 'value')],
    [/^机要通信用车$/, cell('related-information', 'assets', 'vehicles_confidential', 'value')],
    [/^应急保障用车$/, cell('related-information', 'assets', 'vehicles_emergency', 'value')],
    [/^执法执勤用车$/, cell('related-information', 'assets', 'vehicles_law_enforcement', 'value')],
    [/^特种专业技术用车$/, cell('related-information', 'assets', 'vehicles_special', 'value')],
    [/^离退休干部服务用车$/, cell('related-information', 'assets', 'vehicles_retired', 'value')],
    [/^其他用车$/, cell('related-information', 'assets', 'vehicles_other', 'value')],
    [/以上设备/, cell('related-information', 'assets', 'equipment_over_1m', 'value')],
  ],
  performance: [
    [/(?:到位资金|预算金额|预算指标|预算资金)$/, attachment('budget')],
    [/(?:支出金额|支付金额|执行金额)$/, attachment('paid')],
  ],
};

/** Phrases that name the same figure wherever they appear (the base of a share: 占本年支出合计的…). */
const ANYWHERE: readonly Entry[] = [
  [/^本年支出合计$/, cell('income-expenditure', 'expenditure', 'total_expenditure', 'amount')],
  [/^本年收入合计$/, cell('income-expenditure', 'income', 'total_income', 'amount')],
  [/^政府采购(?:支出)?总额$/, cell('related-information', 'procurement', 'total', 'value')],
];

export function resolve(ctx: Context, scope: Scope, entity: string, measure: Measure | undefined): Resolved {
  if (!entity) return { unresolved: 'no subject could be read' };
  for (const entries of [LEXICON[scope] ?? [], ANYWHERE]) {
    for (const [pattern, resolver] of entries) if (pattern.test(entity)) return resolver(ctx, measure, entity);
  }
  return { unresolved: `no table figure corresponds to "${entity}" here` };
}
