// By row: in the coded tables (and 04表's expenditure side) the total column equals the sum of its part columns.
// Each column is found by its meaning in the template's layout (05表's 小计, Shanghai's 国有资本经营 本年支出 小计).
import { sumOf, type Context } from '../context.ts';
import { fill, type Meaning } from '../meaning.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.row-sum';

interface RowSum {
  readonly total: Meaning;
  readonly parts: readonly (readonly [Meaning, Readonly<Record<string, string>>?])[];
}

const lines = (meaning: Meaning, keys: readonly string[]) => keys.map((line) => [meaning, { line }] as const);

export const ROW_SUMS: readonly RowSum[] = [
  { total: 'income.total', parts: [['income.fiscal'], ...lines('income.line', ['superior_subsidy', 'business', 'operating', 'affiliated', 'other'])] },
  { total: 'expenditure.total', parts: [['expenditure.basic'], ['expenditure.project'], ...lines('expenditure.line', ['remit_superior', 'operating', 'subsidy_affiliated'])] },
  { total: 'fiscal.expenditure.total', parts: ['general_budget', 'government_fund', 'state_capital'].map((fund) => ['fiscal.expenditure.fund', { fund }] as const) },
  { total: 'general.total', parts: [['general.basic'], ['general.project']] },
  { total: 'government-fund.total', parts: [['government-fund.basic'], ['government-fund.project']] },
  { total: 'state-capital.total', parts: [['state-capital.basic'], ['state-capital.project']] },
];

export function checkRowSums(ctx: Context): void {
  for (const spec of ROW_SUMS) {
    const all = [spec.total, ...spec.parts.map(([m]) => m)];
    if (!ctx.figures(RULE, all)) continue; // skipped, with the reason
    // The columns of one section, every row of it: a meaning's place gives the section and the column.
    const total = ctx.meaning(spec.total);
    if (!('ref' in total)) continue;
    const place = total.places[0]!;
    const sectionId = typeof place.section === 'string' ? place.section : place.section[0]!;
    const totalColumn = fill(place.column, {});
    const partColumns = spec.parts.map(([m, params]) => {
      const laid = ctx.meaning(m);
      return 'ref' in laid ? fill(laid.places[0]!.column, params ?? {}) : '';
    });
    const t = total.ref;
    for (const row of t.sections.get(sectionId)?.section.rows ?? []) {
      if (!partColumns.some((p) => row.values[p] != null) && row.values[totalColumn] == null) continue; // an all-blank row
      const id = row.key ?? row.code ?? '';
      ctx.compare(RULE, ctx.cell(t, sectionId, id, totalColumn), sumOf(partColumns.map((p) => ctx.cell(t, sectionId, id, p))));
    }
  }
}

export const rule = defineRule(RULE, '按行：合计栏等于各分栏之和', 'By row: the total column equals the sum of its parts', checkRowSums);
