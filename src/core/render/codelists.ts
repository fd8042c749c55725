// The code lists the tables' `code` columns point at: every 支出功能分类 and 经济分类 code this
// filing prints, with the name it prints, plus the official 类 of each list. A version carries its
// own lists because the classification changes from year to year (政府收支分类科目).
import { ECONOMIC_CLASSES_NAMES } from '../classification/economic.ts';
import { FUNCTIONAL_CLASSES_2023 } from '../classification/functional.ts';
import { levelOf, parentOf, type Classification } from '../model/code.ts';
import type { Filing } from '../model/filing.ts';
import { fieldsCsv } from './table-csv.ts';

import { CLASSIFICATION_TITLES, CODE_PATTERNS, optional, type FieldSpec } from './fields.ts';
import { tableLayout, type TableLayout } from './layout.ts';

export const CLASSIFICATIONS: readonly Classification[] = ['functional', 'economic'];

export interface CodeEntry {
  readonly code: string;
  readonly name: string;
  readonly level: 1 | 2 | 3;
  /** The code one level up; it may be absent from the list when the filing does not print it. */
  readonly parent: string | null;
}

export const codeListResource = (c: Classification): string => `${c}-classification`;

const OFFICIAL: Readonly<Record<Classification, ReadonlyMap<string, string>>> = {
  functional: new Map(FUNCTIONAL_CLASSES_2023.map((c) => [c.code, c.name])),
  economic: new Map(Object.entries(ECONOMIC_CLASSES_NAMES)),
};

/** The list for one classification, sorted by code (which is also the tree's depth-first order). */
export function codeList(filing: Filing, classification: Classification, layouts?: readonly TableLayout[]): CodeEntry[] {
  const names = new Map<string, string>(OFFICIAL[classification]);
  for (const layout of layouts ?? filing.tables.map((t) => tableLayout(filing, t))) {
    if (layout.classification !== classification) continue;
    for (const row of layout.rows) {
      // The official name of a 类 wins; otherwise the first printed name, in table order.
      if (row.code !== null && !names.has(row.code)) names.set(row.code, row.name.trim());
    }
  }
  return [...names.keys()].sort().map((code) => ({ code, name: names.get(code)!, level: levelOf(code), parent: parentOf(code) ?? null }));
}

export function codeListFields(classification: Classification): FieldSpec<CodeEntry>[] {
  const title = CLASSIFICATION_TITLES[classification];
  return [
    {
      name: 'code',
      title: '科目代码',
      description: `${title} code: 3 digits for 类, 5 for 款${classification === 'functional' ? ', 7 for 项' : ''}.`,
      type: 'string',
      required: true,
      unique: true,
      pattern: CODE_PATTERNS[classification],
      columnType: `${classification}-classification:generic:code`,
      cell: (e) => e.code,
    },
    {
      name: 'name',
      title: '科目名称',
      description: 'The official name of a 类; for 款 and 项, the name as this filing prints it.',
      type: 'string',
      required: true,
      columnType: `${classification}-classification:generic:label`,
      cell: (e) => e.name,
    },
    {
      name: 'level',
      title: '科目级次',
      description: classification === 'functional' ? '1 = 类, 2 = 款, 3 = 项' : '1 = 类, 2 = 款',
      type: 'integer',
      required: true,
      minimum: 1,
      maximum: classification === 'economic' ? 2 : 3,
      cell: (e) => String(e.level),
    },
    {
      name: 'parent',
      title: '上级科目代码',
      description: 'The code one level up (empty for a 类). Not a foreign key: the filing may print a 项 without its 款.',
      type: 'string',
      required: false,
      pattern: CODE_PATTERNS[classification],
      cell: (e) => optional(e.parent),
    },
  ];
}

export function renderCodeListCsv(filing: Filing, classification: Classification, layouts?: readonly TableLayout[]): string {
  return fieldsCsv(codeListFields(classification), codeList(filing, classification, layouts));
}
