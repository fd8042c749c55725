import type { FindingsSummary } from './api.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';

/** Errors and warnings of a version, or a quiet "no issues" mark. */
export function findingBadges(s: FindingsSummary): HTMLElement {
  const box = h('span', { class: 'badges' });
  if (s.error > 0) box.append(h('span', { class: 'badge badge-error', title: t('badgeErrorsTitle', { n: s.error }) }, t('badgeErrors', { n: s.error })));
  if (s.warning > 0) box.append(h('span', { class: 'badge badge-warning', title: t('badgeWarningsTitle', { n: s.warning }) }, t('badgeWarnings', { n: s.warning })));
  if (s.error === 0 && s.warning === 0) box.append(h('span', { class: 'badge badge-ok' }, t('badgeClean')));
  return box;
}
