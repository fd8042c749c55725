// What a rule means, found in each template's own layout: a rule names the meaning ("the expenditure total of
// this table"), the template says which of its columns carries it (Shanxi's 08表 prints 合计 | 基本 | 项目;
// Shanghai's, with income too, 年初结转 | 本年收入 | 本年支出 小计 | 基本 | 项目 | 年末结转).
import type { TableDef } from '../templates/types.ts';

const EXPENDITURE_TOTAL = ['expenditure_subtotal', 'subtotal', 'total'];

/** The column key of a coded table's expenditure total (本年支出 小计 / 小计 / 合计), as its template lays it out. */
export function expenditureTotalColumn(def: Pick<TableDef, 'sections'>, section = 'main'): string | undefined {
  const keys = new Set(def.sections.find((s) => s.id === section)?.columns.map((c) => c.key));
  return EXPENDITURE_TOTAL.find((k) => keys.has(k));
}

/** How a template prints 04表's year-end balance by fund: as sub-rows (Shanxi, 行次 61–63) or as the fund columns of one row (Shanghai). */
export function yearEndByFund(def: Pick<TableDef, 'sections'>): 'rows' | 'columns' {
  return def.sections.find((s) => s.id === 'expenditure')?.rows.some((r) => r.key === 'closing_balance_general_budget') ? 'rows' : 'columns';
}
