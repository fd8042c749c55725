// Every table and section the template prints must be in the filing: 143号 requires an empty table to be
// printed with its statement, not dropped.
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.required-tables';

export function checkRequiredTables(ctx: Context): void {
  const template = ctx.template;
  if (!template) {
    return ctx.skip(RULE, [{ part: 'document', path: '/template', excerpt: ctx.filing.template }], {
      zh: `未知模板 ${ctx.filing.template}，无从知道应有哪些表`,
      en: `unknown template ${ctx.filing.template}: which tables are required is not known`,
    });
  }
  for (const def of template.tables) {
    const where = { table: def.id, ...(def.number ? { number: def.number } : {}) };
    const ref = ctx.table(def.id);
    if (!ref) {
      ctx.fail(RULE, 'error', {
        locations: [where],
        message: { zh: `缺少${def.number ?? ''}${def.title}（空表也应列示并注明本表无数据）`, en: `${def.number ?? ''} ${def.titleEn} is missing (an empty table is still printed, with its statement)` },
      });
      continue;
    }
    for (const sdef of def.sections) {
      if (ref.sections.has(sdef.id)) ctx.pass(RULE);
      else {
        ctx.fail(RULE, 'error', {
          locations: [{ ...where, section: sdef.id }],
          message: { zh: `${def.number ?? ''}${def.title}缺少“${sdef.title ?? sdef.id}”部分`, en: `${def.number ?? ''} ${def.titleEn} lacks its section ${sdef.id}` },
        });
      }
    }
  }
}

export const rule = defineRule(RULE, '模板要求的表和栏目齐全', 'Every table and section the template requires is present', checkRequiredTables);
