// What a subject in the text stands for in the tables, section by section. The words are the Ministry's
// script for 情况说明; a subject not listed is left unverified (with the reason), never guessed.
import { isAbsence, sumOf, type Context, type Operand } from '../context.ts';
import { attachmentTotal } from '../attachment/figures.ts';
import type { Meaning, Params } from '../meaning.ts';
import type { Measure } from './extract.ts';
import type { Scope } from './scope.ts';

export type Resolved = Operand | { unresolved: string };

export function isResolved(r: Resolved): r is Operand {
  return !('unresolved' in r);
}

type Resolver = (ctx: Context, measure: Measure | undefined, entity: string) => Resolved;
type Entry = readonly [RegExp, Resolver];

const NO_BUDGET = { unresolved: 'budgets (年初预算) are not printed in the tables' };

/** A figure by its meaning, in the template's layout; an empty table reads as zeros (its statement says so), an absent one is unresolved. */
function fig(meaning: Meaning, params: Params = {}, actualOnly = true): Resolver {
  return (ctx, measure) => {
    if (actualOnly && measure === 'budget') return NO_BUDGET;
    const laid = ctx.meaning(meaning, true);
    if (isAbsence(laid)) return { unresolved: laid.reason.en };
    return ctx.figure(laid, params);
  };
}

const TOTAL = { row: 'total' };

function cells(resolvers: readonly Resolver[]): Resolver {
  return (ctx, measure, entity) => {
    const parts = resolvers.map((r) => r(ctx, measure, entity));
    const failed = parts.find((p) => !isResolved(p));
    return failed ?? sumOf(parts as Operand[]);
  };
}

/** 三公: a budget (预算数) or an actual (决算数), wherever the template prints it. */
function threePublic(item: string): Resolver {
  return (ctx, measure, entity) => fig(measure === 'budget' ? 'three-public.budget' : 'three-public.final', { item }, false)(ctx, measure, entity);
}

function attachment(column: 'budget' | 'paid'): Resolver {
  return (ctx) => attachmentTotal(ctx.filing, column) ?? { unresolved: 'the filing carries no performance attachment' };
}

/** A functional 类/款/项 by name (一般公共服务支出(类)…行政运行(项)), in a coded table, in the column of a meaning. */
function byName(meaning: Meaning): Resolver {
  return (ctx, measure, entity) => {
    if (measure === 'budget') return NO_BUDGET;
    const laid = ctx.meaning(meaning, true);
    if (isAbsence(laid)) return { unresolved: laid.reason.en };
    const ref = laid.ref;
    const segments = entity.split(/（[类款项]）/).map(plainName).filter(Boolean);
    const last = segments[segments.length - 1];
    const rows = ref.sections.get('main')?.section.rows ?? [];
    let found = rows.filter((r) => r.code !== undefined && plainName(r.name) === last);
    if (found.length > 1 && segments.length > 1) {
      found = found.filter((r) => segments.slice(0, -1).every((name) => rows.some((p) => p.code !== undefined && r.code!.startsWith(p.code) && plainName(p.name) === name)));
    }
    if (found.length !== 1) return { unresolved: found.length ? `"${last}" names more than one row` : `no row named "${last}"` };
    return ctx.figure(laid, { row: found[0]!.code! });
  };
}

function plainName(name: string): string {
  return name.replace(/\s+/g, '').replace(/^(?:[一二三四五六七八九十]+、|\d+[.．、]|（[一二三四五六七八九十]+）)/, '').replace(/（(?:类|款|项|辆)）$/, '');
}

const CLASS_LIKE = /支出(?:（[类款项]）)?$|（[类款项]）$|事务$|运行$|服务$/;

const LEXICON: Partial<Record<Scope, readonly Entry[]>> = {
  summary: [
    // Shanghai's script: "…2024年度收入支出总计 X 万元" (the two sides' 总计 are one figure).
    [/收入支出总计$/, fig('summary.income.grand-total')],
    [/^收入总计$/, fig('summary.income.grand-total')],
    [/^支出总计$/, fig('summary.expenditure.grand-total')],
    [/^(?:本年)?收入合计$/, fig('summary.income.total')],
    [/^(?:本年)?支出合计$/, fig('summary.expenditure.total')],
  ],
  income: [
    [/^(?:本年)?收入(?:合计|总计)$/, fig('income.total', TOTAL)],
    [/^财政拨款收入$/, fig('income.fiscal', TOTAL)],
    [/^上级补助收入$/, fig('income.line', { ...TOTAL, line: 'superior_subsidy' })],
    [/^事业收入$/, fig('income.line', { ...TOTAL, line: 'business' })],
    [/^经营收入$/, fig('income.line', { ...TOTAL, line: 'operating' })],
    [/^附属单位上缴收入$/, fig('income.line', { ...TOTAL, line: 'affiliated' })],
    [/^其他收入$/, fig('income.line', { ...TOTAL, line: 'other' })],
  ],
  expenditure: [
    [/^(?:本年)?支出(?:合计|总计)$/, fig('expenditure.total', TOTAL)],
    [/^基本支出$/, fig('expenditure.basic', TOTAL)],
    [/^项目支出$/, fig('expenditure.project', TOTAL)],
    [/^上缴上级支出$/, fig('expenditure.line', { ...TOTAL, line: 'remit_superior' })],
    [/^经营支出$/, fig('expenditure.line', { ...TOTAL, line: 'operating' })],
    [/^对附属单位补助支出$/, fig('expenditure.line', { ...TOTAL, line: 'subsidy_affiliated' })],
    [CLASS_LIKE, byName('expenditure.total')],
  ],
  fiscal: [
    [/财政拨款收入支出总计$/, fig('fiscal.income.grand-total')],
    [/^财政拨款收入总计$/, fig('fiscal.income.grand-total')],
    [/^(?:财政拨款)?支出总计$/, fig('fiscal.grand-total')],
    [/^财政拨款收入(?:合计)?$/, fig('fiscal.income.total')],
    [/^财政拨款支出(?:合计)?$/, fig('fiscal.expenditure.total')],
  ],
  general: [
    [/^一般公共预算财政拨款(?:支出)?$/, fig('general.total', TOTAL)],
    [/^(?:一般公共预算)?财政拨款基本支出$/, fig('general.basic', TOTAL)],
    [/^(?:一般公共预算)?财政拨款项目支出$/, fig('general.project', TOTAL)],
    [CLASS_LIKE, byName('general.total')],
  ],
  basic: [
    [/^(?:一般公共预算)?财政拨款基本支出$/, fig('general.basic', TOTAL)],
    [/^人员经费(?:合计)?$/, fig('basic.personnel')],
    [/^公用经费(?:合计)?$/, fig('basic.public')],
  ],
  'government-fund': [[/^政府性基金预算财政拨款(?:支出)?$/, fig('government-fund.total', TOTAL)]],
  'state-capital': [[/^国有资本经营预算财政拨款(?:支出)?$/, fig('state-capital.total', TOTAL)]],
  'three-public': [
    [/^三公经费(?:财政拨款)?(?:支出)?$/, threePublic('total')],
    [/^因公出国（境）费(?:用)?(?:支出)?$/, threePublic('outbound')],
    [/^公务用车购置及运行维护费(?:支出)?$/, threePublic('vehicle_subtotal')],
    [/^公务用车购置(?:费)?(?:支出)?$/, threePublic('vehicle_purchase')],
    [/^公务用车运行维护费(?:支出)?$/, threePublic('vehicle_operation')],
    [/^公务接待费(?:支出)?$/, threePublic('reception')],
  ],
  running: [
    [/^机关运行经费(?:支出)?$/, cells([fig('running-costs.administrative'), fig('running-costs.civil-service')])],
  ],
  procurement: [
    [/^政府采购(?:支出)?总额$/, fig('procurement.total')],
    [/^(?:政府采购)?货物(?:支出)?$/, fig('procurement.kind', { kind: 'goods' })],
    [/^(?:政府采购)?工程(?:支出)?$/, fig('procurement.kind', { kind: 'works' })],
    [/^(?:政府采购)?服务(?:支出)?$/, fig('procurement.kind', { kind: 'services' })],
  ],
  assets: [
    [/^车辆(?:数)?(?:合计)?$/, fig('assets.vehicles')],
    [/^副部（省）级及以上领导用车$/, fig('assets.vehicles.use', { use: 'ministerial' })],
    [/^主要负责人用车$/, fig('assets.vehicles.use', { use: 'principal' })],
    [/^机要通信用车$/, fig('assets.vehicles.use', { use: 'confidential' })],
    [/^应急保障用车$/, fig('assets.vehicles.use', { use: 'emergency' })],
    [/^执法执勤用车$/, fig('assets.vehicles.use', { use: 'law_enforcement' })],
    [/^特种专业技术用车$/, fig('assets.vehicles.use', { use: 'special' })],
    [/^离退休干部服务用车$/, fig('assets.vehicles.use', { use: 'retired' })],
    [/^其他用车$/, fig('assets.vehicles.use', { use: 'other' })],
    [/以上设备/, fig('assets.equipment')],
  ],
  performance: [
    [/(?:到位资金|预算金额|预算指标|预算资金)$/, attachment('budget')],
    [/(?:支出金额|支付金额|执行金额)$/, attachment('paid')],
  ],
};

/** Phrases that name the same figure wherever they appear (the base of a share: 占本年支出合计的…). */
const ANYWHERE: readonly Entry[] = [
  [/^本年支出合计$/, fig('summary.expenditure.total')],
  [/^本年收入合计$/, fig('summary.income.total')],
  [/^政府采购(?:支出)?总额$/, fig('procurement.total')],
];

export function resolve(ctx: Context, scope: Scope, entity: string, measure: Measure | undefined): Resolved {
  if (!entity) return { unresolved: 'no subject could be read' };
  for (const entries of [LEXICON[scope] ?? [], ANYWHERE]) {
    for (const [pattern, resolver] of entries) if (pattern.test(entity)) return resolver(ctx, measure, entity);
  }
  return { unresolved: `no table figure corresponds to "${entity}" here` };
}

/** Which figure a subject names, without reading it: one key for every wording of a lexicon entry (a 类/款/项 by its name). */
export function subjectKey(scope: Scope, entity: string): string | undefined {
  const lists = [LEXICON[scope] ?? [], ANYWHERE];
  for (let l = 0; l < lists.length; l++) {
    const entries = lists[l]!;
    for (let i = 0; i < entries.length; i++) {
      const pattern = entries[i]![0];
      if (pattern.test(entity)) return pattern === CLASS_LIKE ? `${scope}:${entity.replace(/（[类款项]）/g, '')}` : `${l === 0 ? scope : '*'}#${i}`;
    }
  }
  return undefined;
}
