// Pure helpers over a filing: where a cell is, what it is called, and the ids the page gives it.
// No DOM here, so that Node tests can use it.
import type { Location, TableLocation, TextLocation } from '../../core/checks/finding.ts';
import type { Cell, NOT_APPLICABLE } from '../../core/model/cell.ts';
import type { Filing } from '../../core/model/filing.ts';
import type { Column, Row, Section, Table } from '../../core/model/table.ts';

export type { Filing, Table, Section, Row, Column, Cell };

export const NA: typeof NOT_APPLICABLE = 'n/a';

/** A row's identity in its section: the fixed-row key, else the 科目代码. */
export const rowKey = (row: Row): string => row.key ?? row.code ?? '';

// Element ids: one per cell, row name, column header, table and text field. They read as paths
// (c/{table}/{section}/{row}/{column}), so that a link to a cell is also readable.
export const cellId = (table: string, section: string, row: string, column: string) => `c/${table}/${section}/${row}/${column}`;
export const nameId = (table: string, section: string, row: string) => `n/${table}/${section}/${row}`;
export const headId = (table: string, section: string, column: string) => `h/${table}/${section}/${column}`;
export const tableId = (table: string) => `t/${table}`;
export const sectionId = (table: string, section: string) => `s/${table}/${section}`;
/** A text field or attachment cell, by its JSON Pointer into the filing. */
export const pointerId = (pointer: string) => `j${pointer}`;

export function levelOf(code: string | undefined): 0 | 1 | 2 | 3 {
  if (!code) return 0;
  return code.length <= 3 ? 1 : code.length <= 5 ? 2 : 3;
}

export function findTable(f: Filing, id: string): Table | undefined {
  return f.tables.find((t) => t.id === id);
}

export function findSection(t: Table | undefined, id: string): Section | undefined {
  return t?.sections.find((s) => s.id === id);
}

export function findRow(s: Section | undefined, key: string): Row | undefined {
  return s?.rows.find((r) => rowKey(r) === key);
}

export function cellOf(f: Filing, table: string, section: string, row: string, column: string): Cell | undefined {
  return findRow(findSection(findTable(f, table), section), row)?.values[column];
}

/** 人员经费 (301 工资福利支出, 303 对个人和家庭的补助) or 公用经费 (the other economic classes). */
export function economicCategory(code: string): 'personnel' | 'public' {
  return code.startsWith('301') || code.startsWith('303') ? 'personnel' : 'public';
}

/** A table's printed name: 公开02表 收入决算表. */
export function tableName(t: Table): string {
  return t.number ? `${t.number} ${t.title}` : t.title;
}

/** "2010303 机关服务", "本年收入合计", or the row key when the row has no printed name. */
export function rowLabel(row: Row): string {
  const name = row.name.trim();
  if (row.code && !row.key) return `${row.code} ${name}`;
  return name || row.key || row.code || '';
}

export function columnLabel(c: Column): string {
  const title = c.group && !c.title.startsWith(c.group) ? `${c.group} ${c.title}` : c.title;
  return c.lanci ? `${title}（栏次${c.lanci}）` : title;
}

export function isTableLocation(l: Location): l is TableLocation {
  return 'table' in l;
}

export function isTextLocation(l: Location): l is TextLocation {
  return 'part' in l;
}

/** The ids a table location covers, most specific first: a cell, a row, a column, a section or a table. */
export function idsForTableLocation(f: Filing, l: TableLocation): string[] {
  const t = findTable(f, l.table);
  if (!t) return [];
  const sections = l.section ? t.sections.filter((s) => s.id === l.section) : t.sections;
  if (l.row === undefined && l.column === undefined) return l.section ? [sectionId(t.id, l.section)] : [tableId(t.id)];
  const ids: string[] = [];
  for (const s of sections) {
    if (l.row !== undefined) {
      const row = findRow(s, l.row);
      if (!row) continue;
      if (l.column !== undefined) {
        if (l.column in row.values || s.columns.some((c) => c.key === l.column)) ids.push(cellId(t.id, s.id, l.row, l.column));
      } else {
        ids.push(nameId(t.id, s.id, l.row), ...s.columns.map((c) => cellId(t.id, s.id, l.row!, c.key)));
      }
    } else if (l.column !== undefined && s.columns.some((c) => c.key === l.column)) {
      ids.push(headId(t.id, s.id, l.column), ...s.rows.map((r) => cellId(t.id, s.id, rowKey(r), l.column!)));
    }
  }
  return ids;
}

/**
 * A JSON Pointer into the filing as the ids the page carries: /tables/N/sections/M/rows/K/values/col
 * is a table cell; other pointers are text fields or attachment cells, shown under j{pointer}, or
 * under the nearest enclosing field the page shows.
 */
export function idsForPointer(f: Filing, pointer: string): string[] {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'tables' && parts[1] !== undefined) {
    const t = f.tables[Number(parts[1])];
    if (!t) return [];
    const s = parts[2] === 'sections' && parts[3] !== undefined ? t.sections[Number(parts[3])] : undefined;
    if (!s) return [tableId(t.id)];
    const row = parts[4] === 'rows' && parts[5] !== undefined ? s.rows[Number(parts[5])] : undefined;
    if (!row) return [sectionId(t.id, s.id)];
    if (parts[6] === 'values' && parts[7] !== undefined) return [cellId(t.id, s.id, rowKey(row), parts[7])];
    return [nameId(t.id, s.id, rowKey(row))];
  }
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(pointerId('/' + parts.slice(0, n).map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')));
  return out;
}

/** A short, readable name for a location: 公开03表 · 合计 · 项目支出（栏次3）. */
export function tableLocationLabel(f: Filing, l: TableLocation): string {
  const t = findTable(f, l.table);
  if (!t) return [l.number ?? l.table, l.row, l.column].filter(Boolean).join(' · ');
  const parts = [t.number ?? t.title];
  const s = l.section ? findSection(t, l.section) : undefined;
  if (s?.title && t.sections.length > 1) parts.push(s.title);
  if (l.row !== undefined) {
    const row = findRow(s ?? t.sections.find((x) => findRow(x, l.row!)), l.row);
    parts.push(row ? rowLabel(row) || (l.line ? `行次${l.line}` : l.row) : l.row);
  }
  if (l.column !== undefined) {
    const col = (s ?? t.sections[0])?.columns.find((c) => c.key === l.column) ?? t.sections.flatMap((x) => x.columns).find((c) => c.key === l.column);
    parts.push(col ? columnLabel(col) : l.column);
  }
  return parts.join(' · ');
}
