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
  | 'purchased-services';

export interface TableDef {
  readonly id: TableId;
  readonly title: string;
  /** Other titles real regions print for the same table (…基本支出决算表 for …基本支出决算明细表). */
  readonly aliases?: readonly string[];
  readonly titleEn: string;
  readonly sections: readonly SectionDef[];
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
