// Numbers of projects and of each grade stated in the text (涉及二级项目12个, 9个项目自评等级为“优”)
// against the attachment's projects.
import { Exact } from '../../exact.ts';
import { relabel, type Context, type Operand } from '../context.ts';
import type { TextFigures } from '../text/extract.ts';
import { mark, note, statedOperand } from '../text/operand.ts';
import { skipNoAttachment } from './totals.ts';
import { defineRule } from '../rule.ts';
import { textOf } from '../text/extract.ts';

const RULE = 'attachment.counts';

export function checkCounts(ctx: Context, text: TextFigures): void {
  const perf = ctx.filing.performance;
  const stated = text.figures.filter((f) => f.role === 'count' && (f.entity === 'projects' || f.entity.startsWith('grade:')));
  if (!perf) {
    stated.forEach((f) => note(f, 'the filing carries no performance attachment'));
    skipNoAttachment(ctx, RULE);
    return;
  }
  for (const figure of stated) {
    const grade = figure.entity.startsWith('grade:') ? figure.entity.slice(6) : undefined;
    const count = grade ? perf.projects.filter((p) => p.grade === grade).length : perf.projects.length;
    const expected: Operand = {
      value: Exact.of(count),
      printed: 1,
      locations: [{ part: 'performance', path: '/performance/projects', excerpt: grade ? `自评结果为“${grade}”的项目 ${count} 个` : `项目 ${count} 个` }],
      label: grade ? { zh: `附表中“${grade}”等级项目数`, en: `projects graded ${grade} in the attachment` } : { zh: '附表项目数', en: 'projects in the attachment' },
    };
    const actual = statedOperand(figure, ctx.filing.unit);
    mark(figure, RULE);
    ctx.compare(RULE, relabel(actual, grade ? { zh: `文中“${grade}”等级项目数`, en: `the text's number of projects graded ${grade}` } : { zh: '文中项目数', en: "the text's number of projects" }), expected, { addends: 1 });
  }
}

export const rule = defineRule(RULE, '所述项目数与各等级项目数与附表一致', 'Stated numbers of projects and of each grade agree with the attachment', (ctx) => checkCounts(ctx, textOf(ctx)));
