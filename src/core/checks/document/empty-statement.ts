// An empty table carries its statement (说明：本表无数据), and a statement is not printed over figures.
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.empty-statement';

export function checkEmptyStatements(ctx: Context): void {
  for (const def of ctx.template?.tables ?? []) {
    const ref = ctx.table(def.id);
    if (!ref) continue; // document.required-tables reports it
    const where = { table: def.id, ...(def.number ? { number: def.number } : {}) };
    const statement = ref.table.statement?.trim();
    const name = ctx.tableName(ref);
    if (ref.hasData && statement) {
      ctx.fail(RULE, 'error', {
        locations: [where],
        message: { zh: `${name}载有数据，却注明“${statement}”`, en: `${name} carries figures but also the statement "${statement}"` },
      });
    } else if (!ref.hasData && !statement) {
      ctx.fail(RULE, 'warning', {
        locations: [where],
        message: { zh: `${name}无数据，但未注明“本表无数据”`, en: `${name} is empty but does not say so (说明：本表无数据)` },
      });
    } else if (statement && ctx.template?.emptyStatement && !statement.replace(/\s+/g, '').includes(ctx.template.emptyStatement)) {
      ctx.fail(RULE, 'warning', {
        locations: [where],
        expected: ctx.template.emptyStatement,
        actual: statement,
        message: { zh: `${name}的说明未用模板的表述“${ctx.template.emptyStatement}”：${statement}`, en: `${name}'s statement does not use the template's words "${ctx.template.emptyStatement}": ${statement}` },
      });
    } else ctx.pass(RULE);
  }
}

export const rule = defineRule(RULE, '空表附“本表无数据”说明，且说明不与数据并存', 'An empty table carries its statement, and no statement is printed over figures', checkEmptyStatements);
