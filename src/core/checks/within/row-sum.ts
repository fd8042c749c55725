// By row: in the coded tables (and 04表's expenditure side) the total column equals the sum of its part columns.
import type { TableId } from '../../templates/types.ts';
import { sumOf, type Context } from '../context.ts';
import { expenditureTotalColumn } from '../meaning.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.row-sum';

interface RowSum {
  readonly table: TableId;
  readonly section: string;
  /** A column key, or the table's expenditure total wherever its template keeps it. */
  readonly total: string | typeof EXPENDITURE_TOTAL;
  readonly parts: readonly string[];
}

const EXPENDITURE_TOTAL = Symbol('the expenditure total');

export const ROW_SUMS: readonly RowSum[] = [
  { table: 'income', section: 'main', total: 'total', parts: ['fiscal_appropriation', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'] },
  { table: 'expenditure', section: 'main', total: 'total', parts: ['basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated'] },
  { table: 'fiscal-income-expenditure', section: 'expenditure', total: 'total', parts: ['general_budget', 'government_fund', 'state_capital'] },
  { table: 'general-budget-expenditure', section: 'main', total: EXPENDITURE_TOTAL, parts: ['basic', 'project'] },
  { table: 'government-fund', section: 'main', total: EXPENDITURE_TOTAL, parts: ['basic', 'project'] },
  { table: 'state-capital', section: 'main', total: EXPENDITURE_TOTAL, parts: ['basic', 'project'] },
];

export function checkRowSums(ctx: Context): void {
  for (const spec of ROW_SUMS) {
    ctx.withTable(RULE, spec.table, (t) => {
      const total = spec.total === EXPENDITURE_TOTAL ? expenditureTotalColumn(t.def, spec.section) : spec.total;
      if (total === undefined) return;
      const section = t.sections.get(spec.section)?.section;
      for (const row of section?.rows ?? []) {
        if (!spec.parts.some((p) => row.values[p] != null) && row.values[total] == null) continue; // an all-blank row
        const id = row.key ?? row.code ?? '';
        ctx.compare(RULE, ctx.cell(t, spec.section, id, total), sumOf(spec.parts.map((p) => ctx.cell(t, spec.section, id, p))));
      }
    });
  }
}

export const rule = defineRule(RULE, '按行：合计栏等于各分栏之和', 'By row: the total column equals the sum of its parts', checkRowSums);
