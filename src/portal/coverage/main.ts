// The coverage page (/coverage): for a region and year, the registered departments expected to publish,
// who has, who has not, who withdrew, and who is late against the region's deadline; counts and 公开率.
// All from GET /v1/coverage (computed by the core from the Registry).
import type { Coverage, CoverageDeadline, CoverageDepartment, CoverageSummary } from '../../core/contract/coverage.ts';
import { coveragePath, queryPath } from '../../core/contract/urls.ts';
import { ApiError, datasetPageUrl, getJson } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { lang, t, withLang, type Key } from '../i18n.ts';
import { nameNode } from '../names.ts';
import { regionLabel } from '../regions.ts';
import { initShell, pageError } from '../shell.ts';

interface Query { region: string; year: string }

function fromUrl(): Query {
  const p = new URLSearchParams(location.search);
  const ok = (k: string, re: RegExp) => (re.test(p.get(k) ?? '') ? p.get(k)! : '');
  return { region: ok('region', /^\d{2}(\d{2}){0,2}$/), year: ok('year', /^\d{4}$/) };
}

const main = byId('main')!;
let query = fromUrl();

const STATUS_BADGE: Record<CoverageDepartment['status'], string> = { published: 'badge-ok', missing: 'badge-error', withdrawn: 'badge-warning' };
const TIME_BADGE: Record<CoverageDepartment['timeliness'], string> = { 'on-time': 'badge-ok', late: 'badge-warning', overdue: 'badge-error', pending: 'badge-info', 'no-deadline': 'badge-muted' };
const statusText = (s: CoverageDepartment['status']) => t(`covStatus_${s}` as Key);
const timeText = (s: CoverageDepartment['timeliness']) => t(`covTime_${s.replace(/-/g, '_')}` as Key);

function deadlineText(d: CoverageDeadline | null): string {
  if (!d) return t('covNoDeadline');
  return d.source === 'entered' ? t('covDeadlineEntered', { date: d.date }) : t('covDeadlineApproval', { date: d.date, approval: d.approvalDate ?? '' });
}

function form(): HTMLElement {
  const input = (name: keyof Query, label: Key, value: string, extra: Record<string, string>) =>
    h('label', null, t(label), h('input', { id: `cov-${name}`, name, value, ...extra }));
  const f = h('form', { class: 'cmp-form', role: 'search', 'aria-label': t('covTitle') },
    input('region', 'covRegion', query.region, { inputmode: 'numeric', pattern: '\\d{2}(\\d{2}){0,2}', placeholder: '1406' }),
    input('year', 'covYear', query.year, { inputmode: 'numeric', pattern: '\\d{4}', placeholder: '2023' }),
    h('button', { type: 'submit', class: 'button' }, t('covShow')));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(f);
    query = { region: String(data.get('region') ?? '').trim(), year: String(data.get('year') ?? '').trim() };
    history.pushState(null, '', withLang(queryPath('/coverage', { ...query })));
    void load();
  });
  return f;
}

function summary(s: CoverageSummary): HTMLElement {
  const stat = (label: Key, value: string, note?: string) =>
    h('div', { class: 'kf' }, h('dt', { class: 'kf-label' }, t(label)), h('dd', { class: 'kf-value' }, value), note ? h('dd', { class: 'kf-note' }, note) : null);
  return h('dl', { class: 'key-figures cov-summary', id: 'cov-summary' },
    stat('covExpected', String(s.expected)),
    stat('covPublished', String(s.published)),
    stat('covMissing', String(s.missing)),
    stat('covWithdrawn', String(s.withdrawn)),
    stat('covLate', String(s.late.total), t('covLateDetail', { notPublished: s.late.notPublished, publishedLate: s.late.publishedLate })),
    stat('covRate', s.rate === null ? t('covRateNone') : `${s.rate}%`));
}

function regionsTable(c: Coverage): HTMLElement {
  return h('table', { class: 'cmp-table', id: 'cov-regions' },
    h('thead', null, h('tr', null, ...(['covRegionCol', 'covDeadlineCol', 'covExpected', 'covPublished', 'covMissing', 'covWithdrawn', 'covLate', 'covRate'] as Key[]).map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, c.regions.map((r) => h('tr', null,
      h('th', { scope: 'row' }, r.regionName ? `${r.regionName} · ${regionLabel(r.regionCode, lang)}` : regionLabel(r.regionCode, lang)),
      h('td', null, deadlineText(r.deadline)),
      h('td', { class: 'num' }, String(r.summary.expected)), h('td', { class: 'num' }, String(r.summary.published)),
      h('td', { class: 'num' }, String(r.summary.missing)), h('td', { class: 'num' }, String(r.summary.withdrawn)),
      h('td', { class: 'num' }, String(r.summary.late.total)), h('td', { class: 'num' }, r.summary.rate === null ? t('covRateNone') : `${r.summary.rate}%`)))));
}

function departmentsTable(c: Coverage): HTMLElement {
  return h('table', { class: 'cmp-table', id: 'cov-departments' },
    h('thead', null, h('tr', null, ...(['covDepartmentCol', 'covRegionCol', 'covStatusCol', 'covTimelinessCol', 'covDeadlineCol', 'covFirstPublishedCol', 'covWithdrawnCol'] as Key[]).map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, c.departments.map((d) => h('tr', { 'data-department': d.id, 'data-status': d.status, 'data-timeliness': d.timeliness },
      h('th', { scope: 'row' },
        d.dataset ? h('a', { href: withLang(datasetPageUrl(d.id, c.year)) }, nameNode(d.name)) : nameNode(d.name),
        h('span', { class: 'dept-id mono' }, ` ${d.id}`),
        d.parentId ? h('span', { class: 'muted' }, ` · ${t('covParent', { id: d.parentId })}`) : null),
      h('td', null, d.regionCode),
      h('td', null, h('span', { class: `badge ${STATUS_BADGE[d.status]}` }, statusText(d.status))),
      h('td', null, h('span', { class: `badge ${TIME_BADGE[d.timeliness]}` }, timeText(d.timeliness))),
      h('td', null, d.deadline ?? t('covNoDeadline')),
      h('td', null, d.firstPublishedAt ? formatTime(d.firstPublishedAt) : '—'),
      h('td', null, d.withdrawnAt ? formatTime(d.withdrawnAt) : '—')))));
}

type Filter = 'all' | 'missing' | 'late' | 'withdrawn' | 'published';
const FILTERS: [Filter, Key][] = [['all', 'covFilterAll'], ['missing', 'covFilterMissing'], ['late', 'covFilterLate'], ['withdrawn', 'covFilterWithdrawn'], ['published', 'covFilterPublished']];
const shows = (f: Filter, tr: HTMLElement) => f === 'all' || (f === 'late' ? tr.dataset.timeliness === 'late' || tr.dataset.timeliness === 'overdue' : tr.dataset.status === f);

/** A choice of which departments to show, applied to the table's rows (no new request). */
function filter(table: HTMLElement): HTMLElement {
  const count = h('span', { id: 'cov-shown', class: 'muted', role: 'status', 'aria-live': 'polite' });
  const select = h('select', { id: 'cov-filter', name: 'show' }, FILTERS.map(([value, label]) => h('option', { value }, t(label))));
  const apply = () => {
    const rows = [...table.querySelectorAll<HTMLElement>('tbody tr')];
    let shown = 0;
    for (const tr of rows) {
      tr.hidden = !shows(select.value as Filter, tr);
      if (!tr.hidden) shown++;
    }
    count.textContent = t('covShown', { shown, total: rows.length });
  };
  select.addEventListener('change', apply);
  apply();
  return h('p', { class: 'cov-filter' }, h('label', { for: 'cov-filter' }, t('covFilter')), ' ', select, ' ', count);
}

async function load(): Promise<void> {
  main.setAttribute('aria-busy', 'true');
  try {
    const api = coveragePath({ region: query.region || undefined, year: query.year || undefined });
    const c = await getJson<Coverage>(api);
    if (!query.year) query = { ...query, year: String(c.year) };
    const where = c.region ? regionLabel(c.region, lang) : t('covAllRegions');
    replace(main,
      h('h1', null, t('covTitle')),
      h('p', { class: 'lead' }, t('covLead')),
      form(),
      h('p', { class: 'muted', id: 'cov-as-of' }, `${where} · ${c.year} · ${t('covAsOf', { time: formatTime(c.asOf) })}`),
      summary(c.summary),
      c.summary.noDeadline ? h('p', { class: 'notice' }, t('covNoDeadlineCount', { n: c.summary.noDeadline })) : null,
      h('section', { 'aria-labelledby': 'cov-h-regions' }, h('h2', { id: 'cov-h-regions' }, t('covRegions')), c.regions.length ? regionsTable(c) : h('p', null, t('covNone'))),
      h('section', { 'aria-labelledby': 'cov-h-departments' }, h('h2', { id: 'cov-h-departments' }, t('covDepartments')),
        c.truncated ? h('p', { class: 'notice', id: 'cov-truncated' }, t('covTruncated', { n: c.departments.length })) : null,
        c.departments.length ? (() => {
          const table = departmentsTable(c);
          return [filter(table), h('div', { class: 'table-scroll' }, table)];
        })() : h('p', null, t('covNone'))),
      c.unregistered.length ? h('section', { 'aria-labelledby': 'cov-h-unregistered' },
        h('h2', { id: 'cov-h-unregistered' }, t('covUnregistered')), h('p', { class: 'muted' }, t('covUnregisteredLead')),
        h('ul', { id: 'cov-unregistered' }, c.unregistered.map((u) => h('li', null,
          h('a', { href: withLang(datasetPageUrl(u.departmentId, c.year)) }, nameNode(u.name)), ` ${u.departmentId} · ${u.regionCode} · ${statusText(u.status)}`)))) : null,
      h('p', null, h('a', { href: api }, t('covJson'))),
    );
    document.title = `${t('covTitle')} · ${t('siteName')}`;
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
void load();
