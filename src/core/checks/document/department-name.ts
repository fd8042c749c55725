// The department's name is the same throughout: in every table header, in the report's and the
// attachment's titles, and where 机构设置 names the unit (…为一级单位). A short form of the name is noted (info);
// another name is an error (a report copied from another department).
import type { Context } from '../context.ts';
import type { TextLocation } from '../finding.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.department-name';
const SPACES = /[\s\u3000]+/g;
/** A name at the head of a title, before the year or the kind of report. */
const TITLE_NAME = /^(.+?(?:局|委员会|委|办公室|办|中心|院|所|站|队|厅|部|会|处|馆|团|社|校|园))(?=\d{4}|项目支出|部门决算|单位决算|决算)/;
const FIRST_LEVEL = /^(.+?)(?:为|是)(?:一级|二级)?(?:预算)?单位/;

export function checkDepartmentName(ctx: Context): void {
  const name = ctx.filing.department.name.replace(SPACES, '');
  const compare = (printed: string, location: TextLocation, tableLocation?: { table: string; number?: string }) => {
    const p = printed.replace(SPACES, '');
    if (p === name) return ctx.pass(RULE);
    const short = p.length > 0 && (name.endsWith(p) || p.endsWith(name));
    ctx.fail(RULE, short ? 'info' : 'error', {
      locations: tableLocation ? [tableLocation, location] : [location],
      message: short
        ? { zh: `部门名称“${printed}”为“${ctx.filing.department.name}”的简称或全称`, en: `"${printed}" is a short or long form of "${ctx.filing.department.name}"` }
        : { zh: `部门名称“${printed}”与“${ctx.filing.department.name}”不一致`, en: `the department is named "${printed}" here but "${ctx.filing.department.name}" in the filing` },
    });
  };

  ctx.filing.tables.forEach((t, i) => {
    if (t.department === undefined) return;
    const number = t.number ?? ctx.table(t.id)?.def.number;
    compare(t.department, { part: 'document', path: `/tables/${i}/department`, excerpt: t.department }, { table: t.id, ...(number ? { number } : {}) });
  });
  const titled = (text: string | undefined, location: TextLocation) => {
    const m = text === undefined ? null : TITLE_NAME.exec(text.replace(SPACES, ''));
    if (m) compare(m[1] as string, location);
  };
  titled(ctx.filing.title, { part: 'document', path: '/title', excerpt: ctx.filing.title ?? '' });
  if (ctx.filing.performance) titled(ctx.filing.performance.title, { part: 'performance', path: '/performance/title', excerpt: ctx.filing.performance.title });
  ctx.filing.narrative.organisation.summary.forEach((p, i) => {
    const m = FIRST_LEVEL.exec(p.trim());
    if (m) compare(m[1] as string, { part: 'narrative', path: `/narrative/organisation/summary/${i}`, excerpt: p.trim().slice(0, 60) });
  });
}

export const rule = defineRule(RULE, '部门名称前后一致', "The department's name is the same throughout", checkDepartmentName);
