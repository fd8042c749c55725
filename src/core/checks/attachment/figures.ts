// The attachment (项目支出绩效自评) as operands: its printed totals and its projects' cells, located by
// JSON Pointer since the attachment is not one of the template's tables.
import Big from 'big.js';
import { scaleOf } from '../../decimal.ts';
import { isAmount } from '../../model/cell.ts';
import type { Project } from '../../model/performance.ts';
import type { Operand } from '../context.ts';
import type { Filing } from '../../model/filing.ts';

export type Column = 'budget' | 'paid';
const TITLES: Record<Column, { zh: string; en: string }> = { budget: { zh: '预算指标', en: 'budget' }, paid: { zh: '支付金额', en: 'paid' } };

/** The printed 总计 of a column of the projects table. */
export function attachmentTotal(filing: Filing, column: Column): Operand | undefined {
  const perf = filing.performance;
  if (!perf) return undefined;
  const raw = perf.totals[column];
  const printed = isAmount(raw);
  return {
    value: printed ? new Big(raw) : new Big(0),
    printed: printed ? 1 : 0,
    scale: printed ? scaleOf(raw) : 0,
    locations: [{ part: 'performance', path: `/performance/totals/${column}`, excerpt: `总计 ${TITLES[column].zh} ${printed ? raw : ''}`.trim() }],
    label: { zh: `绩效自评表总计${TITLES[column].zh}`, en: `the attachment's total ${TITLES[column].en}` },
  };
}

export function projectCell(project: Project, index: number, column: Column): Operand {
  const raw = project[column];
  const printed = isAmount(raw);
  return {
    value: printed ? new Big(raw) : new Big(0),
    printed: printed ? 1 : 0,
    scale: printed ? scaleOf(raw) : 0,
    locations: [{ part: 'performance', path: `/performance/projects/${index}/${column}`, excerpt: `${project.code} ${project.name} ${TITLES[column].zh} ${printed ? raw : ''}`.trim() }],
    label: { zh: `项目${project.code}“${project.name}”${TITLES[column].zh}`, en: `project ${project.code} (${project.name}) ${TITLES[column].en}` },
  };
}
