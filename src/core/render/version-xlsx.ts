// A version as one Excel workbook for people (GET …/versions/{n}/version.xlsx): every table a sheet laid out
// as the report prints it — the Chinese title, 编制部门 and the unit, the header with its spanning groups,
// 行次 and 栏次, codes as text, names indented by 类/款/项, amounts as numbers shown with the decimals they
// were printed with (0.00), a blank cell blank and ──── where the template rules a cell out — then the
// accounting findings. 01表 prints its two sides (收入 | 支出) next to each other, and 06表 its printed column
// groups (人员经费 | 公用经费), as on paper.
//
// Pure: drawn from the version's filing.json and findings.json, so it is made at read time (never at
// publication) and the same version always gives the same bytes.
import * as v from 'valibot';
import { FindingSchema, SummarySchema, type Finding, type Location } from '../checks/finding.ts';
import { NOT_APPLICABLE, type Cell } from '../model/cell.ts';
import { levelOf } from '../model/code.ts';
import type { Filing } from '../model/filing.ts';
import type { Column, Row, Section, Table } from '../model/table.ts';
import { blank, decimal, renderXlsx, sheetName, text, type Merge, type Sheet, type SheetCell, type Style } from './xlsx.ts';

/**
 * The workbook's rendering: part of its ETag and of every cache key, so that a workbook made by another
 * release is never served as this one's. Bump it with any change to the bytes (test/node/render/xlsx.test.ts
 * pins the seed's digest to it).
 */
export const XLSX_RENDERING = 'xlsx-1';

export interface XlsxContext {
  readonly departmentId: string;
  readonly year: number;
  readonly version: number;
  readonly publishedAt: string;
  /** The version's immutable URL, printed on the findings sheet as the source. */
  readonly url: string;
}

/** A block of cells: a header and rows, placed on the sheet at an offset. */
interface Block {
  rows: (SheetCell | null)[][];
  merges: Merge[];
  widths: number[];
  /** Header rows at the top of the block. */
  head: number;
  /** Lead columns (code, name, 行次, unit) at its left. */
  lead: number;
}

const W = { code: 11, name: 34, line: 6, unit: 9, value: 14 } as const;

const put = (b: Block, r: number, c: number, cell: SheetCell | null) => {
  while (b.rows.length <= r) b.rows.push([]);
  b.rows[r]![c] = cell;
};
/** A cell spanning rows r..r2 and columns c..c2: the text in the first, the border on the rest. */
const span = (b: Block, r: number, c: number, r2: number, c2: number, cell: SheetCell) => {
  for (let i = r; i <= r2; i++) for (let j = c; j <= c2; j++) put(b, i, j, i === r && j === c ? cell : blank(cell.style));
  if (r2 > r || c2 > c) b.merges.push({ top: r, left: c, bottom: r2, right: c2 });
};

function valueCell(cell: Cell | undefined): SheetCell {
  if (cell === null || cell === undefined) return blank('num2');
  if (cell === NOT_APPLICABLE) return text('────', 'na');
  return decimal(cell);
}

/** Sections printed as one table: their rows one after another under one header (10表's three parts share theirs). */
function block(table: Table, sections: readonly Section[], withSectionTitles: boolean): Block {
  const columns: readonly Column[] = sections[0]!.columns;
  const rows = sections.flatMap((s) => s.rows);
  const coded = rows.some((r) => r.code !== undefined && r.key === undefined);
  const line = rows.some((r) => r.line !== undefined);
  const unit = rows.some((r) => r.unit !== undefined && r.unit !== table.unit);
  const leadKinds: LeadKind[] = [...(coded ? ['code' as const] : []), 'name', ...(line ? ['line' as const] : []), ...(unit ? ['unit' as const] : [])];
  const lead = leadKinds.length;
  const b: Block = { rows: [], merges: [], widths: [...leadKinds.map((k) => W[k]), ...columns.map(() => W.value)], head: 0, lead };
  const width = lead + columns.length;
  const groups = columns.some((c) => c.group);
  const h = groups || coded ? 2 : 1;
  let r = 0;
  const oneSection = sections.length === 1 ? sections[0]! : undefined;
  if (withSectionTitles && oneSection?.title) span(b, r++, 0, r - 1, width - 1, text(oneSection.title, 'headLeft'));
  const leadTitle = { code: '科目编码', name: coded ? '科目名称' : '项目', line: '行次', unit: '单位' } as const;
  if (coded && h === 2) {
    span(b, r, 0, r, lead - 1, text('项目', 'head'));
    leadKinds.forEach((k, i) => put(b, r + 1, i, text(leadTitle[k], 'head')));
  } else {
    leadKinds.forEach((k, i) => span(b, r, i, r + h - 1, i, text(leadTitle[k], 'head')));
  }
  for (let i = 0; i < columns.length; ) {
    const c = columns[i]!;
    let j = i + 1;
    if (c.group) {
      while (j < columns.length && columns[j]!.group === c.group) j++;
      span(b, r, lead + i, r, lead + j - 1, text(c.group, 'head'));
      for (let k = i; k < j; k++) put(b, r + 1, lead + k, text(columns[k]!.title, 'head'));
    } else {
      span(b, r, lead + i, r + h - 1, lead + i, text(c.title, 'head'));
    }
    i = j;
  }
  r += h;
  if (columns.some((c) => c.lanci !== undefined)) {
    span(b, r, 0, r, lead - 1, text('栏次', 'head'));
    columns.forEach((c, i) => put(b, r, lead + i, text(c.lanci !== undefined ? String(c.lanci) : '', 'head')));
    r++;
  }
  b.head = r;
  for (const s of sections) {
    if (sections.length > 1 && withSectionTitles && s.title) span(b, r++, 0, r - 1, width - 1, text(s.title, 'headLeft'));
    for (const row of s.rows) {
      leadKinds.forEach((k, i) => put(b, r, i, leadCell(k, row, table)));
      columns.forEach((c, i) => put(b, r, lead + i, valueCell(row.values[c.key])));
      r++;
    }
  }
  return b;
}

type LeadKind = 'code' | 'name' | 'line' | 'unit';

// 06表 as printed: its coded rows in their printed column groups side by side (人员经费 | 公用经费, each group
// 科目编码 | 科目名称 | 决算数), the two totals on the last line under their halves.

const category = (code: string): 'personnel' | 'public' => (code.startsWith('301') || code.startsWith('303') ? 'personnel' : 'public');

/** The printed groups, when every coded row has one, each all 人员 or all 公用, 人员 first; otherwise null. */
function printedGroups(section: Section): { category: 'personnel' | 'public'; rows: Row[] }[] | null {
  const coded = section.rows.filter((r) => r.code !== undefined && r.key === undefined);
  if (!coded.length || coded.some((r) => r.group === undefined) || section.columns.length !== 1) return null;
  const groups = [...new Set(coded.map((r) => r.group!))].sort((a, b) => a - b).map((g) => coded.filter((r) => r.group === g));
  const out = groups.map((rows) => ({ category: category(rows[0]!.code!), rows }));
  if (out.some((g) => g.rows.some((r) => category(r.code!) !== g.category))) return null;
  const cats = out.map((g) => g.category);
  if (cats.includes('public') && cats.lastIndexOf('personnel') > cats.indexOf('public')) return null;
  return out;
}

function gridBlock(table: Table, section: Section, groups: { category: 'personnel' | 'public'; rows: Row[] }[]): Block {
  const column = section.columns[0]!;
  const b: Block = { rows: [], merges: [], widths: groups.flatMap(() => [W.code, 24, W.value]), head: 2, lead: 0 };
  const width = (c: 'personnel' | 'public') => 3 * groups.filter((g) => g.category === c).length;
  const [personnel, pub] = [width('personnel'), width('public')];
  if (personnel) span(b, 0, 0, 0, personnel - 1, text('人员经费', 'head'));
  if (pub) span(b, 0, personnel, 0, personnel + pub - 1, text('公用经费', 'head'));
  groups.forEach((_, g) => ['科目编码', '科目名称', column.title].forEach((t, i) => put(b, 1, 3 * g + i, text(t, 'head'))));
  const height = Math.max(...groups.map((g) => g.rows.length));
  for (let i = 0; i < height; i++) {
    groups.forEach((g, k) => {
      const row = g.rows[i];
      put(b, 2 + i, 3 * k, row ? leadCell('code', row, table) : blank('code'));
      put(b, 2 + i, 3 * k + 1, row ? leadCell('name', row, table) : blank('name1'));
      put(b, 2 + i, 3 * k + 2, row ? valueCell(row.values[column.key]) : blank('num2'));
    });
  }
  const r = 2 + height;
  let at = 0;
  for (const row of section.rows.filter((x) => x.key !== undefined)) {
    const w = row.key === 'personnel_total' ? personnel : row.key === 'public_total' ? pub : 3;
    if (w < 2) continue;
    put(b, r, at, blank('code'));
    span(b, r, at + 1, r, at + w - 2, text(row.name, 'name1'));
    put(b, r, at + w - 1, valueCell(row.values[column.key]));
    at += w;
  }
  return b;
}

function leadCell(kind: LeadKind, row: Row, table: Table): SheetCell {
  if (kind === 'code') return row.code !== undefined ? text(row.code, 'code') : blank('code');
  if (kind === 'line') return row.line !== undefined ? { kind: 'number', value: String(row.line), style: 'line' } : blank('line');
  if (kind === 'unit') return text(row.unit ?? table.unit, 'text');
  const level = row.key === undefined && row.code !== undefined ? levelOf(row.code) : 1;
  return text(row.name, `name${level}` as Style);
}

/** Consecutive sections with the same columns print as one table. */
function runs(sections: readonly Section[]): Section[][] {
  const out: Section[][] = [];
  const sig = (s: Section) => JSON.stringify(s.columns);
  for (const s of sections) {
    const last = out.at(-1);
    if (last && sig(last[0]!) === sig(s)) last.push(s);
    else out.push([s]);
  }
  return out;
}

function tableSheet(filing: Filing, table: Table, taken: Set<string>): Sheet {
  // 01表 (and any table of two narrow sides): 收入 | 支出 side by side, as printed; otherwise one block under another.
  const twoSided = table.sections.length === 2 && table.sections.every((s) => s.columns.length <= 2) && table.sections[0]!.id === 'income';
  const groups = table.id === 'general-budget-basic-expenditure' && table.sections.length === 1 ? printedGroups(table.sections[0]!) : null;
  const blocks = groups ? [gridBlock(table, table.sections[0]!, groups)]
    : twoSided ? table.sections.map((s) => block(table, [s], true))
    : runs(table.sections).map((run) => block(table, run, table.sections.length > 1));
  const width = twoSided ? blocks.reduce((n, b) => n + b.widths.length, 0) : Math.max(...blocks.map((b) => b.widths.length));
  const rows: (SheetCell | null)[][] = [];
  const merges: Merge[] = [];
  const title = table.number ? `${table.number} ${table.title}` : table.title;
  rows.push([text(title, 'title')]);
  merges.push({ top: 0, left: 0, bottom: 0, right: width - 1 });
  const org = `编制部门：${table.department ?? filing.department.name}`;
  const unit = `单位：${table.unit}`;
  const half = Math.max(1, Math.floor(width / 2));
  const info: (SheetCell | null)[] = [text(org, 'subtitle')];
  if (half > 1) merges.push({ top: 1, left: 0, bottom: 1, right: half - 1 });
  info[half] = text(`${table.year ?? filing.year}年度`, 'subtitle');
  info[width - 1] = text(unit, 'subtitleRight');
  if (width === 1) info[0] = text(`${org}　${unit}`, 'subtitle');
  rows.push(info);
  const top = rows.length;
  const widths: number[] = [];
  let left = 0;
  let r = top;
  for (const b of blocks) {
    const [r0, c0] = twoSided ? [top, left] : [r, 0];
    b.rows.forEach((cells, i) => cells.forEach((cell, j) => {
      while (rows.length <= r0 + i) rows.push([]);
      rows[r0 + i]![c0 + j] = cell;
    }));
    for (const m of b.merges) merges.push({ top: m.top + r0, left: m.left + c0, bottom: m.bottom + r0, right: m.right + c0 });
    b.widths.forEach((w, j) => (widths[c0 + j] = Math.max(widths[c0 + j] ?? 0, w)));
    left += b.widths.length;
    r = r0 + b.rows.length;
  }
  r = rows.length;
  for (const note of [table.statement, table.note]) {
    if (!note) continue;
    rows[r] = [text(note, 'note')];
    merges.push({ top: r, left: 0, bottom: r, right: width - 1 });
    r++;
  }
  const first = blocks[0]!;
  return {
    name: sheetName(table.number ?? table.title, taken),
    rows, merges, widths,
    freeze: { rows: top + first.head, columns: twoSided ? 0 : first.lead },
    landscape: width > 6,
  };
}

// ---- findings -----------------------------------------------------------------------------------

const FindingsDocument = v.object({ findings: v.array(FindingSchema), summary: v.optional(SummarySchema) });
const SEVERITY_ZH: Readonly<Record<Finding['severity'], string>> = { error: '错误', warning: '警告', info: '提示', skipped: '未核对' };
const PART_ZH = { narrative: '情况说明', performance: '绩效信息', document: '报告' } as const;

function locationText(l: Location, filing: Filing): string {
  const page = l.page !== undefined ? `（第${l.page}页）` : '';
  if ('part' in l) return `${PART_ZH[l.part]}：${l.excerpt}${page}`;
  const table = filing.tables.find((t) => t.id === l.table);
  const column = l.column !== undefined ? table?.sections.flatMap((s) => s.columns).find((c) => c.key === l.column) : undefined;
  const row = l.row !== undefined ? table?.sections.find((s) => l.section === undefined || s.id === l.section)?.rows.find((r) => r.code === l.row || r.key === l.row) : undefined;
  const parts = [
    l.number ?? table?.title ?? l.table,
    row ? `${row.code && !row.key ? row.code + ' ' : ''}${row.name}` : l.row,
    l.line !== undefined ? `行次${l.line}` : undefined,
    column ? (column.group && column.group !== column.title ? `${column.group}·${column.title}` : column.title) : l.column,
    l.lanci !== undefined ? `栏次${l.lanci}` : undefined,
  ];
  return parts.filter((p) => p !== undefined && p !== '').join(' ') + page;
}

function findingsSheet(filing: Filing, findings: unknown, ctx: XlsxContext, taken: Set<string>): Sheet {
  const headers = ['序号', '级别', '规则', '位置', '说明', '应为', '实为', '差额'];
  const widths = [6, 8, 26, 44, 60, 14, 14, 14];
  const parsed = findings === null || findings === undefined ? null : v.safeParse(FindingsDocument, findings);
  const rows: (SheetCell | null)[][] = [[text(`${filing.department.name}${filing.year}年度部门决算 核对结果`, 'title')]];
  const merges: Merge[] = [{ top: 0, left: 0, bottom: 0, right: headers.length - 1 }];
  const line = (s: string) => {
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: headers.length - 1 });
    rows.push([text(s, 'subtitle')]);
  };
  line(`来源：${ctx.url}（第 ${ctx.version} 版，发布于 ${ctx.publishedAt}）`);
  if (!parsed) line('本版本未附核对结果。');
  else if (!parsed.success) line('本版本的核对结果不可读，请下载 findings.json。');
  else {
    const s = parsed.output.summary;
    const list = parsed.output.findings;
    line(s ? `错误 ${s.error} 项，警告 ${s.warning} 项，提示 ${s.info} 项，未核对 ${s.skipped} 项；通过 ${s.passed} 项，未能读取的语句 ${s.unread} 句。` : `共 ${list.length} 项。`);
    const head = rows.length;
    rows.push(headers.map((hd) => text(hd, 'head')));
    list.forEach((f, i) => rows.push([
      { kind: 'number', value: String(i + 1), style: 'line' },
      text(SEVERITY_ZH[f.severity], 'text'),
      text(f.rule, 'text'),
      text(f.locations.map((l) => locationText(l, filing)).join('；'), 'textWrap'),
      text(f.message.zh, 'textWrap'),
      f.expected !== undefined ? decimal(f.expected) : blank('num2'),
      f.actual !== undefined ? decimal(f.actual) : blank('num2'),
      f.difference !== undefined ? decimal(f.difference) : blank('num2'),
    ]));
    return { name: sheetName('核对结果', taken), rows, merges, widths, freeze: { rows: head + 1, columns: 0 }, landscape: true };
  }
  return { name: sheetName('核对结果', taken), rows, merges, widths, landscape: true };
}

/** The version's workbook: a sheet per table in the filing's order, then the findings. */
export function renderVersionXlsx(input: { filing: Filing; findings: unknown; context: XlsxContext }): Uint8Array<ArrayBuffer> {
  const { filing, findings, context } = input;
  const taken = new Set<string>();
  const sheets = filing.tables.map((t) => tableSheet(filing, t, taken));
  sheets.push(findingsSheet(filing, findings, context, taken));
  return renderXlsx({
    title: `${filing.department.name}${filing.year}年度部门决算（第 ${context.version} 版）`,
    creator: 'Gongkai 公开',
    modified: context.publishedAt,
    sheets,
  });
}
