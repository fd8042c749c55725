// The catalog page (/): search by department name, filter by region and year; one row per dataset
// (department-year) with its latest version and the badge of its findings.
import { ApiError, catalogUrl, datasetPageUrl, getJson, type CatalogPage, type DatasetItem } from './api.ts';
import { findingBadges } from './badges.ts';
import { byId, h, replace, srOnly } from './dom.ts';
import { formatDate } from './format.ts';
import { lang, t, withLang } from './i18n.ts';
import { provinceName, regionLabel } from './regions.ts';
import { initShell, pageError } from './shell.ts';

interface Query {
  q: string;
  region: string;
  year: string;
}

const main = byId('main')!;
let facets: DatasetItem[] = [];
let results: DatasetItem[] = [];
let next: string | null = null;
let query: Query = fromUrl();
let seq = 0;

function fromUrl(): Query {
  const p = new URLSearchParams(location.search);
  return { q: (p.get('q') ?? '').slice(0, 50), region: /^\d{1,6}$/.test(p.get('region') ?? '') ? p.get('region')! : '', year: /^\d{4}$/.test(p.get('year') ?? '') ? p.get('year')! : '' };
}

function toUrl(q: Query): string {
  const u = new URLSearchParams();
  if (q.q) u.set('q', q.q);
  if (q.region) u.set('region', q.region);
  if (q.year) u.set('year', q.year);
  if (lang === 'en') u.set('lang', 'en');
  const s = u.toString();
  return s ? `/?${s}` : '/';
}

async function load(): Promise<void> {
  main.setAttribute('aria-busy', 'true');
  try {
    const filtered = Boolean(query.q || query.region || query.year);
    if (lang === 'en') void englishNames().then(() => renderResults());
    const [all, page] = await Promise.all([
      getJson<CatalogPage>(catalogUrl({ limit: 500 })),
      filtered ? find(query) : null,
    ]);
    facets = all.items;
    results = (page ?? all).items;
    next = (page ?? all).links.next;
    render();
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  } catch (e) {
    pageError(main, e instanceof ApiError ? e.detail : String(e), () => void load());
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function search(push: boolean): Promise<void> {
  const mine = ++seq;
  const status = byId('results-status');
  if (status) status.textContent = t('loading');
  const url = toUrl(query);
  if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
  try {
    const page = await find(query);
    if (mine !== seq) return;
    results = page.items;
    next = page.links.next;
    renderResults();
  } catch (e) {
    if (mine === seq && status) status.textContent = `${t('loadFailed')}: ${e instanceof ApiError ? e.detail : String(e)}`;
  }
}

/** A search in Latin letters looks for registered English names (pinyin place names included); otherwise the API's own. */
async function find(q: Query): Promise<Pick<CatalogPage, 'items' | 'links'>> {
  if (!/[A-Za-z]/.test(q.q)) return getJson<CatalogPage>(catalogUrl({ ...q, limit: 100 }));
  const ids = await matchEnglish(q.q);
  const pages = await Promise.all(ids.slice(0, 20).map((id) => getJson<CatalogPage>(catalogUrl({ department: id, region: q.region, year: q.year, limit: 100 }))));
  const items = pages.flatMap((p) => p.items).sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : a.year - b.year));
  return { items, links: { self: catalogUrl({ ...q, limit: 100 }), next: null } };
}

let names: Promise<Map<string, string>> | undefined;
const english = new Map<string, string>();
const englishName = (id: string): string | undefined => english.get(id);

/** The registered English names (built from data/departments.json), fetched once when first needed. */
function englishNames(): Promise<Map<string, string>> {
  names ??= fetch('/assets/departments-en.json')
    .then((r) => (r.ok ? (r.json() as Promise<[string, string, string][]>) : []))
    .then((list) => {
      for (const [id, , en] of list) english.set(id, en);
      return english;
    }, () => english);
  return names;
}

/** Letters only, lower case, without tone marks: "Shuò zhōu" and "shuozhou" match "Shuozhou". */
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** The departments whose English name holds every word of the query. */
async function matchEnglish(q: string): Promise<string[]> {
  const words = q.split(/\s+/).map(fold).filter(Boolean);
  const list = await englishNames();
  return [...list].filter(([, en]) => words.every((w) => fold(en).includes(w))).map(([id]) => id);
}

async function more(): Promise<void> {
  if (!next) return;
  const page = await getJson<CatalogPage>(next);
  results = results.concat(page.items);
  next = page.links.next;
  renderResults();
}

function render(): void {
  document.title = `${t('catalogTitle')} · ${t('siteName')}`;
  const departments = new Set(facets.map((i) => i.departmentId)).size;
  const years = [...new Set(facets.map((i) => i.year))].sort((a, b) => b - a);
  const form = searchForm(years);
  replace(
    main,
    h('section', { class: 'hero', 'aria-labelledby': 'catalog-h' },
      h('div', { class: 'wrap' },
        h('h1', { id: 'catalog-h' }, t('catalogTitle')),
        h('p', { class: 'lead' }, t('catalogLead')),
        form,
        h('dl', { class: 'stats' },
          stat(String(departments), t('statDepartments', { n: departments })),
          stat(String(facets.length), t('statDatasets', { n: facets.length })),
          years.length ? stat(years.length > 1 ? `${years.at(-1)}–${years[0]}` : String(years[0]), t('statYears')) : null,
        ),
      ),
    ),
    h('section', { class: 'wrap results', 'aria-labelledby': 'results-h' },
      h('div', { class: 'results-head' },
        h('h2', { id: 'results-h' }, t('resultsTitle')),
        h('p', { id: 'results-status', class: 'muted', role: 'status', 'aria-live': 'polite' }),
      ),
      h('div', { id: 'results-body' }),
      h('p', { class: 'more' }, h('button', { type: 'button', id: 'more', class: 'button button-secondary', hidden: true, onclick: () => void more() }, t('loadMore'))),
    ),
  );
  renderResults();
}

function stat(value: string, label: string): HTMLElement {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

function searchForm(years: number[]): HTMLFormElement {
  const input = h('input', { id: 'q', name: 'q', type: 'search', maxlength: 50, autocomplete: 'off', placeholder: t('searchPlaceholder'), value: query.q });
  const region = h('select', { id: 'region', name: 'region' }, h('option', { value: '' }, t('regionAll')), regionOptions());
  region.value = query.region;
  const year = h('select', { id: 'year', name: 'year' }, h('option', { value: '' }, t('yearAll')), years.map((y) => h('option', { value: String(y) }, t('yearN', { n: y }))));
  year.value = query.year;
  let timer: number | undefined;
  const read = () => ({ q: input.value.trim().slice(0, 50), region: region.value, year: year.value });
  const form = h('form', { class: 'search', role: 'search', action: '/', method: 'get', 'aria-label': t('catalogTitle') },
    h('div', { class: 'field field-q' }, h('label', { for: 'q' }, t('searchLabel')), input),
    h('div', { class: 'field' }, h('label', { for: 'region' }, t('regionLabel')), region),
    h('div', { class: 'field' }, h('label', { for: 'year' }, t('yearLabel')), year),
    h('div', { class: 'field field-actions' },
      h('button', { type: 'submit', class: 'button' }, t('searchButton')),
      h('button', { type: 'reset', class: 'button button-quiet' }, t('resetButton')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    query = read();
    void search(true);
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      query = { q: '', region: '', year: '' };
      void search(true);
    });
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      query = read();
      void search(false);
    }, 300);
  });
  for (const s of [region, year]) {
    s.addEventListener('change', () => {
      query = read();
      void search(true);
    });
  }
  return form;
}

/** Provinces present in the catalog, and under each the region codes present. */
function regionOptions(): HTMLOptionElement[] {
  const codes = [...new Set(facets.map((i) => i.regionCode))].sort();
  const provinces = [...new Set(codes.map((c) => c.slice(0, 2)))];
  const out: HTMLOptionElement[] = [];
  for (const p of provinces) {
    out.push(h('option', { value: p }, provinceName(p, lang) ?? p));
    const cities = [...new Set(codes.filter((c) => c.startsWith(p) && c.length >= 4).map((c) => c.slice(0, 4)))];
    for (const city of cities) {
      out.push(h('option', { value: city }, `\u3000${city}`));
      for (const c of codes.filter((c) => c.startsWith(city) && c.length === 6)) out.push(h('option', { value: c }, `\u3000\u3000${c}`));
    }
  }
  return out;
}

function renderResults(): void {
  const body = byId('results-body');
  const status = byId('results-status');
  const moreButton = byId<HTMLButtonElement>('more');
  if (!body || !status || !moreButton) return;
  status.textContent = results.length === 0 ? '' : next ? t('resultsCountMore', { n: results.length }) : t('resultsCount', { n: results.length });
  moreButton.hidden = !next;
  if (results.length === 0) {
    replace(body, h('p', { class: 'empty' }, t('resultsNone')));
    return;
  }
  replace(
    body,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'catalog' },
        h('caption', { class: 'sr-only' }, t('resultsTitle')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('colDepartment')),
          h('th', { scope: 'col', class: 'col-region' }, t('colRegion')),
          h('th', { scope: 'col', class: 'num' }, t('colYear')),
          h('th', { scope: 'col' }, t('colVersion')),
          h('th', { scope: 'col', class: 'col-updated' }, t('colUpdated')),
          h('th', { scope: 'col' }, t('colFindings')),
        )),
        h('tbody', null, results.map(row)),
      ),
    ),
  );
}

function row(item: DatasetItem): HTMLTableRowElement {
  return h('tr', { class: item.status === 'withdrawn' ? 'withdrawn' : null },
    h('th', { scope: 'row', class: 'dept' },
      h('a', { href: withLang(datasetPageUrl(item.departmentId, item.year)) }, item.departmentName, srOnly(` ${t('yearN', { n: item.year })}`)),
      lang === 'en' && englishName(item.departmentId) ? h('span', { class: 'dept-en', lang: 'en' }, englishName(item.departmentId)!) : null,
      h('span', { class: 'dept-id' }, item.departmentId),
    ),
    h('td', { class: 'col-region' }, regionLabel(item.regionCode, lang)),
    h('td', { class: 'num' }, String(item.year)),
    h('td', null, t('versionN', { n: item.latestVersion }), item.status === 'withdrawn' ? h('span', { class: 'badge badge-muted' }, t('withdrawn')) : null),
    h('td', { class: 'col-updated' }, h('time', { datetime: item.modifiedAt }, formatDate(item.modifiedAt))),
    h('td', null, findingBadges(item.findings)),
  );
}

window.addEventListener('popstate', () => {
  query = fromUrl();
  render();
  void search(false);
});

initShell(() => {
  render();
  if (lang === 'en') void englishNames().then(() => renderResults());
});
void load();
