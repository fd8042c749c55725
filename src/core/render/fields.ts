// The data dictionary of a table's CSV: one entry per column with its machine name, Chinese title,
// description, type, constraints and Fiscal Data Package meaning. The CSV writes its header and
// cells from it, and the Data Package and CSVW descriptors describe it: one list, three views.
import { NOT_APPLICABLE, type Cell } from '../model/cell.ts';
import type { Classification } from '../model/code.ts';
import type { Direction, Phase } from './fiscal.ts';
import type { FlatRow, TableLayout, ValueColumn } from './layout.ts';

export type FieldType = 'string' | 'integer' | 'number';

export interface FieldSpec<R = FlatRow> {
  readonly name: string;
  /** Chinese title, as a reader of the printed table would call the column. */
  readonly title: string;
  readonly description: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly unique?: boolean;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  /** Fiscal Data Package column type, e.g. "functional-classification:generic:code" or "value". */
  readonly columnType?: string;
  readonly currency?: 'CNY';
  readonly factor?: number;
  readonly direction?: Direction;
  readonly phase?: Phase;
  /** The field's CSV text for a row, before quoting and formula neutralisation. */
  readonly cell: (row: R) => string;
}

/** Read as missing by every descriptor: "" is a blank cell as printed, "n/a" a printed ──── (not applicable). */
export const MISSING_VALUES = ['', NOT_APPLICABLE] as const;

export const KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

export const CODE_PATTERNS: Readonly<Record<Classification, string>> = {
  functional: '^\\d{3}(\\d{2}){0,2}$',
  economic: '^\\d{3}(\\d{2})?$',
};

export const CLASSIFICATION_TITLES: Readonly<Record<Classification, string>> = {
  functional: '支出功能分类科目',
  economic: '部门预算支出经济分类科目',
};

const LEVELS: Readonly<Record<Classification, string>> = { functional: '1 = 类, 2 = 款, 3 = 项', economic: '1 = 类, 2 = 款' };

export function cellText(cell: Cell | undefined): string {
  return cell ?? '';
}

export const optional = (v: string | number | null): string => (v === null ? '' : String(v));

/** Each layout's fields, computed once: the CSV, the Data Package and CSVW all describe the same fields. */
const fieldsOf = new WeakMap<TableLayout, readonly FieldSpec[]>();

export function tableFields(layout: TableLayout): readonly FieldSpec[] {
  let fields = fieldsOf.get(layout);
  if (!fields) fieldsOf.set(layout, (fields = Object.freeze(computeFields(layout))));
  return fields;
}

function computeFields(layout: TableLayout): FieldSpec[] {
  const { table, def, classification } = layout;
  const sectionIds = [...new Set([...(def?.sections ?? []).map((s) => s.id), ...table.sections.map((s) => s.id)])];
  const sectionTitle = (id: string) => def?.sections.find((s) => s.id === id)?.title ?? table.sections.find((s) => s.id === id)?.title;
  const sections = sectionIds.map((id) => (sectionTitle(id) ? `${id} = ${sectionTitle(id)}` : id)).join('; ');
  const fields: FieldSpec[] = [
    {
      name: 'id',
      title: '行标识',
      description: 'Row identifier, unique in the table: "{section}:{key}" for a fixed row of the template (合计, a 行次 line), "{section}:{code}" for a row identified by its classification code.',
      type: 'string',
      required: true,
      unique: true,
      cell: (r) => r.id,
    },
    {
      name: 'section',
      title: '表内部分',
      description: `The part of the table the row belongs to (${sections}). Value columns that a part does not print stay empty in its rows.`,
      type: 'string',
      required: true,
      enum: sectionIds,
      cell: (r) => r.section,
    },
    {
      name: 'line',
      title: '行次',
      description: '行次 (line number) as printed; empty where the table prints none. Numbers may skip (10表 prints no 16).',
      type: 'integer',
      required: false,
      minimum: 1,
      cell: (r) => optional(r.line),
    },
    {
      name: 'key',
      title: '行键',
      description: 'Machine name of a fixed row of the template, such as total (合计) or total_income (本年收入合计); empty for a row identified by its code.',
      type: 'string',
      required: false,
      pattern: KEY_PATTERN,
      cell: (r) => optional(r.key),
    },
    {
      name: 'code',
      title: '科目代码',
      description: classification
        ? `${CLASSIFICATION_TITLES[classification]} (${classification} classification) code as printed, whole: 3 digits for 类, 5 for 款${classification === 'functional' ? ', 7 for 项' : ''}. Listed with its name in the code list. Empty on rows without a code (合计).`
        : 'Classification code; this table has none.',
      type: 'string',
      required: false,
      pattern: classification ? CODE_PATTERNS[classification] : '^\\d{3}(\\d{2}){0,2}$',
      ...(classification ? { columnType: `${classification}-classification:generic:code` } : {}),
      cell: (r) => optional(r.code),
    },
    {
      name: 'level',
      title: '科目级次',
      description: classification ? `Level of the code: ${LEVELS[classification]}. Empty on rows without a code.` : 'Level of the code; this table has none.',
      type: 'integer',
      required: false,
      minimum: 1,
      maximum: classification === 'economic' ? 2 : 3,
      cell: (r) => optional(r.level),
    },
    {
      name: 'name',
      title: classification ? '科目名称' : '项目',
      description: 'Name of the row as printed.',
      type: 'string',
      required: false,
      ...(classification ? { columnType: `${classification}-classification:generic:label` } : {}),
      cell: (r) => r.name,
    },
    {
      name: 'unit',
      title: '单位',
      description: `Unit of the row's figures: the table's (${table.unit}) unless the row prints its own, as counts do (辆, 台（套）).`,
      type: 'string',
      required: true,
      cell: (r) => r.unit,
    },
  ];
  for (const column of layout.columns) fields.push(valueField(column, table.unit));
  return fields;
}

function valueField(c: ValueColumn, tableUnit: string): FieldSpec {
  const printed = [c.group ? `${c.group}：` : '', c.title, c.lanci ? `（栏次${c.lanci}）` : ''].join('');
  const unit = c.money
    ? `Amount in ${tableUnit}${c.factor ? ` (1 ${tableUnit} = ${c.factor} CNY)` : ''}`
    : `Figure in the unit the row's unit column names (${tableUnit} for amounts; counts in 辆 or 台（套）)`;
  const bySection = Object.entries(c.directionBySection).filter(([, d]) => d !== null);
  const direction = c.direction ?? (bySection.length ? bySection.map(([s, d]) => `${d} in ${s}`).join('; ') : undefined);
  const meaning = [direction, c.phase].filter(Boolean).join(', ');
  return {
    name: c.key,
    title: c.title,
    description:
      `${printed}. ${unit}, exactly as printed: the decimals kept, no separators. ` +
      `Empty: a blank cell as printed (not zero). "${NOT_APPLICABLE}": printed ──── (not applicable). ` +
      `Printed in: ${c.sections.join(', ')}.${meaning ? ` Fiscal meaning: ${meaning}.` : ''}`,
    type: 'number',
    required: false,
    ...(c.signed ? {} : { minimum: 0 }),
    ...(c.money ? { columnType: 'value' } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    ...(c.factor ? { factor: c.factor } : {}),
    ...(c.direction ? { direction: c.direction } : {}),
    ...(c.phase ? { phase: c.phase } : {}),
    cell: (r) => cellText(r.cells[c.key]),
  };
}
