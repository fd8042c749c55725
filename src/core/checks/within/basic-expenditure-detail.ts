// 06表 基本支出明细: each economic 类 = Σ its 款 (cells printed ──── count as not applicable),
// 人员经费合计 = 301 + 303, 公用经费合计 = the other classes.
import { PERSONNEL_CLASSES, PUBLIC_CLASSES } from '../../classification/economic.ts';
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.basic-expenditure-detail';

export function checkBasicExpenditureDetail(ctx: Context): void {
  ctx.withTable(RULE, 'general-budget-basic-expenditure', (t) => {
    const index = t.sections.get('main');
    if (!index) return;
    const cell = (id: string) => ctx.cell(t, 'main', id, 'amount');
    const items = new Map<string, string[]>();
    for (const row of index.section.rows) {
      if (row.code?.length !== 5 || row.key !== undefined) continue;
      const parent = row.code.slice(0, 3);
      const list = items.get(parent);
      if (list) list.push(row.code);
      else items.set(parent, [row.code]);
    }
    for (const [parent, codes] of items) ctx.compare(RULE, cell(parent), sumOf(codes.map(cell)));
    ctx.compare(RULE, cell('personnel_total'), sumOf(PERSONNEL_CLASSES.map(cell)));
    ctx.compare(RULE, cell('public_total'), sumOf(PUBLIC_CLASSES.map(cell)));
  });
}

export const rule = defineRule(RULE, '基本支出明细表：类＝Σ款，人员经费、公用经费合计', 'Basic expenditure detail (06): 类 = Σ款, personnel and public totals', checkBasicExpenditureDetail);
