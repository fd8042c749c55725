// Every table as the official report prints it: 行次 and 栏次, codes and names indented by their
// 类/款/项 level, amounts right-aligned exactly as printed, a blank kept apart from 0.00, ──── for a
// cell the template rules out, and the 本表无数据 statement of an empty table. Each cell carries an
// id from table/section/row/column, so that findings and links can point at it.
import { tableCsvPath, tableJsonPath } from '../../core/contract/files.ts';
import { tableDef, templateById } from '../../core/templates/index.ts';
import { filePath } from '../api.ts';
import { h, srOnly } from '../dom.ts';
import { colon, lang, t, tableNumber } from '../i18n.ts';
import {
  cellId, economicCategory, headId, levelOf, NA, nameId, rowKey, sectionId, tableId, tableName,
  type Cell, type Column, type Filing, type Row, type Section, type Table,
} from './model.ts';

export interface TablesContext {
  filing: Filing;
  departmentId: string;
  year: number;
  version: number;
  /** 06表 in its four printed column groups (wide screens) rather than one list. */
  wide: boolean;
}

/** The English title from the template, when the filing's template is known. */
export function englishTitle(f: Filing, table: Table): string | undefined {
  const tpl = templateById(f.template);
  return tpl ? tableDef(tpl, table.id)?.titleEn : undefined;
}

/** "Table 02 Income" in English, "公开02表 收入决算表" in Chinese. */
export function displayTableName(f: Filing, table: Table): string {
  if (lang === 'zh') return tableName(table);
  const en = englishTitle(f, table) ?? table.title;
  const n = /(\d+)/.exec(table.number ?? '')?.[1];
  return n ? `Table ${n} · ${en}` : en;
}

export function isEmptyTable(table: Table): boolean {
  return table.sections.every((s) => s.rows.every((r) => Object.values(r.values).every((c) => c === null || c === NA)));
}

export function renderTable(ctx: TablesContext, table: Table): HTMLElement {
  const f = ctx.filing;
  const headingId = `${tableId(table.id)}/h`;
  const file = (p: string, bom = false) => filePath(ctx.departmentId, ctx.year, ctx.version, p) + (bom ? '?bom=1' : '');
  const empty = isEmptyTable(table);
  const title = h('h3', { id: headingId, class: 'rt-title' },
    table.number ? h('span', { class: 'rt-number' }, tableNumber(table.number)) : null,
    h('span', { class: 'rt-name' }, lang === 'zh' ? table.title : (englishTitle(f, table) ?? table.title)),
    empty ? h('span', { class: 'badge badge-muted' }, t('emptyTable')) : null,
  );
  const el = h('section', { class: 'report-table', id: tableId(table.id), 'aria-labelledby': headingId, tabindex: -1 },
    h('header', { class: 'rt-head' },
      h('div', { class: 'rt-titles' },
        title,
        lang === 'en' ? h('p', { class: 'rt-original', lang: 'zh-CN' }, tableName(table)) : null,
        h('p', { class: 'rt-meta' },
          h('span', null, `${t('tableOrg')}${colon()}${table.department ?? f.department.name}`),
          h('span', null, t('tableYear', { n: table.year ?? f.year })),
          h('span', null, t('tableUnit', { u: table.unit })),
        ),
      ),
      h('p', { class: 'rt-downloads' },
        h('a', { href: file(tableCsvPath(table.id)), download: '', title: t('downloadCsvTitle'), 'data-download': 'csv' }, t('downloadCsv')),
        h('a', { href: file(tableCsvPath(table.id), true), download: '', title: t('downloadCsvExcelTitle'), 'data-download': 'csv-bom' }, t('downloadCsvExcel')),
        h('a', { href: file(tableJsonPath(table.id)), title: t('downloadJsonTitle'), type: 'application/json', 'data-download': 'json' }, t('downloadJson')),
      ),
    ),
  );
  const caption = displayTableName(f, table);
  if (table.id === 'general-budget-basic-expenditure' && table.sections.length === 1) {
    el.append(scroll(caption, ctx.wide && groupsOf(table.sections[0]!) ? economicGrid(table, table.sections[0]!, caption) : economicList(table, table.sections[0]!, caption)));
  } else if (isTwoSided(table)) {
    // Side by side as printed when both sides are narrow (01表); one above the other otherwise (04表).
    const narrow = table.sections.every((s) => s.columns.length <= 2);
    el.append(h('div', { class: narrow ? 'sides' : 'sides stacked' }, table.sections.map((s) => scroll(`${caption} ${s.title ?? ''}`, sectionTable(table, [s], `${caption} — ${s.title ?? s.id}`, s.title)))));
  } else {
    for (const run of runsOfSameColumns(table.sections)) el.append(scroll(caption, sectionTable(table, run, caption)));
  }
  if (table.statement) el.append(h('p', { class: 'statement' }, table.statement));
  if (table.note) el.append(h('p', { class: 'rt-note' }, table.note));
  return el;
}

/** 01表 and 04表 print income and expenditure side by side. */
function isTwoSided(table: Table): boolean {
  return table.sections.length === 2 && table.sections[0]!.id === 'income' && table.sections[1]!.id === 'expenditure';
}

/** Consecutive sections with the same columns print as one table (10表's three parts). */
function runsOfSameColumns(sections: readonly Section[]): Section[][] {
  const runs: Section[][] = [];
  for (const s of sections) {
    const last = runs.at(-1);
    const sig = (x: Section) => x.columns.map((c) => `${c.key}|${c.title}|${c.lanci ?? ''}|${c.group ?? ''}`).join(',');
    if (last && sig(last[0]!) === sig(s)) last.push(s);
    else runs.push([s]);
  }
  return runs;
}

function scroll(label: string, table: HTMLTableElement): HTMLElement {
  // Focusable so that a keyboard can scroll a table wider than the screen.
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': label }, table);
}

const isTotal = (row: Row) => row.key !== undefined && /(^|_)total($|_)|^grand_total$|^amounts$/.test(row.key);

/** Coded rows: 科目代码 + 科目名称; otherwise 项目 + 行次 (when printed). */
function leadOf(sections: readonly Section[]): { coded: boolean; line: boolean } {
  const rows = sections.flatMap((s) => s.rows);
  return { coded: rows.some((r) => r.code !== undefined && r.key === undefined), line: rows.some((r) => r.line !== undefined) };
}

export function cellContent(cell: Cell | undefined, row?: Row, tableUnit?: string): (Node | string)[] {
  if (cell === null || cell === undefined) return [];
  if (cell === NA) return [h('span', { 'aria-hidden': 'true' }, '────'), srOnly(t('notApplicable'))];
  const out: (Node | string)[] = [cell];
  if (row?.unit && row.unit !== tableUnit) out.push(h('span', { class: 'unit' }, row.unit));
  return out;
}

function valueCell(table: Table, section: Section, row: Row, column: Column): HTMLTableCellElement {
  const cell = row.values[column.key];
  const cls = cell === null || cell === undefined ? 'num blank' : cell === NA ? 'num na' : 'num';
  // No tabindex here: highlighting gives the cell it focuses tabindex=-1 (thousands fewer attributes).
  return h('td', { id: cellId(table.id, section.id, rowKey(row), column.key), class: cls, title: cell === NA ? t('notApplicable') : null }, cellContent(cell, row, table.unit));
}

function sectionTable(table: Table, sections: readonly Section[], caption: string, visibleCaption?: string): HTMLTableElement {
  const columns = sections[0]!.columns;
  const lead = leadOf(sections);
  const hasGroups = columns.some((c) => c.group);
  const headerRows = hasGroups || lead.coded ? 2 : 1;
  const first = sections[0]!;
  const r1 = h('tr');
  const r2 = h('tr');
  if (lead.coded) {
    r1.append(h('th', { scope: 'colgroup', colspan: 2, class: 'lead' }, t('colItem')));
    r2.append(h('th', { scope: 'col', class: 'lead code' }, t('colCode')), h('th', { scope: 'col', class: 'lead name-head' }, t('colName')));
  } else {
    r1.append(h('th', { scope: 'col', rowspan: headerRows, class: 'lead name-head' }, t('colItem')));
    if (lead.line) r1.append(h('th', { scope: 'col', rowspan: headerRows, class: 'line' }, t('colLine')));
  }
  for (let i = 0; i < columns.length; ) {
    const c = columns[i]!;
    if (c.group) {
      let j = i;
      while (j < columns.length && columns[j]!.group === c.group) j++;
      r1.append(h('th', { scope: 'colgroup', colspan: j - i, class: 'group' }, c.group));
      for (const g of columns.slice(i, j)) r2.append(h('th', { scope: 'col', id: headId(table.id, first.id, g.key), class: 'num' }, g.title));
      i = j;
    } else {
      r1.append(h('th', { scope: 'col', rowspan: headerRows, id: headId(table.id, first.id, c.key), class: 'num' }, c.title));
      i++;
    }
  }
  const thead = h('thead', null, r1, headerRows === 2 ? r2 : null);
  if (columns.some((c) => c.lanci !== undefined)) {
    thead.append(h('tr', { class: 'lanci' },
      h('th', { scope: 'row', colspan: lead.coded ? 2 : 1, class: 'lead' }, t('colLanci')),
      !lead.coded && lead.line ? h('td', { class: 'line' }) : null,
      columns.map((c) => h('td', { class: 'num' }, c.lanci !== undefined ? String(c.lanci) : '')),
    ));
  }
  const width = (lead.coded ? 2 : 1 + (lead.line ? 1 : 0)) + columns.length;
  const el = h('table', { class: `fin${lead.coded ? ' coded' : ''}${columns.length <= 2 ? ' slim' : ''}` },
    h('caption', visibleCaption ? { class: 'side-caption' } : { class: 'sr-only' }, visibleCaption ? [srOnly(caption.replace(/ — .*$/, '') + ' — '), visibleCaption] : caption),
    thead,
  );
  if (sections.length === 1) el.id = sectionId(table.id, first.id);
  for (const s of sections) {
    const tbody = h('tbody', sections.length > 1 ? { id: sectionId(table.id, s.id) } : null);
    if (sections.length > 1 && s.title) tbody.append(h('tr', { class: 'section-head' }, h('th', { scope: 'rowgroup', colspan: width }, s.title)));
    for (const row of s.rows) tbody.append(bodyRow(table, s, row, lead));
    el.append(tbody);
  }
  return el;
}

function bodyRow(table: Table, s: Section, row: Row, lead: { coded: boolean; line: boolean }): HTMLTableRowElement {
  const key = rowKey(row);
  const level = row.key === undefined ? levelOf(row.code) : 0;
  const tr = h('tr', { class: [isTotal(row) ? 'total' : '', level ? `lvl-${level}` : ''].filter(Boolean).join(' ') || null, 'data-row': `${table.id}/${s.id}/${key}` });
  if (lead.coded) {
    tr.append(h('td', { class: 'code' }, row.key === undefined ? (row.code ?? '') : ''));
    tr.append(h('th', { scope: 'row', id: nameId(table.id, s.id, key), class: 'name' }, row.name || srOnly(t('amountsLabel'))));
  } else {
    tr.append(h('th', { scope: 'row', id: nameId(table.id, s.id, key), class: 'name' }, row.name || srOnly(t('amountsLabel'))));
    if (lead.line) tr.append(h('td', { class: 'line' }, row.line !== undefined ? String(row.line) : ''));
  }
  for (const c of s.columns) tr.append(valueCell(table, s, row, c));
  return tr;
}

// 06表: 人员经费 and 公用经费 by economic class.

const personnelKeys = new Set(['personnel_total']);
const publicKeys = new Set(['public_total']);

/** The printed column groups, when every coded row has one and each group is all 人员 or all 公用. */
function groupsOf(section: Section): { group: number; category: 'personnel' | 'public'; rows: Row[] }[] | null {
  const coded = section.rows.filter((r) => r.code && r.key === undefined);
  if (!coded.length || coded.some((r) => r.group === undefined)) return null;
  const groups = [...new Set(coded.map((r) => r.group!))].sort((a, b) => a - b);
  const out = groups.map((g) => {
    const rows = coded.filter((r) => r.group === g);
    return { group: g, category: economicCategory(rows[0]!.code!), rows };
  });
  // Categories must run 人员 then 公用, as printed.
  const cats = out.map((g) => g.category);
  if (cats.indexOf('public') !== -1 && cats.lastIndexOf('personnel') > cats.indexOf('public')) return null;
  return out;
}

function amountColumn(section: Section): Column {
  return section.columns[0]!;
}

/** Wide screens: the four column groups as printed, each value cell tied to its headers. */
function economicGrid(table: Table, section: Section, caption: string): HTMLTableElement {
  const groups = groupsOf(section)!;
  const col = amountColumn(section);
  const r1 = h('tr');
  const r2 = h('tr');
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j]!.category === groups[i]!.category) j++;
    r1.append(h('th', { scope: 'colgroup', colspan: 3 * (j - i), class: 'group', id: `${headId(table.id, section.id, groups[i]!.category)}` }, groups[i]!.category === 'personnel' ? t('groupPersonnel') : t('groupPublic')));
    i = j;
  }
  for (const g of groups) {
    r2.append(
      h('th', { scope: 'col', class: 'code', id: headId(table.id, section.id, `code-g${g.group}`) }, t('colCode')),
      h('th', { scope: 'col', class: 'lead', id: headId(table.id, section.id, `name-g${g.group}`) }, t('colName')),
      h('th', { scope: 'col', class: 'num', id: g.group === groups[0]!.group ? headId(table.id, section.id, col.key) : headId(table.id, section.id, `${col.key}-g${g.group}`) }, col.title),
    );
  }
  const tbody = h('tbody');
  const height = Math.max(...groups.map((g) => g.rows.length));
  for (let i = 0; i < height; i++) {
    const tr = h('tr');
    for (const g of groups) {
      const row = g.rows[i];
      const gi = g.group === groups[0]!.group ? col.key : `${col.key}-g${g.group}`;
      if (!row) {
        tr.append(h('td', { class: 'code gap' }), h('td', { class: 'gap' }), h('td', { class: 'num gap' }));
        continue;
      }
      const key = rowKey(row);
      const level = levelOf(row.code);
      const cell = valueCell(table, section, row, col);
      cell.setAttribute('headers', `${nameId(table.id, section.id, key)} ${headId(table.id, section.id, gi)} ${headId(table.id, section.id, g.category)}`);
      if (g !== groups[0]) cell.classList.add('group-start-after');
      tr.append(
        h('td', { class: `code lvl-${level}${g !== groups[0] ? ' group-start' : ''}`, 'data-row': `${table.id}/${section.id}/${key}` }, row.code ?? ''),
        h('th', { class: `name lvl-${level}`, id: nameId(table.id, section.id, key), 'data-row': `${table.id}/${section.id}/${key}` }, row.name),
        cell,
      );
    }
    tbody.append(tr);
  }
  const totals = section.rows.filter((r) => r.key !== undefined);
  if (totals.length) {
    const tr = h('tr', { class: 'total' });
    const personnelSpan = 3 * groups.filter((g) => g.category === 'personnel').length;
    const publicSpan = 3 * groups.filter((g) => g.category === 'public').length;
    for (const row of totals) {
      const key = rowKey(row);
      const span = personnelKeys.has(key) ? personnelSpan : publicKeys.has(key) ? publicSpan : 3;
      const cell = valueCell(table, section, row, col);
      cell.setAttribute('headers', nameId(table.id, section.id, key));
      tr.append(h('th', { class: 'name', colspan: Math.max(1, span - 1), id: nameId(table.id, section.id, key) }, row.name), cell);
    }
    tbody.append(tr);
  }
  return h('table', { class: 'fin coded grid06', id: sectionId(table.id, section.id) },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, r1, r2),
    tbody,
  );
}

/** Phones (and any 06表 without printed groups): one list with 人员经费 and 公用经费 headings. */
function economicList(table: Table, section: Section, caption: string): HTMLTableElement {
  const col = amountColumn(section);
  const lead = { coded: true, line: false };
  const el = h('table', { class: 'fin coded list06', id: sectionId(table.id, section.id) },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null,
      h('tr', null,
        h('th', { scope: 'col', class: 'lead code' }, t('colCode')),
        h('th', { scope: 'col', class: 'lead name-head' }, t('colName')),
        h('th', { scope: 'col', class: 'num', id: headId(table.id, section.id, col.key) }, col.title),
      ),
    ),
  );
  const coded = section.rows.filter((r) => r.code && r.key === undefined);
  for (const category of ['personnel', 'public'] as const) {
    const rows = coded.filter((r) => economicCategory(r.code!) === category);
    const total = section.rows.find((r) => (category === 'personnel' ? personnelKeys : publicKeys).has(r.key ?? ''));
    if (!rows.length && !total) continue;
    const tbody = h('tbody', null, h('tr', { class: 'section-head' }, h('th', { scope: 'rowgroup', colspan: 3, id: headId(table.id, section.id, category) }, category === 'personnel' ? t('groupPersonnel') : t('groupPublic'))));
    for (const row of rows) tbody.append(bodyRow(table, section, row, lead));
    if (total) tbody.append(bodyRow(table, section, total, lead));
    el.append(tbody);
  }
  const rest = section.rows.filter((r) => r.key !== undefined && !personnelKeys.has(r.key) && !publicKeys.has(r.key));
  if (rest.length) el.append(h('tbody', null, rest.map((r) => bodyRow(table, section, r, lead))));
  return el;
}
