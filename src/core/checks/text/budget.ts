// Budgets (年初预算) as the text states them. The tables print no budget but 三公's, so a 项's 年初预算 is checked
// against the text itself: the same subject's budget is the same figure wherever it is stated (年初预算为1.23万元
// here and 1.24万元 there is an error at both sentences), and the 项 listed under a total budget (…年初预算为
// 3,275.60万元…其中：1、…（项）年初预算为…) add up to it, rounding graded as everywhere (0.005 × the items).
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';
import { textOf, type Figure, type TextFigures } from './extract.ts';
import { mark, statedOperand } from './operand.ts';

const RULE = 'text.budget';
const ITEM = /（项）$/;

export function checkBudgets(ctx: Context, text: TextFigures): void {
  const unit = ctx.filing.unit;
  const budgets = text.figures.filter((f) => f.kind === 'amount' && f.role === 'stated' && f.measure === 'budget' && f.entity !== '');

  // One subject, one budget: every later statement against the first.
  const first = new Map<string, Figure>();
  for (const f of budgets) {
    const key = `${f.sentence.scope}|${f.entity}`;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, f);
      continue;
    }
    mark(f, RULE);
    mark(seen, RULE);
    const a = statedOperand(f, unit);
    const b = statedOperand(seen, unit);
    if (a.value.eq(b.value)) {
      ctx.pass(RULE);
      continue;
    }
    ctx.fail(RULE, 'error', {
      locations: [f.sentence.location, seen.sentence.location],
      expected: b.value.toFixed(),
      actual: a.value.toFixed(),
      difference: a.value.minus(b.value).toFixed(),
      message: {
        zh: `“${f.entity}”的年初预算前后不一：此处为${f.printed}${f.unit}，前文为${seen.printed}${seen.unit}`,
        en: `the budget of "${f.entity}" is stated as ${f.printed}${f.unit} here and ${seen.printed}${seen.unit} before`,
      },
    });
  }

  // A section's 项 budgets against the total budget stated before them.
  const bySection = new Map<string, Figure[]>();
  for (const f of budgets) (bySection.get(f.section) ?? bySection.set(f.section, []).get(f.section)!).push(f);
  for (const figures of bySection.values()) {
    const total = figures.find((f) => !ITEM.test(f.entity));
    const items = figures.filter((f) => ITEM.test(f.entity) && total !== undefined && isAfter(f, total));
    const distinct: Figure[] = []; // each 项 once, as first stated (a restatement is checked above)
    for (const f of items) if (!distinct.some((d) => d.entity === f.entity)) distinct.push(f);
    if (!total || distinct.length < 2) continue;
    for (const f of [total, ...distinct]) mark(f, RULE);
    ctx.compare(RULE, statedOperand(total, unit), sumOf(distinct.map((f) => statedOperand(f, unit)), { zh: `文中各项（${distinct.length}个）年初预算之和`, en: `the sum of the ${distinct.length} items' budgets in the text` }), { addends: distinct.length });
  }
}

function isAfter(f: Figure, total: Figure): boolean {
  const [a, b] = [f.sentence.location.path, total.sentence.location.path];
  return a !== b || f.sentence.start > total.sentence.start;
}

export const rule = defineRule(RULE, '文中年初预算数前后一致，各项预算之和等于所述总预算', 'Budgets stated in the text agree with each other, and the items add up to the stated total', (ctx) => checkBudgets(ctx, textOf(ctx)));
