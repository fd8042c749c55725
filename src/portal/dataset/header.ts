// The page header: breadcrumb, department, metadata, year switch, and the signature status once
// the signature has been verified.
import { datasetPageUrl } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { colon, lang, t, withLang, type Key } from '../i18n.ts';
import { regionLabel } from '../regions.ts';
import type { State } from './state.ts';

export function header(s: State): HTMLElement {
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

/** The links to the other years, once the catalog has answered. */
export function fillYears(s: State): void {
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

export function renderSignature(s: State): void {
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
  const ok = v.problem === null && v.log.problem === null;
  status.className = `sig ${ok ? 'sig-ok' : 'sig-bad'}`;
  replace(status, h('span', { class: 'sig-icon', 'aria-hidden': 'true' }, ok ? '✓' : '✗'), ok ? t('sigOk') : t('sigBad'));
  const lines: [boolean | null, string][] = [
    [v.problem === null, v.problem === null ? t('sigDetailOk', { kid: v.keyId }) : `${t('sigBad')}${colon()}${v.problem}`],
    [v.log.problem === null, v.log.problem === null
      ? t('sigDetailLog', { seq: v.log.versionSeq ?? '', fp: shortFingerprint(v.log.platformFingerprint), kid: v.keyId, kseq: v.log.keySeq ?? '' })
      : `${t('sigDetailLogBad')}${colon()}${v.log.problem}`],
    [v.manifest, v.manifest ? t('sigDetailManifest') : t('sigDetailManifestBad')],
  ];
  if (v.canonical !== null) lines.push([v.canonical, v.canonical ? t('sigDetailCanonical') : t('sigDetailCanonicalBad')]);
  if (v.key?.revoked) lines.push([false, t('sigKeyRevoked', { at: formatTime(v.key.revoked) })]);
  else if (v.key?.status === 'expired') lines.push([false, t('sigKeyExpired')]);
  replace(detail, h('details', null,
    h('summary', null, t('sigDetails')),
    h('ul', { class: 'sig-lines' }, lines.map(([good, text]) => h('li', { class: good ? 'good' : 'bad' }, h('span', { 'aria-hidden': 'true' }, good ? '✓ ' : '✗ '), text))),
    h('p', { class: 'sig-note' }, t('sigDetailLogNote')),
  ));
  detail.hidden = false;
  const corrects = v.manifestData.corrects;
  const versionEl = byId('meta-version');
  if (corrects && versionEl && !versionEl.querySelector('.corrects')) versionEl.insertBefore(h('span', { class: 'corrects' }, t('metaCorrects', { n: corrects })), versionEl.childNodes[1] ?? null);
}

/** sha256:7b40…0abe: enough to compare with the fingerprint an operator publishes. */
function shortFingerprint(fp: string): string {
  return fp.replace(/^(sha256:[0-9a-f]{8})[0-9a-f]+([0-9a-f]{8})$/, '$1…$2');
}
