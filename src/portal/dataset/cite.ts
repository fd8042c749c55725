// "Cite this": the version's immutable URL and its manifest's SHA-256, each copyable, and a citation that
// carries both. The URL never changes meaning (a correction is a new version), and the digest lets a reader
// check that what they hold is what was cited.
import { versionPath } from '../api.ts';
import { h } from '../dom.ts';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import type { State } from './state.ts';

export function cite(s: State): HTMLElement {
  const { ds, version } = s;
  const url = new URL(versionPath(ds.departmentId, ds.year, version.version), location.origin).href;
  const sha = `sha256:${version.sha256}`;
  const name = s.filing?.department.name ?? ds.departmentName;
  const text = t('citeText', { dept: name, year: ds.year, n: version.version, date: formatDate(version.publishedAt), url, sha });
  return h('div', { class: 'cite', id: 'cite' },
    h('h3', { id: 'cite-h' }, t('citeTitle')),
    h('dl', { class: 'cite-fields' },
      field('cite-url', t('citeUrl'), url),
      field('cite-sha', t('citeSha'), sha),
      field('cite-text', t('citeCitation'), text),
    ),
  );
}

function field(id: string, label: string, value: string): HTMLElement {
  const code = h('code', { id, class: 'cite-value' }, value);
  const button = h('button', { type: 'button', class: 'button button-quiet cite-copy', 'aria-describedby': id, onclick: () => void copy(value, code, button) }, t('citeCopy'));
  return h('div', null, h('dt', null, label), h('dd', null, code, ' ', button));
}

async function copy(value: string, code: HTMLElement, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(value);
    button.textContent = t('citeCopied');
  } catch {
    // No clipboard permission: select the text, for Ctrl-C.
    const range = document.createRange();
    range.selectNodeContents(code);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    button.textContent = t('citeSelected');
  }
  setTimeout(() => (button.textContent = t('citeCopy')), 2500);
}
