// By column, in the functionally coded tables: 合计 = Σ类, 类 = Σ款, 款 = Σ项. A parent is checked only
// where the table prints its children (a table may stop at 款). The tables are those whose template section is
// coded by the functional classification, whatever the template.
import type { Row } from '../../model/table.ts';
import type { TableId } from '../../templates/types.ts';
import { sumOf, type Context, type TableRef } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.parent-sum';
export function checkParentSums(ctx: Context): void {
  const coded = (ctx.template?.tables ?? []).filter((t) => t.sections.some((s) => s.classification === 'functional')).map((t) => t.id);
  for (const id of coded) ctx.withTable(RULE, id as TableId, (t) => checkTable(ctx, t));
}

function checkTable(ctx: Context, t: TableRef): void {
  for (const [sectionId, { section }] of t.sections) {
    const coded = section.rows.filter((r): r is Row & { code: string } => r.code !== undefined && r.key === undefined);
    if (coded.length === 0) continue;
    const children = new Map<string, string[]>();
    const classes: string[] = [];
    for (const row of coded) {
      if (row.code.length === 3) classes.push(row.code);
      else {
        const parent = row.code.slice(0, row.code.length - 2);
        const list = children.get(parent);
        if (list) list.push(row.code);
        else children.set(parent, [row.code]);
      }
    }
    const hasTotal = section.rows.some((r) => r.key === 'total');
    for (const { key: column } of section.columns) {
      if (!section.rows.some((r) => r.values[column] != null)) continue; // a column printed blank throughout
      if (hasTotal && classes.length > 0) {
        ctx.compare(RULE, ctx.cell(t, sectionId, 'total', column), sumOf(classes.map((c) => ctx.cell(t, sectionId, c, column))));
      }
      for (const [parent, codes] of children) {
        ctx.compare(RULE, ctx.cell(t, sectionId, parent, column), sumOf(codes.map((c) => ctx.cell(t, sectionId, c, column))));
      }
    }
  }
}

export const rule = defineRule(RULE, '按列：上级科目等于下级科目之和（类＝Σ款，款＝Σ项，合计＝Σ类）', 'By column: a parent code equals the sum of its children (类 = Σ款, 款 = Σ项, 合计 = Σ类)', checkParentSums);
