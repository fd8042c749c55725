// The key figures: each links to, and highlights, the cell it was read from.
import { h } from '../dom.ts';
import { t, tableNumber } from '../i18n.ts';
import { keyFigures } from './figures.ts';
import { highlight } from './highlight.ts';
import { cellId, findTable, type Filing } from './model.ts';
import { announce } from './sections.ts';

export function overview(f: Filing): HTMLElement {
  const unit = f.unit;
  return h('ul', { class: 'key-figures' }, keyFigures(f).map((k) => {
    const id = cellId(k.cell.table, k.cell.section, k.cell.row, k.cell.column);
    const a = h('a', { href: `#${encodeURI(id)}`, class: 'kf' },
      h('span', { class: 'kf-label' }, t(k.key)),
      h('span', { class: 'kf-value' }, k.value === null ? h('span', { class: 'muted' }, t('figBlank')) : k.value, k.value === null ? null : h('span', { class: 'kf-unit' }, unit)),
      h('span', { class: 'kf-note' }, k.share !== undefined ? t('figShareOf', { p: k.share }) : tableNumber(findTable(f, k.cell.table)?.number ?? '')),
    );
    a.addEventListener('click', (e) => {
      e.preventDefault();
      highlight([{ ids: [id], all: false }], 0, announce);
    });
    return h('li', null, a);
  }));
}
