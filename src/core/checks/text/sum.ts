// A total stated with all its parts in one sentence adds up: 政府采购支出总额A万元，其中：货物B万元、工程C万元、
// 服务D万元; 本年支出合计 = 基本支出 + 项目支出; 三公 = 因公出国（境）费 + 公务用车 + 公务接待费. Only a complete
// set of parts is summed (a 其中 list that names some of them proves nothing). Rounding is graded as everywhere
// where the parts are quoted from the tables; the kinds of procurement, when no table prints them, are the
// text's own figures and must add up as printed (both real Shanghai budgets checked do, to the cent).
import type { Context } from '../context.ts';
import { isAbsence, sumOf } from '../context.ts';
import { Exact } from '../../exact.ts';
import type { Figure, TextFigures } from './extract.ts';
import { mark, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.sum';
const PROCUREMENT = ['货物', '工程', '服务'];
const PARTITIONS: readonly (readonly string[])[] = [
  PROCUREMENT,
  ['基本支出', '项目支出'],
  ['人员经费', '公用经费'],
  ['因公出国', '公务用车购置及运行', '公务接待'],
];

const OWN_FIGURES = {
  tolerance: Exact.ZERO,
  note: { zh: '各部分仅见于文中，无表内换算尾差可解释', en: 'the parts are stated only in the text, so no rounding of the tables explains a difference' },
};

export function checkTextSums(ctx: Context, text: TextFigures): void {
  for (const s of text.sentences) {
    const amounts = s.figures.filter((f) => f.kind === 'amount' && f.role === 'stated');
    if (amounts.length < 3) continue;
    const [total, ...rest] = amounts as [Figure, ...Figure[]];
    for (const names of PARTITIONS) {
      const parts = names.map((n) => rest.find((f) => f.entity.includes(n) && !names.some((m) => m !== n && f.entity.includes(m))));
      if (parts.some((p) => p === undefined) || names.some((n) => total.entity.includes(n))) continue;
      const found = parts as Figure[];
      if (new Set(found).size !== found.length || found.some((p) => p.measure !== total.measure)) continue;
      for (const f of [total, ...found]) mark(f, RULE);
      const unit = ctx.filing.unit;
      const own = names === PROCUREMENT && isAbsence(ctx.meaning('procurement.kind'));
      ctx.compare(RULE, statedOperand(total, unit), sumOf(found.map((f) => statedOperand(f, unit)), { zh: `文中${names.join('、')}之和`, en: `the text's ${names.join(' + ')}` }), own ? { within: OWN_FIGURES } : { addends: found.length });
    }
  }
}

export const rule = defineRule(RULE, '文中所列合计等于其各组成部分之和', 'A total the text states with all its parts equals their sum', (ctx) => checkTextSums(ctx, textOf(ctx)));
