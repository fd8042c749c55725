// One subject, one prior-year figure. The narrative implies the year before's figure of a subject in each place
// it compares with it: stated outright (上年决算数为…, 2023年度…万元 in a 2024 report), as the current figure and its
// change (本年 X，比上年增加 Y → X − Y), or as the current figure and a growth rate alone (X，增长 r% → X ÷ (1 + r)).
// Every later place is held against the first: amounts graded as everywhere (0.005 per rounded figure involved),
// a rate within half a unit of its last digit. 收入总计 and 支出总计 balance every year, so they share one prior-year
// figure (and 财政拨款's two 总计 another). A change with a rate in the same sentence is text.growth's.
import { Exact } from '../../exact.ts';
import { isResolved, resolve, subjectKey } from './lexicon.ts';
import type { Context, Operand } from '../context.ts';
import type { Bilingual, Location } from '../finding.ts';
import { gradeAmount, percentTolerance } from '../grade.ts';
import { defineRule } from '../rule.ts';
import { textOf, type Figure, type TextFigures } from './extract.ts';
import { mark, statedOperand } from './operand.ts';

const RULE = 'text.prior-year';
const DP = 6; // decimals of a bound recomputed from a rate: far below a cent

/** A prior-year figure one place implies: exact (low = high), or a range (from a rounded rate). */
interface Implied {
  readonly low: Exact;
  readonly high: Exact;
  /** Rounded amounts it is computed from. */
  readonly addends: number;
  readonly scale: number;
  /** How it was obtained, as printed (875.80, 1322.38 − 446.58, 2.13 ÷ (1 − 19.01%)): built only for a finding. */
  readonly formula: () => string;
  readonly subject: string;
  readonly locations: () => readonly Location[];
  readonly figures: readonly Figure[];
}

export function checkPriorYear(ctx: Context, text: TextFigures): void {
  const bySubject = new Map<string, Implied[]>();
  for (const f of text.figures) {
    if (f.kind !== 'amount' && f.role !== 'growth') continue;
    const implied = f.role === 'prior' ? stated(ctx, f) : f.role === 'change' ? fromChange(ctx, f, text) : f.role === 'growth' && !f.from ? fromRate(ctx, f) : undefined;
    if (!implied) continue;
    const key = keyOf(f.sentence.scope, implied.subject);
    (bySubject.get(key) ?? bySubject.set(key, []).get(key)!).push(implied);
  }
  for (const places of bySubject.values()) {
    const [first, ...later] = places;
    for (const place of later) compare(ctx, place, first!);
  }
}

function stated(ctx: Context, f: Figure): Implied | undefined {
  if (f.measure === 'budget' || !f.entity) return undefined;
  const value = statedOperand(f, ctx.filing.unit).value;
  return { low: value, high: value, addends: 1, scale: value.scale, formula: () => `${f.printed}${f.unit}`, subject: f.entity, locations: () => [f.sentence.location], figures: [f] };
}

function fromChange(ctx: Context, change: Figure, text: TextFigures): Implied | undefined {
  const sign = change.sign;
  if (sign === undefined || !change.entity || change.measure === 'budget') return undefined; // 年初预算比上年增加…: not the actual's year before
  const current = currentOf(ctx, change, text);
  if (!current) return undefined;
  const amount = statedOperand(change, ctx.filing.unit).value;
  const value = current.operand.value.minus(amount.times(sign));
  return {
    low: value,
    high: value,
    addends: current.operand.printed + 1,
    scale: Math.max(value.scale, current.operand.scale ?? 0),
    formula: () => `${current.operand.value.toFixed()} ${sign > 0 ? '−' : '+'} ${amount.toFixed()}`,
    subject: change.entity,
    locations: () => [change.sentence.location, ...current.operand.locations],
    figures: current.figure ? [change, current.figure] : [change],
  };
}

/** A rate with no change beside it, after a stated current figure in its sentence: the prior year within the rate's rounding. */
function fromRate(ctx: Context, rate: Figure): Implied | undefined {
  if (rate.sign === undefined) return undefined;
  const before = rate.sentence.figures.slice(0, rate.sentence.figures.indexOf(rate));
  const current = before.findLast((f) => f.kind === 'amount' && f.role === 'stated' && f.measure !== 'budget' && f.entity !== '');
  if (!current) return undefined;
  const x = statedOperand(current, ctx.filing.unit).value;
  const r = Exact.parse(rate.printed).times(rate.sign);
  const t = percentTolerance(rate.printed);
  // X ÷ (1 + r/100): the larger rate gives the smaller prior year.
  const small = Exact.of(100).plus(r).plus(t);
  const large = Exact.of(100).plus(r).minus(t);
  if (x.sign() <= 0 || large.sign() <= 0) return undefined;
  const hundred = x.times(100);
  const sign = rate.sign > 0 ? '+' : '−';
  return {
    low: hundred.div(small, DP),
    high: hundred.div(large, DP),
    addends: 1,
    scale: x.scale,
    formula: () => `${x.toFixed()} ÷ (1 ${sign} ${rate.printed}%)`,
    subject: current.entity,
    locations: () => [rate.sentence.location],
    figures: [rate, current],
  };
}

/** The subject's current figure, as text.growth finds it: stated before the change in its paragraph or section, else the tables'. */
function currentOf(ctx: Context, change: Figure, text: TextFigures): { operand: Operand; figure?: Figure } | undefined {
  const stated =
    (change.current && change.current.entity === change.entity ? change.current : undefined) ??
    text.figures.find((f) => f.section === change.section && f.kind === 'amount' && f.role === 'stated' && f.measure !== 'budget' && f.entity === change.entity);
  if (stated) return { operand: statedOperand(stated, ctx.filing.unit), figure: stated };
  const table = resolve(ctx, change.sentence.scope, change.entity, 'final');
  if (isResolved(table) && table.printed > 0) return { operand: table };
  if (change.current) return { operand: statedOperand(change.current, ctx.filing.unit), figure: change.current };
  return undefined;
}

const GRAND_TOTAL = /(?:^|收入支出)总计$|^(?:收入|支出)总计$/;
const FISCAL_GRAND_TOTAL = /财政拨款收入支出总计$|^财政拨款(?:收入|支出)?总计$|^支出总计$/;

/** The same subject however it is worded: the lexicon's entry for it, or its words in its section's scope. */
function keyOf(scope: Figure['sentence']['scope'], subject: string): string {
  if (scope === 'summary' && GRAND_TOTAL.test(subject)) return 'summary:grand-total';
  if (scope === 'fiscal' && FISCAL_GRAND_TOTAL.test(subject)) return 'fiscal:grand-total';
  return subjectKey(scope, subject) ?? `${scope}:${subject}`;
}

function compare(ctx: Context, place: Implied, first: Implied): void {
  for (const f of [...place.figures, ...first.figures]) mark(f, RULE);
  // The gap between the two: 0 where the ranges meet.
  const gap = place.low.gt(first.high) ? place.low.minus(first.high) : first.low.gt(place.high) ? place.high.minus(first.low) : Exact.ZERO;
  if (gap.sign() === 0) return ctx.pass(RULE);
  const { grade, tolerance } = gradeAmount(gap, place.addends + first.addends);
  if (grade === 'pass') return ctx.pass(RULE);
  const scale = Math.max(place.scale, first.scale, 2);
  const [a, b] = [shown(place, scale), shown(first, scale)];
  const locations: Location[] = [];
  const seen = new Set<string>();
  for (const l of [...place.locations(), ...first.locations()]) {
    const k = JSON.stringify(l);
    if (!seen.has(k)) locations.push(l), seen.add(k);
  }
  const note: Bilingual = grade === 'info' ? { zh: '（不超过0.01，属单位换算尾数误差）', en: ' (within 0.01: a unit-conversion rounding artefact)' } : grade === 'warning' ? { zh: '（在各数舍入误差之和以内）', en: " (within the figures' combined rounding)" } : { zh: '', en: '' };
  ctx.fail(RULE, grade, {
    locations,
    expected: b,
    actual: a,
    difference: gap.toFixed(scale),
    tolerance: tolerance.toFixed(),
    message: {
      zh: `“${place.subject}”的上年数前后不一：此处为${a}（${place.formula()}），前文为${b}（${first.formula()}），相差${gap.toFixed(scale)}${note.zh}`,
      en: `the prior-year figure of "${place.subject}" is ${a} here (${place.formula()}) and ${b} before (${first.formula()}), ${gap.toFixed(scale)} apart${note.en}`,
    },
  });
}

/** An implied figure to the shown precision: a range from a rate by its midpoint. */
function shown(i: Implied, scale: number): string {
  return i.low.eq(i.high) ? i.low.toFixed(scale) : i.low.plus(i.high).div(Exact.of(2), scale).toFixed(scale);
}

export const rule = defineRule(RULE, '文中隐含的上年数前后一致', 'The prior-year figure the text implies is the same wherever it is implied', (ctx) => checkPriorYear(ctx, textOf(ctx)));
