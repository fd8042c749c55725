// What changed between two versions of a filing: every table cell (by table, section, row identity
// and column, not by position), rows added or removed, and every other field by JSON Pointer.
import { difference, isAmount } from '../amounts.ts';
import { columnLabel, rowKey, rowLabel, tableName, type Cell, type Filing, type Table } from './model.ts';

export interface CellChange {
  table: string;
  tableName: string;
  section: string;
  sectionTitle?: string;
  row: string;
  rowLabel: string;
  column: string;
  columnLabel: string;
  /** undefined: the cell is not in that version. */
  before: Cell | undefined;
  after: Cell | undefined;
  /** after − before, when both are amounts. */
  delta?: string;
}

export interface RowChange {
  kind: 'added' | 'removed';
  table: string;
  tableName: string;
  section: string;
  row: string;
  rowLabel: string;
}

export interface FieldChange {
  pointer: string;
  label: string;
  before?: string;
  after?: string;
  delta?: string;
}

export interface FilingDiff {
  cells: CellChange[];
  rows: RowChange[];
  fields: FieldChange[];
}

function delta(a: unknown, b: unknown): string | undefined {
  return isAmount(a) && isAmount(b) ? difference(a, b) : undefined;
}

export function diffFilings(a: Filing, b: Filing, lang: 'zh' | 'en' = 'zh'): FilingDiff {
  const out: FilingDiff = { cells: [], rows: [], fields: [] };
  const ids = [...new Set([...a.tables.map((t) => t.id), ...b.tables.map((t) => t.id)])];
  for (const id of ids) {
    const ta = a.tables.find((t) => t.id === id);
    const tb = b.tables.find((t) => t.id === id);
    const named = tableName((tb ?? ta)!);
    for (const field of ['number', 'title', 'unit', 'department', 'year', 'statement', 'note'] as const) {
      const va = ta?.[field];
      const vb = tb?.[field];
      if (va !== vb) out.fields.push({ pointer: `/tables/${id}/${field}`, label: `${named} · ${field}`, ...(va !== undefined ? { before: String(va) } : {}), ...(vb !== undefined ? { after: String(vb) } : {}) });
    }
    diffTable(ta, tb, named, out);
  }
  const { tables: _a, ...restA } = a;
  const { tables: _b, ...restB } = b;
  walk(restA, restB, '', (pointer, before, after) => {
    const d = delta(before, after);
    out.fields.push({ pointer, label: labelPointer(b, pointer, lang) ?? labelPointer(a, pointer, lang) ?? pointer, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), ...(d ? { delta: d } : {}) });
  });
  return out;
}

function diffTable(ta: Table | undefined, tb: Table | undefined, named: string, out: FilingDiff): void {
  const table = (tb ?? ta)!.id;
  const sectionIds = [...new Set([...(ta?.sections ?? []), ...(tb?.sections ?? [])].map((s) => s.id))];
  for (const sid of sectionIds) {
    const sa = ta?.sections.find((s) => s.id === sid);
    const sb = tb?.sections.find((s) => s.id === sid);
    const columns = new Map([...(sa?.columns ?? []), ...(sb?.columns ?? [])].map((c) => [c.key, c]));
    const rowsA = new Map((sa?.rows ?? []).map((r) => [rowKey(r), r]));
    const rowsB = new Map((sb?.rows ?? []).map((r) => [rowKey(r), r]));
    const sectionTitle = (sb ?? sa)!.title;
    for (const key of [...new Set([...rowsA.keys(), ...rowsB.keys()])]) {
      const ra = rowsA.get(key);
      const rb = rowsB.get(key);
      const label = rowLabel((rb ?? ra)!);
      if (!ra || !rb) out.rows.push({ kind: ra ? 'removed' : 'added', table, tableName: named, section: sid, row: key, rowLabel: label });
      for (const [ck, col] of columns) {
        const before = ra ? ra.values[ck] : undefined;
        const after = rb ? rb.values[ck] : undefined;
        if (before === after) continue;
        const change: CellChange = { table, tableName: named, section: sid, row: key, rowLabel: label, column: ck, columnLabel: columnLabel(col), before, after };
        if (sectionTitle) change.sectionTitle = sectionTitle;
        const d = delta(before, after);
        if (d) change.delta = d;
        out.cells.push(change);
      }
      if (ra && rb) {
        for (const f of ['name', 'line', 'unit', 'group'] as const) {
          if (ra[f] !== rb[f]) out.fields.push({ pointer: `/tables/${table}/${sid}/${key}/${f}`, label: `${named} · ${label} · ${f}`, ...(ra[f] !== undefined ? { before: String(ra[f]) } : {}), ...(rb[f] !== undefined ? { after: String(rb[f]) } : {}) });
        }
      }
    }
  }
}

type Visit = (pointer: string, before: string | undefined, after: string | undefined) => void;

function leaf(v: unknown): string | undefined {
  return v === undefined ? undefined : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function walk(a: unknown, b: unknown, pointer: string, visit: Visit): void {
  if (a === b) return;
  const objA = a !== null && typeof a === 'object';
  const objB = b !== null && typeof b === 'object';
  if (objA && objB && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a)
      ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
      : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
    for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
    return;
  }
  if (objA || objB) {
    // An object appeared or vanished: list its leaves.
    const present = (objA ? a : b) as Record<string, unknown>;
    for (const k of Object.keys(present)) walk(objA ? present[k] : undefined, objB ? present[k] : undefined, `${pointer}/${k}`, visit);
    if (!objA && a !== undefined) visit(pointer, leaf(a), undefined);
    if (!objB && b !== undefined) visit(pointer, undefined, leaf(b));
    return;
  }
  visit(pointer, leaf(a), leaf(b));
}

const FIELD_LABELS: Record<string, [string, string]> = {
  budget: ['预算指标', 'budget'], paid: ['支付金额', 'paid'], score: ['得分', 'score'], grade: ['自评结果', 'grade'], name: ['名称', 'name'], code: ['序号', 'no.'],
  title: ['标题', 'title'], heading: ['标题', 'heading'], unit: ['金额单位', 'unit'], year: ['年度', 'year'], template: ['模板', 'template'],
};

/** "情况说明 · 一、收入支出决算总体情况说明 · 第1段", from the filing the pointer points into. */
export function labelPointer(f: Filing, pointer: string, lang: 'zh' | 'en' = 'zh'): string | undefined {
  const p = pointer.split('/').slice(1);
  const zh = lang === 'zh';
  const para = (i: string | undefined) => (i === undefined ? undefined : zh ? `第${Number(i) + 1}段` : `paragraph ${Number(i) + 1}`);
  const field = (k: string | undefined) => (k === undefined ? undefined : (FIELD_LABELS[k]?.[zh ? 0 : 1] ?? k));
  const join = (...parts: (string | undefined)[]) => parts.filter((x) => x !== undefined && x !== '').join(' · ');
  if (p[0] === 'narrative') {
    const n = f.narrative;
    if (p[1] === 'duties') return join(zh ? '部门职责' : 'Duties', para(p[2]));
    if (p[1] === 'organisation') {
      if (p[2] === 'offices') return join(zh ? '机构设置' : 'Organisation', n.organisation.offices[Number(p[3])]?.name, p[4] === 'duties' ? para(p[5]) : field(p[4]));
      return join(zh ? '机构设置' : 'Organisation', para(p[3]));
    }
    if (p[1] === 'explanation') {
      const s = n.explanation[Number(p[2])];
      return join(zh ? '情况说明' : 'Explanations', s?.heading, p[3] === 'paragraphs' ? para(p[4]) : field(p[3]));
    }
    if (p[1] === 'glossary') return join(zh ? '名词解释' : 'Glossary', n.glossary[Number(p[2])]?.term);
    if (p[1] === 'other') return join(zh ? '其他' : 'Other', para(p[2]));
  }
  if (p[0] === 'performance' && f.performance) {
    const perf = f.performance;
    const name = zh ? '绩效自评' : 'Performance evaluation';
    if (p[1] === 'projects') return join(name, perf.projects[Number(p[2])]?.name, field(p[3]));
    if (p[1] === 'totals') return join(name, zh ? '总计' : 'total', field(p[2]));
    if (p[1] === 'sections') return join(name, perf.sections[Number(p[2])]?.heading || undefined, p[3] === 'paragraphs' ? para(p[4]) : field(p[3]));
    return join(name, field(p[1]));
  }
  if (p[0] === 'department') return join(zh ? '部门' : 'Department', field(p[1]) ?? p[1]);
  if (p.length === 1) return field(p[0]);
  return undefined;
}
