// What the charts section draws, from the filing: the four breakdowns of this year and the trend
// over the department's years.
import { lang, t } from '../i18n.ts';
import { donut, economicKey, economicOption, functionalRings, legendList, pieSummary, trendKey, trendOption, trendTable, type ChartSpec } from './charts.ts';
import { basicProject, economicItems, functionalBreakdown, personnelPublic, type YearFigures } from './figures.ts';
import { findTable, tableName, type Filing } from './model.ts';
import { displayTableName } from './tables.ts';

/** The name of a source table, for the chart notes. */
function sourceName(f: Filing, id: string | undefined): string {
  const tb = id ? findTable(f, id) : undefined;
  return tb ? (lang === 'zh' ? tableName(tb) : displayTableName(f, tb)) : '';
}

export function chartSpecs(f: Filing): ChartSpec[] {
  const unit = f.unit;
  const name = (id: string | undefined) => sourceName(f, id);
  const fn = functionalBreakdown(f);
  const bp = basicProject(f);
  const pp = personnelPublic(f);
  const eco = economicItems(f);
  const rings = fn.classes.length ? functionalRings(fn.classes, fn.sections, unit) : null;
  const bpRing = bp.slices.length ? donut(bp.slices.map((x) => ({ ...x, name: x.name === '基本支出' ? t('figBasic') : t('figProject') })), unit) : null;
  const ppRing = pp.slices.length ? donut(pp.slices.map((x) => ({ ...x, name: x.name === '人员经费' ? t('figPersonnel') : t('figPublic') })), unit, ['#1f4e8c', '#2a8c82']) : null;
  const specs: ChartSpec[] = [
    {
      id: 'functional', title: t('chartFunctional'), note: t('chartFunctionalNote', { t: name(fn.source) }), height: 220,
      summary: fn.classes.length ? pieSummary([...fn.classes, ...fn.sections], unit) : t('chartNoData'),
      option: rings ? rings.option : null, after: rings ? legendList(rings.legend, unit) : null,
    },
    {
      id: 'basic-project', title: t('chartBasicProject'), note: t('chartBasicProjectNote', { t: name(bp.source) }), height: 220,
      summary: bp.slices.length ? pieSummary(bp.slices, unit) : t('chartNoData'),
      option: bpRing ? bpRing.option : null, after: bpRing ? legendList(bpRing.legend, unit) : null,
    },
    {
      id: 'personnel-public', title: t('chartPersonnelPublic'), note: t('chartPersonnelPublicNote', { t: name(pp.source) }), height: 220,
      summary: pp.slices.length ? pieSummary(pp.slices, unit) : t('chartNoData'),
      option: ppRing ? ppRing.option : null, after: ppRing ? legendList(ppRing.legend, unit) : null,
    },
    {
      id: 'economic', title: t('chartEconomic'), note: t('chartEconomicNote', { t: name(eco.source) }), height: Math.max(220, 28 * eco.slices.length + 50), wide: true,
      summary: eco.slices.length ? pieSummary(eco.slices, unit) : t('chartNoData'),
      option: eco.slices.length ? (w) => economicOption(eco.slices, unit, w) : null, before: eco.slices.length ? economicKey() : null,
    },
  ];
  return specs;
}

/** The trend, once the other years are known (null: still loading). */
export function trendSpec(f: Filing, years: YearFigures[] | null): ChartSpec {
  const unit = f.unit;
  const trend = years ?? [];
  const name = (id: string | undefined) => sourceName(f, id);
  const several = trend.length > 1;
  return {
    id: 'trend', title: t('chartTrend'), height: 300, wide: true,
    note: t('chartTrendNote', { u: unit, t1: name('income-expenditure'), t2: name(functionalBreakdown(f).source) }),
    summary: years === null ? t('loading') : several ? trend.map((y) => `${y.year}: ${[y.income, y.expenditure].filter(Boolean).join(' / ')} ${unit}`).join('；') : t('chartTrendSingle'),
    option: several ? () => trendOption(trend, unit) : null,
    before: several ? trendKey(trend) : null,
    after: several ? trendTable(trend, f.year, unit) : null,
  };
}
