// 政府采购 合计 = 货物 + 工程 + 服务 (10表, or Beijing's 政府采购情况表); 车辆数合计 = the vehicles by use (counts, exact).
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.related-information';
const KINDS = ['goods', 'works', 'services'];
const VEHICLES = ['ministerial', 'principal', 'confidential', 'emergency', 'law_enforcement', 'special', 'retired', 'other'];

export function checkRelatedInformation(ctx: Context): void {
  const p = ctx.figures(RULE, ['procurement.total', 'procurement.kind']);
  if (p) ctx.compare(RULE, p('procurement.total'), sumOf(KINDS.map((kind) => p('procurement.kind', { kind }))));
  const a = ctx.figures(RULE, ['assets.vehicles', 'assets.vehicles.use']);
  if (a) ctx.compare(RULE, a('assets.vehicles'), sumOf(VEHICLES.map((use) => a('assets.vehicles.use', { use }))));
}

export const rule = defineRule(RULE, '相关信息统计表：政府采购合计、车辆数合计', 'Related information (10): procurement total, vehicle count', checkRelatedInformation);
