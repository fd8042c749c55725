// The dataset page, drawn from its section modules: header, overview, charts, findings, tables,
// attachment, text, versions, downloads. Loaded by main.ts in parallel with the data (its own
// chunk, with ECharts).
import type { KeySet } from '../../core/contract/key-set.ts';
import { KEYS_PATH } from '../../core/contract/urls.ts';
import { getJson } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { t, tableNumber } from '../i18n.ts';
import { initShell } from '../shell.ts';
import { chartSpecs, trendSpec } from './chart-specs.ts';
import { chartFigure, disposeCharts, measure } from './charts.ts';
import { downloads, fillSizes } from './downloads.ts';
import { yearFigures } from './figures.ts';
import { flagCells, renderFindings } from './findings.ts';
import { fillYears, header, renderSignature } from './header.ts';
import { highlightFromHash } from './highlight.ts';
import { findTable, tableId, type Filing } from './model.ts';
import { overview } from './overview.ts';
import { announce, announceEl, block, sectionNav, toc } from './sections.ts';
import { verifyVersion } from './signature.ts';
import type { Loaded, State } from './state.ts';
import { displayTableName, isEmptyTable, renderTable, type TablesContext } from './tables.ts';
import { renderNarrative, renderPerformance } from './text.ts';
import { renderVersions } from './versions.ts';

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
  // The sections below the fold were left to be laid out near the viewport (content-visibility: auto), so
  // that the page came sooner; once it is drawn and the browser idle, lay them all out: a full-page capture,
  // find in page and printing then have every section.
  const all = () => document.documentElement.classList.add('render-all');
  if ('requestIdleCallback' in window) requestIdleCallback(all, { timeout: 1500 });
  else setTimeout(all, 300);
}

// Printing before that: render everything, and open the closed <details> where ::details-content is not
// supported (print CSS opens them elsewhere); closed again after.
window.addEventListener('beforeprint', () => {
  document.documentElement.classList.add('render-all');
  if (CSS.supports('selector(::details-content)')) return;
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details:not([open])')) {
    d.open = true;
    window.addEventListener('afterprint', () => (d.open = false), { once: true });
  }
});

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

function tablesContext(s: State, wide = WIDE.matches && !printing): TablesContext {
  return { filing: s.filing, departmentId: s.ds.departmentId, year: s.ds.year, version: s.version.version, wide };
}

async function render(s: State): Promise<void> {
  disposeCharts();
  const f = s.filing;
  document.title = `${f.department.name} ${t('yearN', { n: f.year })} ${t('finalAccounts')} · ${t('siteName')}`;
  const figures = chartSpecs(f).map(chartFigure);
  let trend = chartFigure(trendSpec(f, s.trend));
  figures.push(trend);
  const ctx = tablesContext(s);
  const content = [
    announceEl(),
    header(s),
    sectionNav(),
    h('div', { class: 'wrap ds-layout' },
      h('aside', { class: 'ds-aside' }, toc(s)),
      h('div', { class: 'ds-content' },
        block('overview', 'secOverview', null, overview(f)),
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
    const ready = chartFigure(trendSpec(f, s.trend));
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

/** 06表 again, in its four column groups (wide) or as one list. */
function redraw06(): void {
  const s = state;
  const tb = s?.filing ? findTable(s.filing, 'general-budget-basic-expenditure') : undefined;
  const el = tb ? byId(tableId(tb.id)) : null;
  if (!s || !tb || !el) return;
  el.replaceWith(renderTable(tablesContext(s), tb));
  flagCells(s.filing, s.report);
}

WIDE.addEventListener('change', redraw06);

// On paper 06表 is one list: the page is narrower than the four groups, and Chromium drops whatever
// follows the four-group table when it paginates it (the versions, the downloads, the citation).
let printing = false;
window.addEventListener('beforeprint', () => {
  printing = true;
  if (WIDE.matches) redraw06();
});
window.addEventListener('afterprint', () => {
  printing = false;
  if (WIDE.matches) redraw06();
});
