// Each project's grade (自评结果) agrees with its score: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 (财政部 bands).
import { Exact } from '../../exact.ts';
import type { Context } from '../context.ts';
import { skipNoAttachment } from './totals.ts';
import { defineRule } from '../rule.ts';

const RULE = 'attachment.grades';

export function bandOf(score: Exact): '优' | '良' | '中' | '差' {
  return score.gte(90) ? '优' : score.gte(80) ? '良' : score.gte(60) ? '中' : '差';
}

export function checkGrades(ctx: Context): void {
  const perf = ctx.filing.performance;
  if (!perf) return skipNoAttachment(ctx, RULE);
  perf.projects.forEach((p, i) => {
    if (p.score == null || p.grade == null) return;
    const band = bandOf(Exact.parse(p.score));
    if (band === p.grade) return ctx.pass(RULE);
    ctx.fail(RULE, 'error', {
      locations: [
        { part: 'performance', path: `/performance/projects/${i}/grade`, excerpt: `${p.code} ${p.name} ${p.grade}` },
        { part: 'performance', path: `/performance/projects/${i}/score`, excerpt: `${p.code} ${p.name} ${p.score}` },
      ],
      message: {
        zh: `项目${p.code}“${p.name}”得分${p.score}，应为“${band}”，自评结果却为“${p.grade}”`,
        en: `project ${p.code} (${p.name}) scores ${p.score}, which is ${band}, but is graded ${p.grade}`,
      },
    });
  });
}

export const rule = defineRule(RULE, '自评结果与得分档次相符', 'Grades agree with the score bands (优 ≥ 90, 良 80–89, 中 60–79, 差 < 60)', checkGrades);
