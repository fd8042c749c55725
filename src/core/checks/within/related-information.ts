// 10表 相关信息: 政府采购 合计 = 货物 + 工程 + 服务; 车辆数合计 = the vehicles by use (counts, exact).
import { sumOf, type Context } from '../context.ts';
import { defineRule } from '../rule.ts';

const RULE = 'within.related-information';
const VEHICLES = ['ministerial', 'principal', 'confidential', 'emergency', 'law_enforcement', 'special', 'retired', 'other'];

export function checkRelatedInformation(ctx: Context): void {
  ctx.withTable(RULE, 'related-information', (t) => {
    const p = (key: string) => ctx.cell(t, 'procurement', key, 'value');
    ctx.compare(RULE, p('total'), sumOf([p('goods'), p('works'), p('services')]));
    const a = (key: string) => ctx.cell(t, 'assets', key, 'value');
    ctx.compare(RULE, a('vehicles_total'), sumOf(VEHICLES.map((v) => a(`vehicles_${v}`))));
  });
}

export const rule = defineRule(RULE, '相关信息统计表：政府采购合计、车辆数合计', 'Related information (10): procurement total, vehicle count', checkRelatedInformation);
