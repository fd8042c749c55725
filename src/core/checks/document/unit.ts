// Each table's printed amount unit (金额单位：万元) agrees with the filing's: a table in 元 among 万元
// tables would put every comparison off by ten thousand.
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.unit';

/** The unit named in a printed unit line: "金额单位：万元" → 万元, "单位:元" → 元. */
export function unitOf(printed: string): string | undefined {
  const m = /(万元|千元|亿元|元)/.exec(printed);
  return m?.[1];
}

export function checkUnits(ctx: Context): void {
  ctx.filing.tables.forEach((table, index) => {
    const ref = ctx.table(table.id);
    if (!ref || ref.table !== table) return;
    const printed = unitOf(table.unit);
    const where = { table: ref.id, ...(table.number ? { number: table.number } : {}) };
    if (printed === ctx.filing.unit) return ctx.pass(RULE);
    ctx.fail(RULE, 'error', {
      locations: [where, { part: 'document', path: `/tables/${index}/unit`, excerpt: table.unit }],
      message: {
        zh: `${ctx.tableName(ref)}印“${table.unit}”，报告金额单位为${ctx.filing.unit}`,
        en: `${ctx.tableName(ref)} prints "${table.unit}" while the filing's unit is ${ctx.filing.unit}`,
      },
    });
  });
}

export const rule = defineRule(RULE, '各表金额单位与报告一致', "Each table's printed unit agrees with the filing's", checkUnits);
