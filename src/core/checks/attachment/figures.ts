// The attachment (项目支出绩效自评) as operands: its printed totals and its projects' cells, located by
// JSON Pointer since the attachment is not one of the template's tables.
import { scaleOf } from '../../decimal.ts';
import { Exact } from '../../exact.ts';
import { isAmount, type Cell } from '../../model/cell.ts';
import type { Filing } from '../../model/filing.ts';
import type { Project } from '../../model/performance.ts';
import type { Bilingual, Location } from '../finding.ts';
import type { Operand } from '../operand.ts';

export type Column = 'budget' | 'paid';
const TITLES: Record<Column, Bilingual> = { budget: { zh: '预算指标', en: 'budget' }, paid: { zh: '支付金额', en: 'paid' } };

/** A cell of the attachment; its location and label are built only for a finding. */
class AttachmentOperand implements Operand {
  readonly value: Exact;
  readonly printed: number;
  readonly scale: number;

  constructor(
    private readonly raw: Cell | undefined,
    private readonly column: Column,
    private readonly project: { project: Project; index: number } | undefined,
  ) {
    const printed = isAmount(raw);
    this.printed = printed ? 1 : 0;
    this.value = printed ? Exact.parse(raw) : Exact.ZERO;
    this.scale = printed ? scaleOf(raw) : 0;
  }

  get locations(): Location[] {
    const shown = isAmount(this.raw) ? this.raw : '';
    const title = TITLES[this.column].zh;
    if (!this.project) return [{ part: 'performance', path: `/performance/totals/${this.column}`, excerpt: `总计 ${title} ${shown}`.trim() }];
    const { project: p, index } = this.project;
    return [{ part: 'performance', path: `/performance/projects/${index}/${this.column}`, excerpt: `${p.code} ${p.name} ${title} ${shown}`.trim() }];
  }

  get label(): Bilingual {
    const t = TITLES[this.column];
    if (!this.project) return { zh: `绩效自评表总计${t.zh}`, en: `the attachment's total ${t.en}` };
    const p = this.project.project;
    return { zh: `项目${p.code}“${p.name}”${t.zh}`, en: `project ${p.code} (${p.name}) ${t.en}` };
  }
}

/** The printed 总计 of a column of the projects table. */
export function attachmentTotal(filing: Filing, column: Column): Operand | undefined {
  const perf = filing.performance;
  return perf ? new AttachmentOperand(perf.totals[column], column, undefined) : undefined;
}

export function projectCell(project: Project, index: number, column: Column): Operand {
  return new AttachmentOperand(project[column], column, { project, index });
}
