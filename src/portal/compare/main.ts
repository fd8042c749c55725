// The compare page (/compare): one table line (三公经费合计, 2010301 行政运行…) across a region's departments
// in one year, and its exact total year by year, as charts and tables. Every figure links to its cell in the
// dataset page; what is shown downloads as CSV (the API's own CSV answers). All from the facts index.
import type { Aggregate, DepartmentsPage, FactsPage } from '../../core/contract/facts.ts';
import { AGGREGATE_PATH, DEPARTMENTS_PATH, FACTS_PATH, queryPath } from '../../core/contract/urls.ts';
import { ApiError, datasetPageUrl, getJson } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { lang, t, withLang, type Key } from '../i18n.ts';
import { cellId } from '../dataset/model.ts';
import { regionLabel } from '../regions.ts';
import { initShell, pageError } from '../shell.ts';

// A URL, not a module path: the bundler leaves it alone, so the charts (ECharts) stay their own file.
const CHARTS = '/assets/compare-charts.js';
const chartsModule = import(CHARTS) as Promise<typeof import('./charts.ts')>;

// section: where a row key is laid out in several (01表's grand_total), the API asks which.
interface Line { table: string; section?: string; row: string; column: string }
const LINES: [Key, Line][] = [
  ['lineThreePublic', { table: 'three-public', row: 'amounts', column: 'final_total' }],
  ['lineAdminOperation', { table: 'expenditure', row: '2010301', column: 'total' }],
  ['lineBasic', { table: 'expenditure', row: 'total', column: 'basic' }],
  ['lineProject', { table: 'expenditure', row: 'total', column: 'project' }],
  ['lineGeneralBudget', { table: 'general-budget-expenditure', row: 'total', column: 'subtotal' }],
];
const SHOWN = 200;

interface Query extends Line { region: string; year: string }

function fromUrl(): Query {
  const p = new URLSearchParams(location.search);
  const ok = (k: string, re: RegExp, fallback: string) => (re.test(p.get(k) ?? '') ? p.get(k)! : fallback);
  const [, first] = LINES[0]!;
  return {
    table: ok('table', /^[a-z0-9-]{1,64}$/, first.table), row: ok('row', /^[A-Za-z0-9_.-]{1,64}$/, first.row), column: ok('column', /^[A-Za-z0-9_.-]{1,64}$/, first.column),
    region: ok('region', /^\d{2}(\d{2}){0,2}$/, ''), year: ok('year', /^\d{4}$/, ''),
    ...(/^[a-z0-9][a-z0-9_-]{0,63}$/.test(p.get('section') ?? '') ? { section: p.get('section')! } : {}),
  };
}

const main = byId('main')!;
let query = fromUrl();

function form(): HTMLElement {
  const preset = LINES.findIndex(([, l]) => l.table === query.table && l.row === query.row && l.column === query.column);
  const select = h('select', { id: 'cmp-line', name: 'line' },
    LINES.map(([key], i) => h('option', { value: String(i), ...(i === preset ? { selected: true } : {}) }, t(key))),
    h('option', { value: 'custom', ...(preset < 0 ? { selected: true } : {}) }, t('compareCustom')));
  const input = (name: keyof Query, label: Key, value: string, extra: Record<string, string> = {}) =>
    h('label', null, t(label), h('input', { name, value, ...extra }));
  const custom = h('fieldset', { class: 'cmp-custom', ...(preset >= 0 ? { hidden: true } : {}) },
    input('table', 'compareTable', query.table), input('row', 'compareRow', query.row), input('column', 'compareColumn', query.column));
  select.addEventListener('change', () => {
    custom.hidden = select.value !== 'custom';
  });
  const f = h('form', { class: 'cmp-form', role: 'search' },
    h('label', null, t('compareLine'), select), custom,
    input('region', 'compareRegion', query.region, { inputmode: 'numeric', pattern: '\\d{2}(\\d{2}){0,2}', placeholder: '1406' }),
    input('year', 'compareYear', query.year, { inputmode: 'numeric', pattern: '\\d{4}', placeholder: '2023' }),
    h('button', { type: 'submit', class: 'button' }, t('compareShow')));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(f);
    const line = select.value === 'custom' ? { table: String(data.get('table')), row: String(data.get('row')), column: String(data.get('column')) } : LINES[Number(select.value)]![1];
    query = { ...line, region: String(data.get('region') ?? '').trim(), year: String(data.get('year') ?? '').trim() };
    history.pushState(null, '', withLang(queryPath('/compare', { ...query })));
    void load();
  });
  return f;
}

async function load(): Promise<void> {
  main.setAttribute('aria-busy', 'true');
  try {
    const line = { table: query.table, ...(query.section ? { section: query.section } : {}), row: query.row, column: query.column };
    const cut = query.region ? `region:${query.region}` : undefined;
    // Every request at once; only without a year does the line across departments wait for the latest year.
    const yearsAsked = getJson<Aggregate>(queryPath(AGGREGATE_PATH, { ...line, drilldown: 'year', cut }));
    const namesAsked = getJson<DepartmentsPage>(queryPath(DEPARTMENTS_PATH, { region: query.region, limit: 500 }));
    const factsOf = (year: string) => (year ? getJson<FactsPage>(queryPath(FACTS_PATH, { ...line, year, region: query.region, limit: SHOWN })) : Promise.resolve({ items: [], next: null } as FactsPage));
    const factsAsked = query.year ? factsOf(query.year) : null;
    const years = await yearsAsked;
    const year = query.year || String(years.cells.at(-1)?.year ?? '');
    const [facts, names] = await Promise.all([factsAsked ?? factsOf(year), namesAsked]);
    const nameOf = new Map(names.items.map((d) => [d.id, d.name]));
    const items = facts.items.filter((f) => f.yuan !== null).sort((a, b) => Number(b.yuan) - Number(a.yuan));
    const chartA = h('div', { class: 'cmp-chart', role: 'img', 'aria-label': t('compareAcross', { year }) });
    const chartB = h('div', { class: 'cmp-chart cmp-chart-years', role: 'img', 'aria-label': t('compareYears', { region: query.region ? regionLabel(query.region, lang) : t('compareAllRegions') }) });
    const { bars, disposeCharts } = await chartsModule;
    disposeCharts();
    replace(main,
      h('h1', null, t('cmpTitle')), h('p', { class: 'lead' }, t('compareLead')), form(),
      h('section', { id: 'cmp-departments', 'aria-labelledby': 'cmp-a' },
        h('h2', { id: 'cmp-a' }, t('compareAcross', { year })),
        items.length ? [chartA, h('table', { class: 'cmp-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('compareDepartment')), h('th', { scope: 'col' }, t('compareValue')), h('th', { scope: 'col' }, t('compareYuan')))),
          h('tbody', null, items.map((f) => h('tr', null,
            h('th', { scope: 'row' }, nameOf.get(f.departmentId) ?? f.departmentId),
            h('td', { class: 'num' }, h('a', { href: withLang(datasetPageUrl(f.departmentId, f.year, f.version)) + '#' + cellId(f.table, f.section, f.row, f.column) }, `${f.value} ${f.unit}`)),
            h('td', { class: 'num' }, f.yuan ?? ''))))),
        facts.next ? h('p', { class: 'muted' }, t('compareMore', { n: SHOWN })) : null] : h('p', null, t('cmpNone')),
        h('p', null, h('a', { href: queryPath(FACTS_PATH, { ...line, year, region: query.region, limit: 1000, format: 'csv' }), download: '' }, t('compareCsv')))),
      h('section', { id: 'cmp-years', 'aria-labelledby': 'cmp-b' },
        h('h2', { id: 'cmp-b' }, t('compareYears', { region: query.region ? regionLabel(query.region, lang) : t('compareAllRegions') })),
        years.cells.length ? [chartB, h('table', { class: 'cmp-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('compareYear')), h('th', { scope: 'col' }, t('compareSum')), h('th', { scope: 'col' }, t('compareCount')))),
          h('tbody', null, years.cells.map((c) => h('tr', null, h('th', { scope: 'row' }, String(c.year)), h('td', { class: 'num' }, c['amount.sum'] ?? ''), h('td', { class: 'num' }, String(c._count))))))] : h('p', null, t('cmpNone')),
        h('p', null, h('a', { href: queryPath(AGGREGATE_PATH, { ...line, drilldown: 'year', cut, format: 'csv' }), download: '' }, t('compareCsv')))),
    );
    if (items.length) bars(chartA, items.slice(0, 30).map((f) => nameOf.get(f.departmentId) ?? f.departmentId), items.slice(0, 30).map((f) => Number(f.yuan)), items.slice(0, 30).map((f) => f.yuan!));
    if (years.cells.length) bars(chartB, years.cells.map((c) => String(c.year)), years.cells.map((c) => Number(c['amount.sum'] ?? 0)), years.cells.map((c) => c['amount.sum'] ?? ''));
    document.title = `${t('cmpTitle')} · ${t('siteName')}`;
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  } catch (e) {
    pageError(main, e instanceof ApiError ? e.detail : String(e), () => void load());
  } finally {
    main.removeAttribute('aria-busy');
  }
}

initShell(() => void load());
addEventListener('popstate', () => {
  query = fromUrl();
  void load();
});
addEventListener('resize', () => void chartsModule.then((m) => m.resizeCharts()));
void load();
