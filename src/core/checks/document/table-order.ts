// The tables are printed in the template's order (a report that moves 三公 or drops one out of place).
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.table-order';

export function checkTableOrder(ctx: Context): void {
  const order = ctx.template?.tables.map((t) => t.id);
  if (!order) return;
  const present = ctx.filing.tables.map((t) => t.id).filter((id) => (order as readonly string[]).includes(id));
  const expected = order.filter((id) => present.includes(id));
  const at = present.findIndex((id, i) => id !== expected[i]);
  if (at < 0) return ctx.pass(RULE);
  const id = present[at]!;
  const def = ctx.template!.tables.find((t) => t.id === id)!;
  const index = ctx.filing.tables.findIndex((t) => t.id === id);
  ctx.fail(RULE, 'warning', {
    locations: [{ table: id, ...(def.number ? { number: def.number } : {}) }, { part: 'document', path: `/tables/${index}`, excerpt: def.title }],
    expected: expected.join(', '),
    actual: present.join(', '),
    message: {
      zh: `各表顺序与模板不同：第${at + 1}张为${def.title}，模板此处为${ctx.template!.tables.find((t) => t.id === expected[at])!.title}`,
      en: `the tables are not in the template's order: table ${at + 1} is ${def.title}; the template has ${expected[at]} there`,
    },
  });
}

export const rule = defineRule(RULE, '各表按模板顺序排列', "The tables are in the template's order", checkTableOrder);
