import type { Classification } from '../model/code.ts';

export type Measure = 'amount' | 'count';

export interface ColumnDef {
  readonly key: string;
  readonly title: string;
  readonly lanci?: number;
  readonly group?: string;
  /** Negative figures are allowed only where the template says so. */
  readonly signed?: boolean;
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
  | 'related-information';

export interface TableDef {
  readonly id: TableId;
  readonly title: string;
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
}
