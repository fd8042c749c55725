// The 目录 agrees with the tables: every table it lists is printed, every table printed is listed.
import type { Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'document.contents';
// An entry as a title: its ordinal, printed number (公开01表, 表一：, （公开01表）), year and （续） taken off.
const norm = (s: string) =>
  s.replace(/\s+/g, '').replace(/["“”]/g, '')
    .replace(/[（(](?:公开\d+表|附?表[一二三四五六七八九十\d]+|续表?)[）)]$/, '').replace(/(?:公开\d+表|附?表[一二三四五六七八九十\d]+)$/, '')
    .replace(/^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十]+[）)])/, '')
    .replace(/^(?:公开\d+表|附?表[一二三四五六七八九十\d]+)[：:、.]?/, '')
    .replace(/^.*?(?:19|20)\d{2}年度?/, '').replace(/^部门/, '');

export function checkContents(ctx: Context): void {
  const contents = ctx.filing.narrative.contents;
  const template = ctx.template;
  if (!contents?.length || !template) return;
  const entries = contents.map(norm);
  const names = (t: { title: string; aliases?: readonly string[] }) => [t.title, ...(t.aliases ?? [])].map(norm);
  const listed = template.tables.filter((t) => names(t).some((n) => entries.includes(n)));
  if (listed.length === 0) return; // a 目录 of parts only says nothing about the tables
  for (const def of template.tables) {
    const inContents = listed.includes(def);
    const printed = ctx.table(def.id) !== undefined;
    if (inContents === printed) {
      ctx.pass(RULE);
      continue;
    }
    ctx.fail(RULE, 'warning', {
      locations: [{ part: 'narrative', path: '/narrative/contents', excerpt: def.title }],
      message: inContents
        ? { zh: `目录列有${def.title}，报告中却未载此表`, en: `the 目录 lists ${def.title}, which the report does not carry` }
        : { zh: `报告载有${def.title}，目录却未列出`, en: `the report carries ${def.title}, which the 目录 does not list` },
    });
  }
}

export const rule = defineRule(RULE, '目录所列各表与报告所载各表一致', 'The 目录 lists the tables the report carries, and no other', checkContents);
