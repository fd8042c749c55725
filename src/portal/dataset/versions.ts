// The version history, and what changed between two versions, cell by cell.
import { FILING_PATH } from '../../core/contract/files.ts';
import { datasetPageUrl, filePath, getJson, type DatasetDetail } from '../api.ts';
import { findingBadges } from '../badges.ts';
import { h, replace } from '../dom.ts';
import { formatTime, shortHash } from '../format.ts';
import { lang, t, withLang } from '../i18n.ts';
import { diffFilings, type FilingDiff } from './diff.ts';
import { highlight } from './highlight.ts';
import { cellId, NA, type Cell, type Filing } from './model.ts';

export interface VersionsContext {
  dataset: DatasetDetail;
  current: number;
  filing: Filing;
  announce(text: string): void;
}

export function renderVersions(ctx: VersionsContext): HTMLElement {
  const { dataset: ds } = ctx;
  const box = h('div', { class: 'versions' });
  box.append(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('secVersions') },
    h('table', { class: 'fin compact version-table' },
      h('caption', { class: 'sr-only' }, t('secVersions')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('colVersionN')),
        h('th', { scope: 'col' }, t('colPublished')),
        h('th', { scope: 'col' }, t('colStatus')),
        h('th', { scope: 'col' }, t('colFindings')),
        h('th', { scope: 'col', class: 'col-key' }, t('colKey')),
        h('th', { scope: 'col', class: 'col-hash' }, t('colManifest')),
      )),
      h('tbody', null, [...ds.versions].reverse().map((v) => h('tr', { class: v.version === ctx.current ? 'current' : null, 'aria-current': v.version === ctx.current ? 'page' : null },
        h('th', { scope: 'row' },
          v.version === ctx.current
            ? h('span', null, t('versionN', { n: v.version }), h('span', { class: 'badge badge-info' }, t('current')))
            : h('a', { href: withLang(datasetPageUrl(ds.departmentId, ds.year, v.version)) }, t('versionN', { n: v.version })),
        ),
        h('td', null, h('time', { datetime: v.publishedAt }, formatTime(v.publishedAt))),
        h('td', null, v.status === 'withdrawn' ? h('span', { class: 'badge badge-muted', title: v.withdrawnReason ?? '' }, t('statusWithdrawn')) : t('statusPublished')),
        h('td', null, findingBadges(v.findings)),
        h('td', { class: 'col-key mono' }, v.keyId),
        h('td', { class: 'col-hash mono', title: v.sha256 }, shortHash(v.sha256)),
      ))),
    ),
  ));
  const published = ds.versions.filter((v) => v.status === 'published');
  if (published.length < 2) {
    box.append(h('p', { class: 'muted' }, t('onlyOneVersion')));
    return box;
  }
  const options = () => published.map((v) => h('option', { value: String(v.version) }, t('versionN', { n: v.version })));
  const from = h('select', { id: 'diff-from', name: 'from' }, options());
  const to = h('select', { id: 'diff-to', name: 'to' }, options());
  const previous = published.filter((v) => v.version < ctx.current).at(-1) ?? published[0]!;
  const next = published.some((v) => v.version === ctx.current) ? ctx.current : published.at(-1)!.version;
  from.value = String(previous.version === next ? published[0]!.version : previous.version);
  to.value = String(next === Number(from.value) ? published.at(-1)!.version : next);
  const result = h('div', { id: 'diff-result', class: 'diff-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'compare', id: 'compare-form' },
    h('h3', null, t('compareTitle')),
    h('div', { class: 'compare-fields' },
      h('label', { for: 'diff-from' }, t('compareFrom')), from,
      h('label', { for: 'diff-to' }, t('compareTo')), to,
      h('button', { type: 'submit', class: 'button' }, t('compareButton')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void compare(ctx, Number(from.value), Number(to.value), result);
  });
  box.append(form, result);
  return box;
}

const cache = new Map<string, Promise<Filing>>();

function filingOf(ds: DatasetDetail, n: number, current: number, currentFiling: Filing): Promise<Filing> {
  if (n === current) return Promise.resolve(currentFiling);
  const url = filePath(ds.departmentId, ds.year, n, FILING_PATH);
  let p = cache.get(url);
  if (!p) {
    p = getJson<Filing>(url);
    cache.set(url, p);
  }
  return p;
}

async function compare(ctx: VersionsContext, a: number, b: number, out: HTMLElement): Promise<void> {
  if (a === b) {
    replace(out, h('p', { class: 'muted' }, t('compareSame')));
    return;
  }
  replace(out, h('p', { class: 'muted' }, t('compareLoading')));
  try {
    const [fa, fb] = await Promise.all([filingOf(ctx.dataset, a, ctx.current, ctx.filing), filingOf(ctx.dataset, b, ctx.current, ctx.filing)]);
    replace(out, renderDiff(diffFilings(fa, fb, lang), a, b, ctx));
  } catch (e) {
    replace(out, h('p', { class: 'error', role: 'alert' }, `${t('loadFailed')}: ${String(e)}`));
  }
}

function show(c: Cell | string | undefined): string {
  if (c === undefined) return t('absentCell');
  if (c === null || c === '') return t('blankCell');
  if (c === NA) return '────';
  return c;
}

export function renderDiff(d: FilingDiff, a: number, b: number, ctx: VersionsContext): HTMLElement {
  const box = h('div', { class: 'diff' });
  if (!d.cells.length && !d.rows.length && !d.fields.length) {
    box.append(h('p', { class: 'muted' }, t('compareNone')));
    return box;
  }
  box.append(h('p', { class: 'diff-summary' }, t('compareSummary', { c: d.cells.length, r: d.rows.length, t: d.fields.length })));
  const linkable = b === ctx.current || a === ctx.current;
  if (d.cells.length || d.rows.length) {
    box.append(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('compareTitle') },
      h('table', { class: 'fin compact diff-table' },
        h('caption', { class: 'sr-only' }, `${t('compareTitle')}: ${t('versionN', { n: a })} → ${t('versionN', { n: b })}`),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('colWhere')),
          h('th', { scope: 'col', class: 'num' }, t('colBefore', { n: a })),
          h('th', { scope: 'col', class: 'num' }, t('colAfter', { n: b })),
          h('th', { scope: 'col', class: 'num' }, t('colChange')),
        )),
        h('tbody', null,
          d.rows.map((r) => h('tr', { class: `diff-row ${r.kind}` },
            h('th', { scope: 'row' }, `${r.tableName} · ${r.rowLabel}`),
            h('td', { colspan: 3 }, r.kind === 'added' ? t('rowAdded') : t('rowRemoved')),
          )),
          d.cells.map((c) => {
            const id = cellId(c.table, c.section, c.row, c.column);
            const where = `${c.tableName} · ${c.sectionTitle ? c.sectionTitle + ' · ' : ''}${c.rowLabel} · ${c.columnLabel}`;
            const label = linkable ? h('a', { href: `#${encodeURI(id)}`, class: 'loc' }, where) : where;
            if (label instanceof HTMLAnchorElement) {
              label.addEventListener('click', (e) => {
                e.preventDefault();
                highlight([{ ids: [id], all: false }], 0, ctx.announce);
              });
            }
            return h('tr', null,
              h('th', { scope: 'row' }, label),
              h('td', { class: 'num before' }, show(c.before)),
              h('td', { class: 'num after' }, show(c.after)),
              h('td', { class: `num delta${c.delta?.startsWith('-') ? ' neg' : c.delta ? ' pos' : ''}` }, c.delta ?? ''),
            );
          }),
        ),
      ),
    ));
  }
  if (d.fields.length) {
    box.append(h('h4', null, t('textChanges')),
      h('ol', { class: 'field-changes' }, d.fields.map((x) => h('li', null,
        h('span', { class: 'field-where' }, x.label),
        h('del', null, x.before === undefined ? t('absentCell') : x.before || t('blankCell')),
        h('span', { 'aria-hidden': 'true' }, ' → '),
        h('ins', null, x.after === undefined ? t('absentCell') : x.after || t('blankCell')),
        x.delta ? h('span', { class: 'delta' }, ` (${x.delta})`) : null,
      ))),
    );
  }
  return box;
}
