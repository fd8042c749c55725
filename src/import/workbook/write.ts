// A workbook in the tables' official layout: an empty one for a department to fill (gongkai template),
// or one carrying a filing's figures and text (so that filing → workbook → filing is exact).
import { NOT_APPLICABLE, type Cell } from '../../core/model/cell.ts';
import type { Filing } from '../../core/model/filing.ts';
import type { Row, Table } from '../../core/model/table.ts';
import type { Template, TemplateTable } from '../../core/templates/types.ts';
import { newSheet, put, sheetName, type GridCell, type Sheet } from './grid.ts';
import {
  DEPARTMENT_LABELS, HEADER_ROW, PERFORMANCE_HEADER, ROOM, SHEETS, TEXT_HEADER, TEXT_PARTS,
  economicTotalGroup, tableLayout, type Block,
} from './layout.ts';

const title = (v: string): GridCell => ({ v, role: 'title' });
const header = (v: string | number): GridCell => ({ v, role: 'header' });
const label = (v: string): GridCell => ({ v, role: 'label' });
const text = (v: string | null | undefined): GridCell => ({ v: v ?? null, role: 'input' });

/** An amount cell: a number formatted with the decimals it was printed with, ──── as text, blank as nothing. */
function amount(cell: Cell | undefined, count = false): GridCell {
  if (cell === undefined || cell === null) return { v: null, role: 'input', fmt: count ? '0' : '0.00' };
  if (cell === NOT_APPLICABLE) return { v: '────', role: 'input' };
  const dot = cell.indexOf('.');
  const decimals = dot < 0 ? 0 : cell.length - dot - 1;
  // Beyond 15 significant digits a number is not exact in Excel: keep such a figure as text.
  if (cell.replace(/[-.]/g, '').replace(/^0+/, '').length > 15) return { v: cell, role: 'input' };
  return { v: Number(cell), role: 'input', fmt: decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}` };
}

export function templateWorkbook(template: Template, year: number): Sheet[] {
  return buildWorkbook(template, year, undefined);
}

export function filingWorkbook(template: Template, filing: Filing): Sheet[] {
  return buildWorkbook(template, filing.year, filing);
}

function buildWorkbook(template: Template, year: number, filing: Filing | undefined): Sheet[] {
  return [
    departmentSheet(template, year, filing),
    ...template.tables.map((def) => tableSheet(def, filing?.tables.find((t) => t.id === def.id), filing)),
    performanceSheet(filing),
    textSheet(filing),
  ];
}

function departmentSheet(template: Template, year: number, f: Filing | undefined): Sheet {
  const s = newSheet(SHEETS.department);
  put(s, 0, 0, title('部门信息'));
  const L = DEPARTMENT_LABELS;
  const rows: [string, GridCell][] = [
    [L.id, text(f?.department.id)],
    [L.name, text(f?.department.name)],
    [L.regionCode, text(f?.department.regionCode)],
    [L.units, text(f ? f.department.units.join('、') : null)],
    [L.year, { v: year, role: 'input', fmt: '0' }],
    [L.unit, text(f?.unit ?? '万元')],
    [L.template, text(template.id)],
    [L.title, text(f?.title)],
    [L.sourceKind, text(f?.source?.kind)],
    [L.sourceName, text(f?.source?.name)],
    [L.sourceNote, text(f?.source?.note)],
  ];
  rows.forEach(([l, v], i) => {
    put(s, i + 2, 0, label(l));
    put(s, i + 2, 1, v);
  });
  s.widths.push(24, 48);
  return s;
}

function tableSheet(def: TemplateTable, table: Table | undefined, f: Filing | undefined): Sheet {
  const s = newSheet(sheetName(def.number ?? def.title));
  const layout = tableLayout(def);
  const w = layout.width;
  put(s, 0, 0, title(def.title));
  s.merges.push([0, 0, 0, w - 1]);
  put(s, 1, 0, label(def.number ?? ''));
  put(s, 2, 0, label('部门名称'));
  put(s, 2, 1, text(table ? table.department ?? null : f?.department.name ?? null));
  put(s, 2, 3, label('年度'));
  put(s, 2, 4, table ? (table.year === undefined ? text(null) : { v: table.year, role: 'input', fmt: '0' }) : { v: null, role: 'input', fmt: '0' });
  put(s, 2, 5, label('金额单位'));
  put(s, 2, 6, text(table ? table.unit : f?.unit ?? '万元'));
  for (let c = 0; c < Math.max(w, 7); c++) s.widths[c] = c === 1 || layout.blocks.some((b) => b.nameCol === c) ? 30 : 12;

  let end = layout.dataStart;
  const sectionOf = (b: Block) => table?.sections.find((x) => x.id === b.section.id);
  if (layout.kind === 'two-sided') {
    for (const b of layout.blocks) {
      const last = b.values.at(-1)!.col;
      put(s, HEADER_ROW, b.nameCol, header(b.section.title ?? ''));
      s.merges.push([HEADER_ROW, b.nameCol, HEADER_ROW, last]);
      put(s, HEADER_ROW + 1, b.nameCol, header('项目'));
      put(s, HEADER_ROW + 1, b.lineCol!, header('行次'));
      put(s, HEADER_ROW + 2, b.nameCol, header('栏次'));
      put(s, HEADER_ROW + 2, b.lineCol!, header(''));
      b.section.columns.forEach((c, i) => {
        put(s, HEADER_ROW + 1, b.values[i]!.col, header(c.title));
        put(s, HEADER_ROW + 2, b.values[i]!.col, header(c.lanci ?? ''));
      });
      b.section.rows.forEach((rdef, i) => {
        const row = sectionOf(b)?.rows.find((r) => r.key === rdef.key);
        const r = layout.dataStart + i;
        put(s, r, b.nameCol, text(row ? row.name : rdef.name));
        put(s, r, b.lineCol!, { v: rdef.line ?? null, role: 'label' });
        b.values.forEach((vc) => put(s, r, vc.col, amount(row?.values[vc.key])));
        end = Math.max(end, r + 1);
      });
    }
  } else if (layout.kind === 'coded') {
    const b = layout.blocks[0]!;
    end = headers(s, b, HEADER_ROW, true);
    const rows = sectionOf(b)?.rows ?? [];
    const total = rows.find((r) => r.key === 'total');
    put(s, end, b.codeCol!, text(null));
    put(s, end, b.nameCol, text(total ? total.name : '合计'));
    b.values.forEach((vc) => put(s, end, vc.col, amount(total?.values[vc.key])));
    end++;
    const coded = rows.filter((r) => r.key === undefined);
    for (let i = 0; i < Math.max(ROOM.coded, coded.length); i++, end++) codedLine(s, end, b, coded[i]);
  } else if (layout.kind === 'economic') {
    put(s, HEADER_ROW, 0, header('人员经费'));
    s.merges.push([HEADER_ROW, 0, HEADER_ROW, 2]);
    put(s, HEADER_ROW, 3, header('公用经费'));
    s.merges.push([HEADER_ROW, 3, HEADER_ROW, w - 1]);
    const rows = sectionOf(layout.blocks[0]!)?.rows ?? [];
    let depth: number = ROOM.economic;
    for (const b of layout.blocks) {
      put(s, HEADER_ROW + 1, b.codeCol!, header('科目代码'));
      put(s, HEADER_ROW + 1, b.nameCol, header('科目名称'));
      put(s, HEADER_ROW + 1, b.values[0]!.col, header(b.section.columns[0]!.title));
      depth = Math.max(depth, rows.filter((r) => r.group === b.group && r.key === undefined).length);
    }
    for (const b of layout.blocks) {
      const mine = rows.filter((r) => r.key === undefined && (r.group ?? 1) === b.group);
      for (let i = 0; i < depth; i++) codedLine(s, layout.dataStart + i, b, mine[i]);
    }
    end = layout.dataStart + depth;
    for (const rdef of layout.blocks[0]!.section.rows) {
      const b = layout.blocks[economicTotalGroup(rdef)]!;
      const row = rows.find((r) => r.key === rdef.key);
      put(s, end, b.codeCol!, label(rdef.name));
      s.merges.push([end, b.codeCol!, end, b.nameCol]);
      put(s, end, b.values[0]!.col, amount(row?.values[b.values[0]!.key]));
    }
    end++;
  } else if (layout.kind === 'single') {
    const b = layout.blocks[0]!;
    end = headers(s, b, HEADER_ROW, false);
    const row = sectionOf(b)?.rows[0];
    b.values.forEach((vc) => put(s, end, vc.col, amount(row?.values[vc.key])));
    end++;
  } else {
    let r = HEADER_ROW;
    for (const b of layout.blocks) {
      put(s, r, 0, header(b.section.title ?? ''));
      s.merges.push([r, 0, r, 2]);
      r++;
      put(s, r, 0, header('项目'));
      put(s, r, 1, header('行次'));
      put(s, r, 2, header(b.section.columns[0]!.title));
      r++;
      for (const rdef of b.section.rows) {
        const row = sectionOf(b)?.rows.find((x) => x.key === rdef.key);
        put(s, r, 0, text(row ? row.name : rdef.name));
        put(s, r, 1, { v: rdef.line ?? null, role: 'label' });
        put(s, r, 2, amount(row?.values[b.values[0]!.key], rdef.measure === 'count'));
        r++;
      }
    }
    end = r;
  }
  end++;
  put(s, end, 0, label('注'));
  put(s, end, 1, text(table?.note));
  s.merges.push([end, 1, end, Math.max(1, w - 1)]);
  put(s, end + 1, 0, label('说明'));
  put(s, end + 1, 1, text(table?.statement));
  s.merges.push([end + 1, 1, end + 1, Math.max(1, w - 1)]);
  return s;
}

/** Header rows of a table with column groups (本年支出, 预算数…), titles and 栏次; returns the first data row. */
function headers(s: Sheet, b: Block, top: number, coded: boolean): number {
  const cols = b.section.columns;
  const grouped = cols.some((c) => c.group !== undefined);
  let r = top;
  if (grouped) {
    if (coded) {
      put(s, r, b.codeCol!, header('项目'));
      s.merges.push([r, b.codeCol!, r, b.nameCol]);
    }
    let i = 0;
    while (i < cols.length) {
      let j = i;
      while (j + 1 < cols.length && cols[j + 1]!.group === cols[i]!.group) j++;
      put(s, r, b.values[i]!.col, header(cols[i]!.group ?? cols[i]!.title));
      if (j > i) s.merges.push([r, b.values[i]!.col, r, b.values[j]!.col]);
      i = j + 1;
    }
    r++;
  }
  if (coded) {
    put(s, r, b.codeCol!, header('科目代码'));
    put(s, r, b.nameCol, header('科目名称'));
  }
  cols.forEach((c, i) => put(s, r, b.values[i]!.col, header(c.title)));
  r++;
  if (coded) {
    put(s, r, b.codeCol!, header('栏次'));
    s.merges.push([r, b.codeCol!, r, b.nameCol]);
  }
  cols.forEach((c, i) => put(s, r, b.values[i]!.col, header(c.lanci ?? '')));
  return r + 1;
}

function codedLine(s: Sheet, r: number, b: Block, row: Row | undefined): void {
  put(s, r, b.codeCol!, text(row?.code ?? null));
  put(s, r, b.nameCol, text(row?.name ?? null));
  b.values.forEach((vc) => put(s, r, vc.col, amount(row?.values[vc.key])));
}

function performanceSheet(f: Filing | undefined): Sheet {
  const s = newSheet(SHEETS.performance);
  const p = f?.performance;
  put(s, 0, 0, title('项目支出绩效自评'));
  put(s, 1, 0, label('报告标题'));
  put(s, 1, 1, text(p?.title));
  PERFORMANCE_HEADER.forEach((h, i) => put(s, 3, i, header(h)));
  put(s, 4, 0, label('总计'));
  put(s, 4, 2, amount(p?.totals.budget));
  put(s, 4, 3, amount(p?.totals.paid));
  const projects = p?.projects ?? [];
  for (let i = 0; i < Math.max(20, projects.length); i++) {
    const x = projects[i];
    put(s, 5 + i, 0, text(x?.code));
    put(s, 5 + i, 1, text(x?.name));
    put(s, 5 + i, 2, amount(x?.budget));
    put(s, 5 + i, 3, amount(x?.paid));
    put(s, 5 + i, 4, amount(x?.score ?? null));
    put(s, 5 + i, 5, text(x?.grade ?? null));
  }
  s.widths.push(8, 44, 12, 12, 10, 10);
  return s;
}

function textSheet(f: Filing | undefined): Sheet {
  const s = newSheet(SHEETS.text);
  put(s, 0, 0, title('概况、情况说明、名词解释、附件的文字（每行一段；标题行填层级）'));
  TEXT_HEADER.forEach((h, i) => put(s, 1, i, header(h)));
  let r = 2;
  const line = (part: string, heading: string | null, level: number | null, content: string | null) => {
    put(s, r, 0, text(part));
    put(s, r, 1, text(heading));
    put(s, r, 2, level === null ? text(null) : { v: level, role: 'input', fmt: '0' });
    put(s, r, 3, text(content));
    r++;
  };
  const n = f?.narrative;
  if (n) {
    for (const d of n.duties) line(TEXT_PARTS.duties, null, null, d);
    for (const p of n.organisation.summary) line(TEXT_PARTS.summary, null, null, p);
    for (const o of n.organisation.offices) {
      line(TEXT_PARTS.offices, o.name, null, o.duties[0] ?? null);
      for (const d of o.duties.slice(1)) line(TEXT_PARTS.offices, null, null, d);
    }
    const sections = (part: string, list: readonly { heading: string; level: number; paragraphs: string[] }[]) => {
      for (const x of list) {
        line(part, x.heading, x.level, null);
        for (const p of x.paragraphs) line(part, null, null, p);
      }
    };
    sections(TEXT_PARTS.explanation, n.explanation);
    for (const g of n.glossary) line(TEXT_PARTS.glossary, g.term, null, g.definition);
    for (const o of n.other ?? []) line(TEXT_PARTS.other, null, null, o);
    sections(TEXT_PARTS.performance, f!.performance?.sections ?? []);
  }
  s.widths.push(10, 40, 6, 100);
  return s;
}
