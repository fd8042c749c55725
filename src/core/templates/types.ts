import type { Classification } from '../model/code.ts';

export type Measure = 'amount' | 'count';

export interface ColumnDef {
  readonly key: string;
  readonly title: string;
  readonly lanci?: number;
  readonly group?: string;
  /** Negative figures are allowed only where the template says so. */
  readonly signed?: boolean;
  /**
   * How real reports head this column: alternatives, each a list of words that must all appear in the
   * printed header above it (spanning headers included). Default: [[title]]. `group`, when set, is
   * required too, so that 预算数/决算数 or 本年支出 tell columns of the same title apart.
   */
  readonly headers?: readonly (readonly string[])[];
}

export interface FixedRowDef {
  readonly key: string;
  readonly name: string;
  readonly line?: number;
  /** The functional 类 that a 01/04表 expenditure line stands for. */
  readonly code?: string;
  readonly measure?: Measure;
  readonly unit?: string;
  readonly signed?: boolean;
  /** Other names real reports print for this row (使用非财政拨款结余 for 使用非财政拨款结余和专用结余). */
  readonly aliases?: readonly string[];
}

export interface SectionDef {
  readonly id: string;
  readonly title?: string;
  /** Rows identified by 科目代码 of this classification. */
  readonly classification?: Classification;
  readonly columns: readonly ColumnDef[];
  /** Rows identified by key (合计, 行次 lines). */
  readonly rows: readonly FixedRowDef[];
}

/** The semantic ids of tables; a template numbers and orders them its own way. */
export type TableId =
  | 'income-expenditure'
  | 'income'
  | 'expenditure'
  | 'fiscal-income-expenditure'
  | 'general-budget-expenditure'
  | 'general-budget-basic-expenditure'
  | 'government-fund'
  | 'state-capital'
  | 'three-public'
  | 'related-information'
  | 'government-fund-basic-expenditure'
  | 'procurement'
  | 'purchased-services'
  /** 三公 预算 printed in a table of its own (the 决算 in three-public). */
  | 'three-public-budget';

/**
 * What a figure means, whatever the layout that prints it: the checks name these, each template says where its
 * tables print them (TableDef.meanings). Parameters in braces: {row} a 科目代码 or 'total', {code} a functional 类
 * or an economic code, {fund} general_budget | government_fund | state_capital, {line} an income or expenditure
 * line of 01/02/03表, {item} a 三公 item (total, outbound, vehicle_subtotal, vehicle_purchase, vehicle_operation,
 * reception), {kind} a procurement kind (goods, works, services), {use} a vehicle use.
 */
export type Meaning =
  // 01 收入支出决算总表
  | 'summary.income.total' | 'summary.income.line' | 'summary.income.balance-used' | 'summary.income.opening' | 'summary.income.grand-total'
  | 'summary.expenditure.class' | 'summary.expenditure.total' | 'summary.expenditure.distribution' | 'summary.expenditure.year-end' | 'summary.expenditure.grand-total'
  // 02 收入决算表 (by {row})
  | 'income.total' | 'income.fiscal' | 'income.line'
  // 03 支出决算表 (by {row})
  | 'expenditure.total' | 'expenditure.basic' | 'expenditure.project' | 'expenditure.line'
  // 04 财政拨款收入支出决算总表
  | 'fiscal.income.total' | 'fiscal.income.fund' | 'fiscal.opening' | 'fiscal.opening.fund' | 'fiscal.income.grand-total'
  | 'fiscal.expenditure.total' | 'fiscal.expenditure.fund' | 'fiscal.expenditure.class' | 'fiscal.expenditure.class.fund'
  | 'fiscal.year-end' | 'fiscal.year-end.fund' | 'fiscal.grand-total' | 'fiscal.grand-total.fund'
  // 05 一般公共预算财政拨款支出决算表, 07 政府性基金, 08 国有资本经营 (by {row})
  | 'general.total' | 'general.basic' | 'general.project'
  | 'government-fund.total' | 'government-fund.basic' | 'government-fund.project'
  | 'state-capital.total' | 'state-capital.basic' | 'state-capital.project'
  // 06 基本支出: 人员经费, 公用经费 and each economic {code}
  | 'basic.personnel' | 'basic.public' | 'basic.item'
  // 三公: {item} of the budget (预算数) and of the actual (决算数)
  | 'three-public.budget' | 'three-public.final'
  // 政府采购 ({kind}), 机关运行经费, 国有资产 (车辆 by {use}, 单价100万元以上设备)
  | 'procurement.total' | 'procurement.kind' | 'running-costs.administrative' | 'running-costs.civil-service'
  | 'assets.vehicles' | 'assets.vehicles.use' | 'assets.equipment';

/**
 * A cell a meaning is printed in. Row and column may name a parameter in braces (class_{code}, budget_{item});
 * `section` may list the sections to look in (06表 printed in two column groups keeps each economic code in one of
 * them). A meaning is looked for in every table of the template: 三公 预算 printed in a table of its own is found there.
 */
export interface Place {
  readonly section: string | readonly string[];
  readonly row: string;
  readonly column: string;
}

/** A meaning's places: one, or several where the table prints the same figure twice (each presentation is checked). */
export type Meanings = { readonly [M in Meaning]?: Place | readonly Place[] };

export interface TableDef {
  readonly id: TableId;
  readonly title: string;
  /** Other titles real regions print for the same table (…基本支出决算表 for …基本支出决算明细表). */
  readonly aliases?: readonly string[];
  readonly titleEn: string;
  readonly sections: readonly SectionDef[];
  /** Where this table prints the figures the checks know by meaning. A meaning no table of a template lays out is skipped, with the reason. */
  readonly meanings?: Meanings;
}

export interface TemplateTable extends TableDef {
  /** As the template prints it: 公开01表, or undefined for unnumbered tables. */
  readonly number?: string;
}

export interface Template {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Every table the template prints, in order. All are required: an empty table is printed with its statement. */
  readonly tables: readonly TemplateTable[];
  /** The amount unit the template prints (单位：万元); a report may still print another, kept as printed. */
  readonly unit?: '万元' | '元';
  /** The words an empty table's statement must use (本表无数据, 故本表无数据). */
  readonly emptyStatement?: string;
  /** The sections of 情况说明 the template's script requires, by their headings without the ordinal. */
  readonly script?: readonly string[];
}
