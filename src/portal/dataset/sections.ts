// The page's frame: the live region for announcements, the section blocks and the two contents
// (side list on wide screens, scrolling row on narrow ones).
import { byId, h, type Child } from '../dom.ts';
import { lang, t, type Key } from '../i18n.ts';
import { tableId } from './model.ts';
import type { State } from './state.ts';
import { displayTableName, englishTitle } from './tables.ts';

export function announceEl(): HTMLElement {
  return h('p', { id: 'announce', class: 'sr-only', 'aria-live': 'polite' });
}

/** Read out by screen readers, e.g. what a finding's location highlighted. */
export function announce(text: string): void {
  const el = byId('announce');
  if (el) el.textContent = text;
}

export function block(id: string, title: Key, lead: string | null, ...content: Child[]): HTMLElement {
  return h('section', { class: 'block', id: `sec-${id}`, 'aria-labelledby': `sec-${id}-h`, tabindex: -1 },
    h('h2', { id: `sec-${id}-h` }, t(title)),
    lead ? h('p', { class: 'block-lead' }, lead) : null,
    content,
  );
}

const SECTIONS: [string, Key][] = [['overview', 'secOverview'], ['charts', 'secCharts'], ['findings', 'secFindings'], ['tables', 'secTables'], ['attachment', 'secAttachment'], ['report', 'secReport'], ['versions', 'secVersions'], ['downloads', 'secDownloads']];

/** Narrow screens: the sections as one scrolling row under the header (the side contents is hidden). */
export function sectionNav(): HTMLElement {
  return h('nav', { class: 'section-nav', 'aria-label': t('tocTitle') },
    h('ul', null, SECTIONS.map(([id, key]) => h('li', null, h('a', { href: `#sec-${id}` }, t(key))))),
  );
}

export function toc(s: State): HTMLElement {
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
