// The templates the platform knows. A filing names one; it decides which tables the filing must carry.
import {
  EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_BASIC_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
  GOVERNMENT_FUND, INCOME, INCOME_EXPENDITURE, RELATED_INFORMATION, STATE_CAPITAL, THREE_PUBLIC,
} from './tables.ts';
import { BEIJING } from './beijing.ts';
import { SHANGHAI_2024 } from './shanghai.ts';
import type { TableDef, Template, TemplateTable } from './types.ts';

export type * from './types.ts';

const numbered = (tables: TableDef[]): TemplateTable[] =>
  tables.map((t, i) => ({ ...t, number: `公开${String(i + 1).padStart(2, '0')}表` }));

/** Shanxi (山西) 2023: ten tables 公开01表–公开10表. The seed's template. */
export const SHANXI_10: Template = {
  id: 'shanxi-2023',
  title: '山西省部门决算公开（十张表）',
  description: 'Ten tables 公开01表–公开10表, 三公 as the ninth, 相关信息统计表 as the tenth.',
  tables: numbered([
    INCOME_EXPENDITURE, INCOME, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
    GENERAL_BUDGET_BASIC_EXPENDITURE, GOVERNMENT_FUND, STATE_CAPITAL, THREE_PUBLIC, RELATED_INFORMATION,
  ]),
};

/**
 * Nine tables in the national order that central departments publish (and Guangdong): 三公 as the seventh,
 * no 相关信息统计表.
 */
export const NINE_TABLE: Template = {
  id: 'nine-table',
  title: '部门决算公开（九张表，三公为第七表）',
  description: 'Nine tables: 三公 is the seventh; no 相关信息统计表 (its figures are in the text).',
  tables: numbered([
    INCOME_EXPENDITURE, INCOME, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
    GENERAL_BUDGET_BASIC_EXPENDITURE, THREE_PUBLIC, GOVERNMENT_FUND, STATE_CAPITAL,
  ]),
};

/** Eight tables, as older years print them: no 国有资本经营 table, no 相关信息统计表. */
export const EIGHT_TABLE: Template = {
  id: 'eight-table',
  title: '部门决算公开（八张表）',
  description: 'Eight tables: 三公 as the seventh, 政府性基金 as the eighth; no 国有资本经营 table and no 相关信息统计表.',
  tables: numbered([
    INCOME_EXPENDITURE, INCOME, EXPENDITURE, FISCAL_INCOME_EXPENDITURE, GENERAL_BUDGET_EXPENDITURE,
    GENERAL_BUDGET_BASIC_EXPENDITURE, THREE_PUBLIC, GOVERNMENT_FUND,
  ]),
};

export { BEIJING, SHANGHAI_2024 };

export const TEMPLATES: readonly Template[] = [SHANXI_10, NINE_TABLE, EIGHT_TABLE, SHANGHAI_2024, BEIJING];

export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

export function tableDef(template: Template, tableId: string): TemplateTable | undefined {
  return template.tables.find((t) => t.id === tableId);
}
