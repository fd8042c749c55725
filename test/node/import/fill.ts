// Fills a workbook made by `gongkai template` from a filing, with exceljs, the way a person would: by
// the labels printed on the sheets (行次, 栏次, 合计, 科目代码), not by the importer's own layout code.
import ExcelJS from 'exceljs';
import type { Cell } from '../../../src/core/model/cell.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import type { Row } from '../../../src/core/model/table.ts';

type WS = ExcelJS.Worksheet;

function find(ws: WS, test: (v: string, r: number, c: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => row.eachCell({ includeEmpty: false }, (cell, c) => {
    if (test(String(cell.value ?? '').trim(), r, c)) out.push([r, c]);
  }));
  return out;
}

function setFigure(ws: WS, r: number, c: number, v: Cell | undefined): void {
  const cell = ws.getCell(r, c);
  if (v === null || v === undefined) return;
  if (v === 'n/a') {
    cell.value = '────';
    return;
  }
  cell.value = Number(v);
  const decimals = v.includes('.') ? v.length - v.indexOf('.') - 1 : 0;
  if (decimals !== 2) cell.numFmt = decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

/** Columns by 栏次: the row that starts with 栏次 numbers the value columns. */
function lanciColumns(ws: WS): Map<number, number> {
  const map = new Map<number, number>();
  // The row labelled 栏次, or (三公) the row of bare numbers 1 … 12.
  const [at] = [...find(ws, (v) => v === '栏次'), ...find(ws, (v, _r, c) => c === 12 && v === '12')];
  if (!at) return map;
  ws.getRow(at[0]).eachCell((cell, c) => {
    if (typeof cell.value === 'number') map.set(cell.value, c);
  });
  return map;
}

export async function fillWorkbook(data: Uint8Array, filing: Filing): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const dep = wb.getWorksheet('部门')!;
  const field = (label: string, value: string | number) => {
    const [at] = find(dep, (v, _r, c) => c === 1 && v === label);
    dep.getCell(at![0], 2).value = value;
  };
  field('部门标识（id）', filing.department.id);
  field('部门名称', filing.department.name);
  field('行政区划代码', filing.department.regionCode);
  field('下属单位（以、分隔）', filing.department.units.join('、'));
  field('金额单位', filing.unit);
  if (filing.title) field('报告标题', filing.title);

  for (const t of filing.tables) {
    const ws = wb.getWorksheet(t.number!)!;
    ws.getCell(3, 2).value = t.department ?? null;
    ws.getCell(3, 5).value = t.year ?? null;
    ws.getCell(3, 7).value = t.unit;
    const lanci = lanciColumns(ws);
    const note = find(ws, (v, _r, c) => c === 1 && v === '注')[0]![0];
    ws.getCell(note, 2).value = t.note ?? null;
    ws.getCell(note + 1, 2).value = t.statement ?? null;
    for (const s of t.sections) {
      const valueCol = (key: string) => {
        const col = s.columns.find((c) => c.key === key)!;
        const c = col.lanci !== undefined ? lanci.get(col.lanci) : find(ws, (v) => v === col.title)[0]?.[1];
        if (c === undefined) throw new Error(`${t.number}: no column for ${key}`);
        return c;
      };
      const fillRow = (r: number, row: Row) => {
        for (const c of s.columns) setFigure(ws, r, valueCol(c.key), row.values[c.key]);
      };
      if (t.id === 'general-budget-basic-expenditure') {
        const heads = find(ws, (v) => v === '科目代码').map(([, c]) => c);
        for (const g of [1, 2, 3, 4]) {
          let r = find(ws, (v) => v === '科目代码')[0]![0] + 1;
          for (const row of s.rows.filter((x) => x.group === g)) {
            ws.getCell(r, heads[g - 1]!).value = row.code!;
            ws.getCell(r, heads[g - 1]! + 1).value = row.name;
            setFigure(ws, r, heads[g - 1]! + 2, row.values.amount);
            r++;
          }
        }
        for (const row of s.rows.filter((x) => x.key)) {
          const [at] = find(ws, (v) => v === row.name);
          setFigure(ws, at![0], at![1] + 2, row.values.amount);
        }
        continue;
      }
      if (t.id === 'three-public') {
        const r = find(ws, (v, _r, c) => v === '12' && c === 12)[0]![0] + 1;
        fillRow(r, s.rows[0]!);
        continue;
      }
      // Rows numbered by 行次: the 行次 column holds the number, the name is beside it.
      const lineCells = find(ws, (v) => v === '行次');
      let nextCoded = find(ws, (v, _r, c) => c === 2 && v === '合计')[0]?.[0];
      for (const row of s.rows) {
        if (row.line !== undefined) {
          const lineCol = t.id === 'related-information' ? 2 : lineCells[s.id === 'expenditure' ? 1 : 0]![1];
          const [at] = find(ws, (v, _r, c) => c === lineCol && v === String(row.line));
          ws.getCell(at![0], lineCol - 1).value = row.name;
          for (const c of s.columns) setFigure(ws, at![0], t.id === 'related-information' ? 3 : valueCol(c.key), row.values[c.key]);
        } else if (row.key === 'total') {
          ws.getCell(nextCoded!, 2).value = row.name;
          fillRow(nextCoded!, row);
        } else {
          nextCoded = nextCoded! + 1;
          ws.getCell(nextCoded, 1).value = row.code!;
          ws.getCell(nextCoded, 2).value = row.name;
          fillRow(nextCoded, row);
        }
      }
    }
  }

  const perf = wb.getWorksheet('绩效自评')!;
  const p = filing.performance!;
  perf.getCell(2, 2).value = p.title;
  const total = find(perf, (v) => v === '总计')[0]![0];
  setFigure(perf, total, 3, p.totals.budget);
  setFigure(perf, total, 4, p.totals.paid);
  p.projects.forEach((x, i) => {
    const r = total + 1 + i;
    perf.getCell(r, 1).value = x.code;
    perf.getCell(r, 2).value = x.name;
    setFigure(perf, r, 3, x.budget);
    setFigure(perf, r, 4, x.paid);
    setFigure(perf, r, 5, x.score ?? null);
    perf.getCell(r, 6).value = x.grade ?? null;
  });

  // The text sheet: one paragraph a line; a heading line carries its level (层级).
  const ws = wb.getWorksheet('文字')!;
  let r = 3;
  const line = (part: string, heading: string | null, level: number | null, content: string | null) => {
    ws.getRow(r++).values = [part, heading ?? undefined, level ?? undefined, content ?? undefined];
  };
  const n = filing.narrative;
  n.duties.forEach((d) => line('职责', null, null, d));
  n.organisation.summary.forEach((d) => line('机构设置', null, null, d));
  n.organisation.offices.forEach((o) => {
    line('内设机构', o.name, null, o.duties[0] ?? null);
    o.duties.slice(1).forEach((d) => line('内设机构', null, null, d));
  });
  const sections = (part: string, list: { heading: string; level: number; paragraphs: string[] }[]) => list.forEach((x) => {
    line(part, x.heading, x.level, null);
    x.paragraphs.forEach((d) => line(part, null, null, d));
  });
  sections('情况说明', n.explanation);
  n.glossary.forEach((g) => line('名词解释', g.term, null, g.definition));
  (n.other ?? []).forEach((d) => line('其他', null, null, d));
  sections('附件', p.sections);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

