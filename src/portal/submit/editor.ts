// The tables as read, every value cell an input: a department corrects a misread figure or fills one that was
// not placed, in place. Amounts stay the decimal strings typed (normalised only safely: full-width digits,
// separators); an empty cell is a blank (null), never a zero; ──── is a cell the template rules out ("n/a").
// Cells carry the ids the dataset page gives them (c/{table}/{section}/{row}/{column}), so findings link to them.
import type { Cell } from '../../core/model/cell.ts';
import { normaliseDecimal } from '../../core/decimal.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import { cellId, columnLabel, headId, levelOf, nameId, rowKey, rowLabel, sectionId, tableId, tableName, type Column, type Row } from '../dataset/model.ts';
import { shown } from './text.ts';

interface RawSection { id: string; title?: string; columns: Column[]; rows: Row[] }
interface RawTable { id: string; number?: string; title: string; unit: string; sections: RawSection[] }

export interface Edit {
  id: string;
  label: string;
  from: Cell;
  to: Cell;
}

export interface EditorEvents {
  /** A cell was changed to a valid value (or back to what was read). */
  changed(): void;
  announce(text: string): void;
}

const RULED_OUT = /^(?:[─━—–\-－]{2,}|n\/a)$/i;

/** What a typed text stands for: a blank, "n/a", an amount, or undefined (not a figure). */
export function cellFromText(text: string): Cell | undefined {
  const s = text.trim();
  if (s === '') return null;
  if (RULED_OUT.test(s)) return 'n/a';
  return normaliseDecimal(s) ?? undefined;
}

export const cellText = (c: Cell | undefined): string => (c === null || c === undefined ? '' : c === 'n/a' ? '────' : c);

export class TableEditor {
  /** The value each cell had as read, by element id. */
  private readonly read = new Map<string, Cell>();
  private readonly labels = new Map<string, string>();
  readonly invalid = new Set<string>();
  readonly element: HTMLElement;

  constructor(private readonly filing: Record<string, unknown>, private readonly events: EditorEvents) {
    const tables = (Array.isArray(filing.tables) ? filing.tables : []) as RawTable[];
    this.element = h('div', { class: 'ws-tables' }, tables.map((tb) => this.table(tb)));
    this.element.addEventListener('keydown', (e) => this.move(e));
  }

  /** Every cell whose value differs from what was read. */
  edits(): Edit[] {
    const out: Edit[] = [];
    for (const input of this.element.querySelectorAll<HTMLInputElement>('input.ws-cell')) {
      const id = input.parentElement!.id;
      const from = this.read.get(id) ?? null;
      // A cell the import left out reads as a blank, as it was read.
      const to = this.valueOf(input) ?? null;
      if (to !== from) out.push({ id, label: this.labels.get(id) ?? id, from, to });
    }
    return out;
  }

  private valueOf(input: HTMLInputElement): Cell | undefined {
    const { table, section, row, column } = input.dataset;
    const tb = (this.filing.tables as RawTable[])[Number(table)];
    return tb?.sections[Number(section)]?.rows[Number(row)]?.values[column!];
  }

  private table(tb: RawTable): HTMLElement {
    const ti = (this.filing.tables as RawTable[]).indexOf(tb);
    return h('section', { class: 'ws-table', id: tableId(tb.id), 'aria-labelledby': `${tableId(tb.id)}/h` },
      h('h3', { id: `${tableId(tb.id)}/h` }, shown(tableName(tb as never)), h('span', { class: 'ws-unit' }, shown(tb.unit ?? ''))),
      tb.sections.map((s, si) => this.section(tb, ti, s, si)),
    );
  }

  private section(tb: RawTable, ti: number, s: RawSection, si: number): HTMLElement {
    const lines = s.rows.some((r) => r.line !== undefined);
    const caption = [tableName(tb as never), tb.sections.length > 1 ? s.title : undefined].filter(Boolean).join(' · ');
    return h('div', { class: 'table-scroll' },
      h('table', { class: 'ws-grid', id: sectionId(tb.id, s.id) },
        h('caption', { class: tb.sections.length > 1 && s.title ? '' : 'sr-only' }, shown(caption)),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('colItem')),
          lines ? h('th', { scope: 'col', class: 'ws-line' }, t('colLine')) : null,
          s.columns.map((c) => h('th', { scope: 'col', id: headId(tb.id, s.id, c.key) }, shown(columnLabel(c)))),
        )),
        h('tbody', null, s.rows.map((r, ri) => h('tr', null,
          h('th', { scope: 'row', id: nameId(tb.id, s.id, rowKey(r)), class: `ws-name lvl-${levelOf(r.key ? undefined : r.code)}` }, shown(rowLabel(r))),
          lines ? h('td', { class: 'ws-line' }, r.line === undefined ? '' : String(r.line)) : null,
          s.columns.map((c, ci) => this.cell(tb, ti, s, si, r, ri, c, ci)),
        ))),
      ),
    );
  }

  private cell(tb: RawTable, ti: number, s: RawSection, si: number, r: Row, ri: number, c: Column, ci: number): HTMLElement {
    const id = cellId(tb.id, s.id, rowKey(r), c.key);
    const value = r.values[c.key];
    this.read.set(id, value ?? null);
    const label = [tb.number ?? tb.title, rowLabel(r), columnLabel(c)].join(' · ');
    this.labels.set(id, label);
    const input = h('input', {
      type: 'text', class: 'ws-cell', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
      'aria-label': shown(label), value: cellText(value),
      'data-table': ti, 'data-section': si, 'data-row': ri, 'data-column': c.key, 'data-ci': ci,
    });
    input.addEventListener('change', () => this.change(input, id, r, c.key));
    return h('td', { id, class: value === undefined ? 'ws-absent' : '' }, input);
  }

  private change(input: HTMLInputElement, id: string, r: Row, column: string): void {
    const next = cellFromText(input.value);
    const td = input.parentElement!;
    if (next === undefined) {
      this.invalid.add(id);
      input.setAttribute('aria-invalid', 'true');
      td.classList.add('ws-bad');
      input.title = t('subCellBad', { text: input.value });
      this.events.announce(input.title);
      this.events.changed();
      return;
    }
    this.invalid.delete(id);
    input.removeAttribute('aria-invalid');
    input.removeAttribute('title');
    td.classList.remove('ws-bad');
    (r.values as Record<string, Cell>)[column] = next;
    input.value = cellText(next);
    td.classList.toggle('ws-edited', next !== (this.read.get(id) ?? null));
    this.events.changed();
  }

  /** Up and Down (and Enter) move to the same column in the row above or below. */
  private move(e: KeyboardEvent): void {
    const input = e.target as HTMLElement;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('ws-cell')) return;
    const step = e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey) ? 1 : e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 0;
    if (!step) return;
    const body = input.closest('tbody')!;
    const next = body.querySelector<HTMLInputElement>(`input[data-row="${Number(input.dataset.row) + step}"][data-ci="${input.dataset.ci}"]`);
    if (e.key === 'Enter') input.dispatchEvent(new Event('change'));
    if (next) {
      e.preventDefault();
      next.focus();
      next.select();
    }
  }
}
