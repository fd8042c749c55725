// The dataset page, drawn: header, overview, charts, findings, tables, attachment, text, versions,
// downloads. Loaded by main.ts in parallel with the data (its own chunk, with ECharts).
import type { CheckReport } from '../../core/checks/finding.ts';
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { KeySet } from '../../core/contract/key-set.ts';
import { KEYS_PATH } from '../../core/contract/urls.ts';
import { datasetPageUrl, filePath, getJson, type DatasetDetail, type DatasetItem, type VersionInfo } from '../api.ts';
import { byId, h, replace, type Child } from '../dom.ts';
import { formatBytes, formatTime } from '../format.ts';
import { colon, lang, t, tableNumber, withLang, type Key } from '../i18n.ts';
import { regionLabel } from '../regions.ts';
import { initShell } from '../shell.ts';
import { chartFigure, disposeCharts, donut, economicKey, economicOption, trendKey, functionalRings, legendList, measure, pieSummary, trendOption, trendTable, type ChartSpec } from './charts.ts';
import { basicProject, economicItems, functionalBreakdown, keyFigures, personnelPublic, yearFigures, type YearFigures } from './figures.ts';
import { flagCells, renderFindings } from './findings.ts';
import { highlight, highlightFromHash } from './highlight.ts';
import { cellId, findTable, tableId, tableName, type Filing } from './model.ts';
import { verifyVersion, type Verification } from './signature.ts';
import { displayTableName, englishTitle, isEmptyTable, renderTable, type TablesContext } from './tables.ts';
import { renderNarrative, renderPerformance } from './text.ts';
import { renderVersions } from './versions.ts';

/** What main.ts loaded. */
export interface Loaded {
  ds: DatasetDetail;
  version: VersionInfo;
  filing: Filing;
  filingBytes: Uint8Array<ArrayBuffer>;
  report: CheckReport | null;
  /** The department's datasets (years), when the catalog answers. */
  years: Promise<DatasetItem[]>;
  /** The latest filings of the department's other years, for the trend. */
  others: Promise<Filing[]>;
}

interface State extends Omit<Loaded, 'years' | 'others'> {
  years: DatasetItem[];
  /** null until the other years have arrived. */
  trend: YearFigures[] | null;
  trendReady: Promise<void>;
  verification?: Verification | Error;
}

const main = byId('main')!;
const WIDE = window.matchMedia('(min-width: 1200px)');
let state: State | undefined;

/** Draw the page for a loaded version; then verify its signature in the background. */
export async function show(loaded: Loaded): Promise<void> {
  const s: State = { ...loaded, years: [], trend: null, trendReady: Promise.resolve() };
  s.trendReady = loaded.others.then((others) => {
    s.trend = loaded.filing ? [...others, loaded.filing].map(yearFigures).sort((a, b) => a.year - b.year) : [];
  });
  void loaded.years.then((years) => {
    s.years = years;
    if (state === s) fillYears(s);
  });
  if (!state) initShell(redraw);
  state = s;
  if (s.version.status === 'withdrawn') {
    renderWithdrawn(s);
    return;
  }
  // The other years usually arrive with this one; a short wait lets the trend be drawn in the same
  // pass instead of after it. When they are slower, the trend follows on its own.
  await Promise.race([s.trendReady, new Promise((resolve) => setTimeout(resolve, 60))]);
  await render(s);
  markReady();
  highlightFromHash();
  void verify(s);
}

/** Draw again in the other language. */
export function redraw(): void {
  if (!state) return;
  if (state.version.status === 'withdrawn') renderWithdrawn(state);
  else void render(state);
}

function markReady(): void {
  performance.mark('data-ready');
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
}

async function verify(s: State): Promise<void> {
  try {
    // Asked for only now: the key list is not needed to draw the page.
    const keys = getJson<KeySet>(KEYS_PATH).then((r) => r.keys);
    s.verification = await verifyVersion(s.ds.departmentId, s.ds.year, s.version, keys, s.filingBytes);
  } catch (e) {
    s.verification = e instanceof Error ? e : new Error(String(e));
  }
  if (state === s) {
    renderSignature(s);
    fillSizes(s);
  }
}

// ——— page structure ———

function announceEl(): HTMLElement {
  return h('p', { id: 'announce', class: 'sr-only', 'aria-live': 'polite' });
}

function announce(text: string): void {
  const el = byId('announce');
  if (el) el.textContent = text;
}

function block(id: string, title: Key, lead: string | null, ...content: Child[]): HTMLElement {
  return h('section', { class: 'block', id: `sec-${id}`, 'aria-labelledby': `sec-${id}-h`, tabindex: -1 },
    h('h2', { id: `sec-${id}-h` }, t(title)),
    lead ? h('p', { class: 'block-lead' }, lead) : null,
    content,
  );
}

function header(s: State): HTMLElement {
  const { ds, version } = s;
  const name = s.filing?.department.name ?? ds.departmentName;
  const latest = ds.latestVersion;
  return h('header', { class: 'ds-header' },
    h('div', { class: 'wrap' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'breadcrumb' },
        h('ol', null,
          h('li', null, h('a', { href: withLang('/') }, t('breadcrumbHome'))),
          h('li', null, h('a', { href: withLang(`/?q=${encodeURIComponent(name.slice(0, 50))}`) }, t('navCatalog'))),
          h('li', { 'aria-current': 'page' }, `${name} · ${t('yearN', { n: ds.year })}`),
        ),
      ),
      h('p', { class: 'ds-kicker' }, `${t('yearN', { n: ds.year })} ${t('finalAccounts')}`),
      h('h1', null, name),
      h('p', { class: 'ds-sub' }, h('span', { class: 'mono' }, ds.departmentId), ' · ', regionLabel(ds.regionCode, lang)),
      h('dl', { class: 'ds-meta' },
        meta('metaYear', String(ds.year)),
        meta('metaVersion', h('span', { id: 'meta-version' }, t('versionN', { n: version.version }), version.version === latest ? null : h('span', { class: 'badge badge-muted' }, t('historicVersion', { n: version.version }).replace(/。$/, '')))),
        meta('metaPublished', h('time', { datetime: version.publishedAt }, formatTime(version.publishedAt))),
        meta('metaUnit', s.filing?.unit ?? '—'),
        meta('metaSignature', h('span', { id: 'sig-status', class: 'sig sig-pending', role: 'status' }, t('sigChecking'))),
      ),
      h('div', { id: 'sig-detail', class: 'sig-detail', hidden: true }),
      h('nav', { class: 'year-switch', id: 'year-switch', 'aria-label': t('otherYears'), hidden: true }),
      version.version !== latest && version.status === 'published'
        ? h('p', { class: 'notice' }, t('historicVersion', { n: version.version }), ' ', h('a', { href: withLang(datasetPageUrl(ds.departmentId, ds.year)) }, t('goLatest', { n: latest })))
        : null,
      version.status === 'withdrawn' ? h('p', { class: 'notice notice-error', role: 'alert' }, t('withdrawnVersion', { at: formatTime(version.withdrawnAt ?? version.publishedAt), reason: version.withdrawnReason ?? '' })) : null,
    ),
  );
}

function fillYears(s: State): void {
  const nav = byId('year-switch');
  if (!nav || s.years.length < 2) return;
  replace(nav,
    h('span', { class: 'year-switch-label' }, `${t('otherYears')}${colon()}`),
    h('ul', null, s.years.map((i) => h('li', null, i.year === s.ds.year
      ? h('span', { class: 'year current', 'aria-current': 'page' }, String(i.year))
      : h('a', { class: 'year', href: withLang(datasetPageUrl(i.departmentId, i.year)) }, String(i.year))))),
  );
  nav.hidden = false;
}

function meta(label: Key, value: Node | string): HTMLElement {
  return h('div', null, h('dt', null, t(label)), h('dd', null, value));
}

function renderSignature(s: State): void {
  const status = byId('sig-status');
  const detail = byId('sig-detail');
  if (!status || !detail) return;
  const v = s.verification;
  if (!v) return;
  if (v instanceof Error) {
    status.className = 'sig sig-bad';
    status.textContent = t('sigError');
    replace(detail, h('p', null, v.message));
    detail.hidden = false;
    return;
  }
  const ok = v.problem === null;
  status.className = `sig ${ok ? 'sig-ok' : 'sig-bad'}`;
  replace(status, h('span', { class: 'sig-icon', 'aria-hidden': 'true' }, ok ? '✓' : '✗'), ok ? t('sigOk') : t('sigBad'));
  const lines: [boolean | null, string][] = [
    [ok, ok ? t('sigDetailOk', { kid: v.keyId }) : `${t('sigBad')}${colon()}${v.problem}`],
    [v.manifest, v.manifest ? t('sigDetailManifest') : t('sigDetailManifestBad')],
  ];
  if (v.canonical !== null) lines.push([v.canonical, v.canonical ? t('sigDetailCanonical') : t('sigDetailCanonicalBad')]);
  if (v.key?.revoked) lines.push([false, t('sigKeyRevoked', { at: formatTime(v.key.revoked) })]);
  else if (v.key?.status === 'expired') lines.push([false, t('sigKeyExpired')]);
  replace(detail, h('details', null,
    h('summary', null, t('sigDetails')),
    h('ul', { class: 'sig-lines' }, lines.map(([good, text]) => h('li', { class: good ? 'good' : 'bad' }, h('span', { 'aria-hidden': 'true' }, good ? '✓ ' : '✗ '), text))),
  ));
  detail.hidden = false;
  const corrects = v.manifestData.corrects;
  const versionEl = byId('meta-version');
  if (corrects && versionEl && !versionEl.querySelector('.corrects')) versionEl.insertBefore(h('span', { class: 'corrects' }, t('metaCorrects', { n: corrects })), versionEl.childNodes[1] ?? null);
}

function fillSizes(s: State): void {
  if (!(s.verification && !(s.verification instanceof Error))) return;
  const sizes = new Map(s.verification.manifestData.files.map((f) => [f.path, f.bytes]));
  for (const el of document.querySelectorAll<HTMLElement>('[data-size-of]')) {
    const bytes = sizes.get(el.dataset.sizeOf ?? '');
    if (bytes !== undefined) el.textContent = formatBytes(bytes);
  }
}

const SECTIONS: [string, Key][] = [['overview', 'secOverview'], ['charts', 'secCharts'], ['findings', 'secFindings'], ['tables', 'secTables'], ['attachment', 'secAttachment'], ['report', 'secReport'], ['versions', 'secVersions'], ['downloads', 'secDownloads']];

/** Narrow screens: the sections as one scrolling row under the header (the side contents is hidden). */
function sectionNav(): HTMLElement {
  return h('nav', { class: 'section-nav', 'aria-label': t('tocTitle') },
    h('ul', null, SECTIONS.map(([id, key]) => h('li', null, h('a', { href: `#sec-${id}` }, t(key))))),
  );
}

function toc(s: State): HTMLElement {
  const items = SECTIONS;
  return h('nav', { class: 'toc', 'aria-labelledby': 'toc-h' },
    h('h2', { id: 'toc-h', class: 'toc-title' }, t('tocTitle')),
    h('ol', null, items.map(([id, key]) => h('li', null,
      h('a', { href: `#sec-${id}` }, t(key), id === 'findings' && s.report ? h('span', { class: `toc-count${s.report.summary.error ? ' err' : ''}` }, String(s.report.summary.error + s.report.summary.warning)) : null),
      id === 'tables' ? h('ol', { class: 'toc-tables' }, s.filing.tables.map((tb) => h('li', null, h('a', { href: `#${tableId(tb.id)}`, title: displayTableName(s.filing, tb) },
        tb.number ? `${/(\d+)/.exec(tb.number)?.[1] ?? tb.number} ` : '', lang === 'zh' ? tb.title : (englishTitle(s.filing, tb) ?? tb.title))))) : null,
    ))),
  );
}

function overview(s: State): HTMLElement {
  const unit = s.filing.unit;
  return h('ul', { class: 'key-figures' }, keyFigures(s.filing).map((k) => {
    const id = cellId(k.cell.table, k.cell.section, k.cell.row, k.cell.column);
    const a = h('a', { href: `#${encodeURI(id)}`, class: 'kf' },
      h('span', { class: 'kf-label' }, t(k.key)),
      h('span', { class: 'kf-value' }, k.value === null ? h('span', { class: 'muted' }, t('figBlank')) : k.value, k.value === null ? null : h('span', { class: 'kf-unit' }, unit)),
      h('span', { class: 'kf-note' }, k.share !== undefined ? t('figShareOf', { p: k.share }) : tableNumber(findTable(s.filing, k.cell.table)?.number ?? '')),
    );
    a.addEventListener('click', (e) => {
      e.preventDefault();
      highlight([{ ids: [id], all: false }], 0, announce);
    });
    return h('li', null, a);
  }));
}

function chartSpecs(s: State): ChartSpec[] {
  const f = s.filing;
  const unit = f.unit;
  const name = (id: string | undefined) => {
    const tb = id ? findTable(f, id) : undefined;
    return tb ? (lang === 'zh' ? tableName(tb) : displayTableName(f, tb)) : '';
  };
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
function trendSpec(s: State): ChartSpec {
  const f = s.filing;
  const unit = f.unit;
  const trend = s.trend ?? [];
  const name = (id: string | undefined) => {
    const tb = id ? findTable(f, id) : undefined;
    return tb ? (lang === 'zh' ? tableName(tb) : displayTableName(f, tb)) : '';
  };
  const several = trend.length > 1;
  return {
    id: 'trend', title: t('chartTrend'), height: 300, wide: true,
    note: t('chartTrendNote', { u: unit, t1: name('income-expenditure'), t2: name(functionalBreakdown(f).source) }),
    summary: s.trend === null ? t('loading') : several ? trend.map((y) => `${y.year}: ${[y.income, y.expenditure].filter(Boolean).join(' / ')} ${unit}`).join('；') : t('chartTrendSingle'),
    option: several ? () => trendOption(trend, unit) : null,
    before: several ? trendKey(trend) : null,
    after: several ? trendTable(trend, f.year, unit) : null,
  };
}

function downloads(s: State): HTMLElement {
  const { ds, version } = s;
  const file = (p: string) => filePath(ds.departmentId, ds.year, version.version, p);
  const whole: [string, Key, Key][] = [
    [FILING_PATH, 'dlFiling', 'dlFilingDesc'],
    [DATA_PACKAGE_PATH, 'dlDatapackage', 'dlDatapackageDesc'],
    [CSVW_PATH, 'dlCsvw', 'dlCsvwDesc'],
    [FINDINGS_PATH, 'dlFindings', 'dlFindingsDesc'],
    [MANIFEST_PATH, 'dlManifest', 'dlManifestDesc'],
    [SUBMISSION_PATH, 'dlSubmission', 'dlSubmissionDesc'],
  ];
  return h('div', { class: 'downloads' },
    h('ul', { class: 'dl-list' }, whole.map(([path, label, desc]) => h('li', null,
      h('a', { href: file(path), type: 'application/json', 'data-download': path }, t(label)),
      h('span', { class: 'dl-desc' }, t(desc)),
      h('span', { class: 'dl-file mono' }, path, ' ', h('span', { class: 'dl-size', 'data-size-of': path })),
    ))),
    h('h3', null, t('dlTables')),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('dlTables') },
      h('table', { class: 'fin compact dl-table' },
        h('caption', { class: 'sr-only' }, t('dlTables')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('secTables')), h('th', { scope: 'col' }, 'CSV'), h('th', { scope: 'col' }, t('downloadCsvExcel')), h('th', { scope: 'col' }, 'JSON'))),
        h('tbody', null, s.filing.tables.map((tb) => h('tr', null,
          h('th', { scope: 'row' }, displayTableName(s.filing, tb)),
          h('td', null, h('a', { href: file(`tables/${tb.id}.csv`), download: '' }, `${tb.id}.csv`), ' ', h('span', { class: 'dl-size', 'data-size-of': `tables/${tb.id}.csv` })),
          h('td', null, h('a', { href: `${file(`tables/${tb.id}.csv`)}?bom=1`, download: '' }, `${tb.id}.csv`)),
          h('td', null, h('a', { href: file(`tables/${tb.id}.json`), type: 'application/json' }, `${tb.id}.json`), ' ', h('span', { class: 'dl-size', 'data-size-of': `tables/${tb.id}.json` })),
        ))),
      ),
    ),
    h('p', { class: 'dl-codelists' },
      h('a', { href: file('codelists/functional.csv'), download: '' }, 'codelists/functional.csv'), ' · ',
      h('a', { href: file('codelists/economic.csv'), download: '' }, 'codelists/economic.csv'),
    ),
  );
}

function tablesContext(s: State): TablesContext {
  return { filing: s.filing, departmentId: s.ds.departmentId, year: s.ds.year, version: s.version.version, wide: WIDE.matches };
}

async function render(s: State): Promise<void> {
  disposeCharts();
  const f = s.filing;
  document.title = `${f.department.name} ${t('yearN', { n: f.year })} ${t('finalAccounts')} · ${t('siteName')}`;
  const figures = chartSpecs(s).map(chartFigure);
  let trend = chartFigure(trendSpec(s));
  figures.push(trend);
  const ctx = tablesContext(s);
  const content = [
    announceEl(),
    header(s),
    sectionNav(),
    h('div', { class: 'wrap ds-layout' },
      h('aside', { class: 'ds-aside' }, toc(s)),
      h('div', { class: 'ds-content' },
        block('overview', 'secOverview', null, overview(s)),
        block('charts', 'secCharts', null, h('div', { class: 'chart-grid' }, figures.map((x) => x.el))),
        block('findings', 'secFindings', t('findingsLead'), renderFindings(f, s.report, announce)),
        block('tables', 'secTables', null,
          h('nav', { class: 'table-jump', 'aria-label': t('tablesJump') },
            h('ul', null, f.tables.map((tb) => h('li', null, h('a', { href: `#${tableId(tb.id)}`, class: isEmptyTable(tb) ? 'empty' : null, title: displayTableName(f, tb) }, tb.number ? tableNumber(tb.number) : tb.title)))),
          ),
          f.tables.map((tb) => renderTable(ctx, tb)),
        ),
        block('attachment', 'secAttachment', null, renderPerformance(f)),
        block('report', 'secReport', null, renderNarrative(f)),
        block('versions', 'secVersions', t('versionsLead'), renderVersions({ dataset: s.ds, current: s.version.version, filing: f, announce })),
        block('downloads', 'secDownloads', t('downloadsLead'), downloads(s)),
      ),
    ),
  ];
  replace(main, ...content);
  flagCells(f, s.report);
  const drawTrend = s.trend !== null ? trend.draw() : s.trendReady.then(() => {
    if (state !== s || !trend.el.isConnected) return;
    const ready = chartFigure(trendSpec(s));
    trend.el.replaceWith(ready.el);
    trend = ready;
    return ready.draw();
  });
  fillYears(s);
  const widths = measure(figures);
  await Promise.all([...figures.slice(0, -1).map((x, i) => x.draw(widths[i])), drawTrend]);
  if (s.verification) {
    renderSignature(s);
    fillSizes(s);
  }
}

function renderWithdrawn(s: State): void {
  document.title = `${s.ds.departmentName} ${t('yearN', { n: s.ds.year })} · ${t('siteName')}`;
  replace(main, announceEl(), header(s), h('div', { class: 'wrap' }, block('versions', 'secVersions', t('versionsLead'), renderVersions({ dataset: s.ds, current: s.version.version, filing: undefined as unknown as Filing, announce }))));
  const sig = byId('sig-status');
  if (sig) sig.textContent = '—';
  markReady();
}

WIDE.addEventListener('change', () => {
  const s = state;
  const tb = s?.filing ? findTable(s.filing, 'general-budget-basic-expenditure') : undefined;
  const el = tb ? byId(tableId(tb.id)) : null;
  if (!s || !tb || !el) return;
  el.replaceWith(renderTable(tablesContext(s), tb));
  flagCells(s.filing, s.report);
});

