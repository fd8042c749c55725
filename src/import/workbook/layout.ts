// Where each table's parts sit on its sheet, worked out from the template alone, so that the sheet a
// template writes and the sheet an import reads agree. Rows 0–2 carry the title, the number and the
// 部门名称 / 年度 / 金额单位 line; headers follow from row 4; data after them; 注 and 说明 close the sheet.
import type { FixedRowDef, SectionDef, TemplateTable } from '../../core/templates/types.ts';

export type Kind = 'two-sided' | 'coded' | 'economic' | 'single' | 'numbered';

export interface ValueColumn {
  readonly key: string;
  readonly col: number;
}

export interface Block {
  readonly section: SectionDef;
  readonly nameCol: number;
  /** 行次 column, for fixed rows numbered by line. */
  readonly lineCol?: number;
  /** 科目代码 column, for coded rows. */
  readonly codeCol?: number;
  readonly values: readonly ValueColumn[];
  /** 06表's column group (1–4). */
  readonly group?: number;
}

export interface TableLayout {
  readonly kind: Kind;
  readonly width: number;
  readonly blocks: readonly Block[];
  /** First data row (0-based). */
  readonly dataStart: number;
}

export const HEADER_ROW = 4;
export const ECONOMIC_GROUPS = 4;
/** Empty rows a template leaves for coded rows. */
export const ROOM = { coded: 30, economic: 40 } as const;

export function kindOf(def: TemplateTable): Kind {
  switch (def.id) {
    case 'income-expenditure':
    case 'fiscal-income-expenditure':
      return 'two-sided';
    case 'general-budget-basic-expenditure':
    case 'government-fund-basic-expenditure':
      return 'economic';
    case 'three-public':
    case 'procurement':
    case 'purchased-services':
      return 'single';
    case 'related-information':
      return 'numbered';
    default:
      return 'coded';
  }
}

const valuesFrom = (section: SectionDef, first: number): ValueColumn[] => section.columns.map((c, i) => ({ key: c.key, col: first + i }));

export function tableLayout(def: TemplateTable): TableLayout {
  const kind = kindOf(def);
  const hasGroups = def.sections.some((s) => s.columns.some((c) => c.group !== undefined));
  if (kind === 'two-sided') {
    const [inc, exp] = def.sections as [SectionDef, SectionDef];
    const right = 2 + inc.columns.length;
    const blocks: Block[] = [
      { section: inc, nameCol: 0, lineCol: 1, values: valuesFrom(inc, 2) },
      { section: exp, nameCol: right, lineCol: right + 1, values: valuesFrom(exp, right + 2) },
    ];
    return { kind, width: right + 2 + exp.columns.length, blocks, dataStart: HEADER_ROW + 3 };
  }
  if (kind === 'economic') {
    const s = def.sections[0]!;
    const blocks = Array.from({ length: ECONOMIC_GROUPS }, (_, g): Block => ({ section: s, codeCol: g * 3, nameCol: g * 3 + 1, values: [{ key: s.columns[0]!.key, col: g * 3 + 2 }], group: g + 1 }));
    return { kind, width: ECONOMIC_GROUPS * 3, blocks, dataStart: HEADER_ROW + 2 };
  }
  if (kind === 'single') {
    const s = def.sections[0]!;
    return { kind, width: s.columns.length, blocks: [{ section: s, nameCol: -1, values: valuesFrom(s, 0) }], dataStart: HEADER_ROW + (hasGroups ? 3 : 2) };
  }
  if (kind === 'numbered') {
    const blocks = def.sections.map((s): Block => ({ section: s, nameCol: 0, lineCol: 1, values: valuesFrom(s, 2) }));
    return { kind, width: 3, blocks, dataStart: HEADER_ROW };
  }
  const s = def.sections[0]!;
  return { kind, width: 2 + s.columns.length, blocks: [{ section: s, codeCol: 0, nameCol: 1, values: valuesFrom(s, 2) }], dataStart: HEADER_ROW + (hasGroups ? 3 : 2) };
}

/** 06表's two fixed rows sit under groups 1 and 2 (人员经费合计 under 人员经费, 公用经费合计 beside it). */
export function economicTotalGroup(row: FixedRowDef): number {
  return row.key === 'personnel_total' ? 0 : 1;
}

export const SHEETS = { department: '部门', performance: '绩效自评', text: '文字' } as const;

/** Labels of the department sheet, column A; values in column B. */
export const DEPARTMENT_LABELS = {
  id: '部门标识（id）',
  name: '部门名称',
  regionCode: '行政区划代码',
  units: '下属单位（以、分隔）',
  year: '年度',
  unit: '金额单位',
  template: '模板',
  title: '报告标题',
  sourceKind: '来源类型',
  sourceName: '来源名称',
  sourceNote: '来源说明',
} as const;

export const PERFORMANCE_HEADER = ['代码', '项目名称', '预算指标', '支付金额', '得分', '自评结果'] as const;
export const TEXT_HEADER = ['部分', '标题', '层级', '内容'] as const;
export const TEXT_PARTS = { duties: '职责', summary: '机构设置', offices: '内设机构', explanation: '情况说明', glossary: '名词解释', other: '其他', performance: '附件' } as const;
