// 06表 基本支出明细: each economic 类 = Σ its 款 (cells printed ──── count as not applicable),
// 人员经费合计 = 301 + 303, 公用经费合计 = the other classes. By meaning: in one column group (Shanxi, Shanghai:
// the totals are rows) or in two (人员经费 and 公用经费 each with its codes and its 合计).
import { PERSONNEL_CLASSES, PUBLIC_CLASSES } from '../../classification/economic.ts';
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.basic-expenditure-detail';

export function checkBasicExpenditureDetail(ctx: Context): void {
  const f = ctx.figures(RULE, ['basic.item', 'basic.personnel', 'basic.public']);
  if (!f) return;
  const laid = ctx.meaning('basic.item');
  if (!('ref' in laid)) return;
  const place = laid.places[0]!;
  for (const sectionId of typeof place.section === 'string' ? [place.section] : place.section) {
    const index = laid.ref.sections.get(sectionId);
    if (!index) continue;
    const items = new Map<string, string[]>();
    for (const row of index.section.rows) {
      if (row.code?.length !== 5 || row.key !== undefined) continue;
      const parent = row.code.slice(0, 3);
      const list = items.get(parent);
      if (list) list.push(row.code);
      else items.set(parent, [row.code]);
    }
    const cell = (code: string) => ctx.cell(laid.ref, sectionId, code, place.column);
    for (const [parent, codes] of items) ctx.compare(RULE, cell(parent), sumOf(codes.map(cell)));
  }
  ctx.compare(RULE, f('basic.personnel'), sumOf(PERSONNEL_CLASSES.map((code) => f('basic.item', { code }))));
  ctx.compare(RULE, f('basic.public'), sumOf(PUBLIC_CLASSES.map((code) => f('basic.item', { code }))));
}

export const rule = defineRule(RULE, '基本支出明细表：类＝Σ款，人员经费、公用经费合计', 'Basic expenditure detail (06): 类 = Σ款, personnel and public totals', checkBasicExpenditureDetail);
