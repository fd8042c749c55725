// By row: in the coded tables (and 04表's expenditure side) the total column equals the sum of its part columns.
import type { TableId } from '../../templates/types.ts';
import { sumOf, type Context } from '../context.ts';

const RULE = 'within.row-sum';

interface RowSum {
  readonly table: TableId;
  readonly section: string;
  readonly total: string;
  readonly parts: readonly string[];
}

export const ROW_SUMS: readonly RowSum[] = [
  { table: 'income', section: 'main', total: 'total', parts: ['fiscal_appropriation', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'] },
  { table: 'expenditure', section: 'main', total: 'total', parts: ['basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated'] },
  { table: 'fiscal-income-expenditure', section: 'expenditure', total: 'total', parts: ['general_budget', 'government_fund', 'state_capital'] },
  { table: 'general-budget-expenditure', section: 'main', total: 'subtotal', parts: ['basic', 'project'] },
  { table: 'government-fund', section: 'main', total: 'expenditure_subtotal', parts: ['basic', 'project'] },
  { table: 'state-capital', section: 'main', total: 'total', parts: ['basic', 'project'] },
];

export function checkRowSums(ctx: Context): void {
  for (const spec of ROW_SUMS) {
    ctx.withTable(RULE, spec.table, (t) => {
      const section = t.sections.get(spec.section)?.section;
      for (const row of section?.rows ?? []) {
        if (!spec.parts.some((p) => row.values[p] != null) && row.values[spec.total] == null) continue; // an all-blank row
        const id = row.key ?? row.code ?? '';
        ctx.compare(RULE, ctx.cell(t, spec.section, id, spec.total), sumOf(spec.parts.map((p) => ctx.cell(t, spec.section, id, p))));
      }
    });
  }
}
