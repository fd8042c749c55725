// A table's CSV with the column headers as printed (?header=zh): 项目 or 科目名称, 科目编码, 行次, and each
// value column's printed title with its spanning group (本年支出·基本支出) and 栏次 where printed. The
// rows are the published CSV's own bytes: only the header line is replaced, and only after checking that
// the published header is exactly the layout's field names, so the Chinese header names the same columns.
import { csvRecord, neutraliseText } from './csv.ts';
import { tableFields } from './fields.ts';
import type { RowField, TableLayout, ValueColumn } from './layout.ts';

/** The row-describing columns' printed titles; `name` is 科目名称 in a coded table, 项目 otherwise. */
const ROW_TITLES: Readonly<Record<Exclude<RowField, 'name'>, string>> = {
  id: '行标识',
  section: '表内部分',
  line: '行次',
  key: '行键',
  code: '科目编码',
  level: '科目级次',
  unit: '单位',
};

/** A value column as printed: group·title, then （栏次N） when the sections agree on one. */
export function printedTitle(c: ValueColumn): string {
  const title = c.group && c.group !== c.title ? `${c.group}·${c.title}` : c.title;
  return c.lanci !== undefined ? `${title}（栏次${c.lanci}）` : title;
}

/** The Chinese header, one title per CSV column in the CSV's order; a title two columns share gets its key. */
export function zhHeaders(layout: TableLayout): string[] {
  const byKey = new Map(layout.columns.map((c) => [c.key, c]));
  const titles = tableFields(layout).map((f) => {
    const column = byKey.get(f.name);
    if (column) return printedTitle(column);
    if (f.name === 'name') return layout.classification ? '科目名称' : '项目';
    return ROW_TITLES[f.name as Exclude<RowField, 'name'>] ?? f.title;
  });
  const count = new Map<string, number>();
  for (const t of titles) count.set(t, (count.get(t) ?? 0) + 1);
  const names = tableFields(layout).map((f) => f.name);
  return titles.map((t, i) => (count.get(t)! > 1 ? `${t}（${names[i]}）` : t));
}

/** The English header line the published CSV begins with, for this layout. */
export function machineHeaderLine(layout: TableLayout): string {
  return csvRecord(tableFields(layout).map((f) => f.name));
}

/**
 * The published CSV with its header line replaced by the Chinese one. Titles come from the filing (a
 * non-conforming filing may print any text), so they are neutralised against formulas like any text cell.
 * Throws when the published header is not this layout's: the two would not name the same columns.
 */
export function withZhHeader(csv: string, layout: TableLayout): string {
  const english = machineHeaderLine(layout);
  if (!csv.startsWith(english)) throw new Error(`table ${layout.table.id}: the published CSV's header is not its layout's`);
  const zh = csvRecord(zhHeaders(layout).map(neutraliseText));
  return zh + csv.slice(english.length);
}

