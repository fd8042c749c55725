// What an amount column means in Fiscal Data Package terms: currency and factor from the printed
// unit, direction (revenue / expenditure) and phase (approved / executed) from the table's place
// in 部门决算公开. Kept apart from the renderers so the CSV, the JSON and both descriptors agree.

export type Direction = 'revenue' | 'expenditure';
export type Phase = 'approved' | 'executed';

export const CURRENCY = 'CNY';

const FACTORS: Readonly<Record<string, number>> = { 元: 1, 千元: 1_000, 万元: 10_000, 百万元: 1_000_000, 亿元: 100_000_000 };

/** How many yuan one printed unit is (万元 → 10000); undefined for a unit that is not money. */
export function amountFactor(unit: string): number | undefined {
  return FACTORS[unit.trim()];
}

const EXPENDITURE_TABLES = new Set([
  'expenditure', 'general-budget-expenditure', 'general-budget-basic-expenditure', 'state-capital', 'three-public',
]);

/**
 * Revenue or expenditure, where the table says which. Two-sided tables (01表, 04表) decide by
 * section; 07表 (government-fund) by column, its balances being neither; 10表's procurement and
 * running costs are spending, its asset counts are not money.
 */
export function directionOf(tableId: string, sectionId: string, columnKey: string): Direction | undefined {
  if (sectionId === 'income') return 'revenue';
  if (sectionId === 'expenditure') return 'expenditure';
  if (tableId === 'income') return 'revenue';
  if (EXPENDITURE_TABLES.has(tableId)) return 'expenditure';
  if (tableId === 'government-fund') {
    if (columnKey === 'income') return 'revenue';
    if (columnKey.startsWith('expenditure') || columnKey === 'basic' || columnKey === 'project') return 'expenditure';
    return undefined;
  }
  if (tableId === 'related-information') return sectionId === 'assets' ? undefined : 'expenditure';
  return undefined;
}

/** 09表 prints 预算数 (the approved budget) beside 决算数; everything else in a final account is executed. */
export function phaseOf(columnGroup: string | undefined): Phase {
  return columnGroup === '预算数' ? 'approved' : 'executed';
}
