// 项目支出绩效自评 attachment: its title, its text in sections, and its two tables — projects with 预算指标
// and 支付金额 (and the 总计 line), projects with 得分 and 自评结果 — joined by project code.
import { GRADES, type Performance, type Project } from '../../core/model/performance.ts';
import type { Recorder } from '../report.ts';
import { cellValue, isValueToken, looksLaidOut, nearest, readCell, tokens, words } from './cells.ts';
import { squash, type Line } from './lines.ts';
import { blocks } from './paragraphs.ts';
import { sections } from './narrative.ts';
import { joinName } from './tables/layout.ts';

interface ProjectRow {
  readonly code: string;
  readonly line: number;
  readonly name: string;
  readonly cells: [string, string];
}

const HEADING = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const PLACE = '附件';

export function readAttachment(lines: readonly Line[], rec: Recorder): Performance | undefined {
  const text = lines.filter((l) => l.text.trim() !== '');
  if (text.length === 0) return undefined;
  // The title: the first lines, up to the one ending in 报告.
  let t = 0;
  let title = '';
  while (t < Math.min(3, text.length)) {
    title += text[t]!.text.trim();
    t++;
    if (/报告$/.test(title)) break;
  }
  if (!/报告$/.test(title)) {
    t = 0;
    title = '';
    rec.missing({ line: text[0]!.n, place: PLACE }, 'the attachment has no title line ending in 报告');
  }
  const rest = text.slice(t);
  const isHeader = (l: Line, kind: 'a' | 'b') => {
    const s = squash(l.text);
    return s.includes('项目名称') && (kind === 'a' ? /预算|支付|执行数/.test(s) : /得分|自评结果/.test(s));
  };
  const tables: { kind: 'a' | 'b'; from: number; to: number }[] = [];
  rest.forEach((l, i) => {
    const kind = isHeader(l, 'a') ? 'a' : isHeader(l, 'b') ? 'b' : undefined;
    if (!kind) return;
    let to = i + 1;
    while (to < rest.length && !HEADING.test(rest[to]!.text)) to++;
    tables.push({ kind, from: i, to });
  });
  const inTable = (i: number) => tables.some((x) => i >= x.from && i < x.to);
  const prose = rest.filter((_, i) => !inTable(i));

  const a = tables.find((x) => x.kind === 'a');
  const b = tables.find((x) => x.kind === 'b');
  if (!a) rec.missing({ line: rest[0]?.n, place: PLACE }, 'the table of projects with 预算指标 and 支付金额 was not found');
  const rowsA = a ? projectRows(rest.slice(a.from, a.to), rec) : [];
  const rowsB = b ? projectRows(rest.slice(b.from, b.to), rec) : [];
  const total = rowsA.find((r) => r.code === '总计' || r.code === '合计');
  const cell = (token: string, at: { line: number; place: string }) => {
    const read = readCell(token);
    const v = cellValue(read);
    if (v === undefined) rec.unplaced(at, token, `${at.place}: "${token}" is not a figure; left out`);
    else rec.count(v, rec.attachment);
    return v;
  };
  if (!total && a) rec.missing({ line: rest[a.from]!.n, place: PLACE }, 'the 总计 line of the projects table was not found');
  const totals = total
    ? { budget: cell(total.cells[0], { line: total.line, place: `${PLACE} 总计 预算指标` }) ?? null, paid: cell(total.cells[1], { line: total.line, place: `${PLACE} 总计 支付金额` }) ?? null }
    : { budget: null, paid: null };
  const projects: Project[] = rowsA.filter((r) => r !== total).map((r) => {
    const place = `${PLACE} 项目${r.code}`;
    const budget = cell(r.cells[0], { line: r.line, place: `${place} 预算指标` });
    const paid = cell(r.cells[1], { line: r.line, place: `${place} 支付金额` });
    const p: Project = { code: r.code, name: r.name, budget: budget ?? null, paid: paid ?? null };
    if (budget === undefined) delete (p as Partial<Project>).budget;
    if (paid === undefined) delete (p as Partial<Project>).paid;
    const s = rowsB.find((x) => x.code === r.code);
    if (s) {
      if (squash(s.name) !== squash(r.name)) rec.note({ line: s.line, place }, `${place}: named "${s.name}" in the score table and "${r.name}" in the first`);
      const score = readCell(s.cells[0]);
      if (score.kind === 'figure') {
        p.score = score.value;
        rec.count(score.value, rec.attachment);
      } else if (score.kind === 'blank') p.score = null;
      else rec.unplaced({ line: s.line, place: `${place} 得分` }, s.cells[0], `${place} 得分: "${s.cells[0]}" is not a score`);
      const grade = s.cells[1].trim();
      if ((GRADES as readonly string[]).includes(grade)) p.grade = grade as Project['grade'];
      else if (grade === '') p.grade = null;
      else rec.unplaced({ line: s.line, place: `${place} 自评结果` }, grade, `${place} 自评结果: "${grade}" is none of 优, 良, 中, 差`);
    } else if (b) rec.missing({ place }, `${place} has no line in the score table`);
    return p;
  });
  for (const s of rowsB) {
    if (!rowsA.some((r) => r.code === s.code)) rec.unplaced({ line: s.line, place: PLACE }, `${s.code} ${s.name}`, `${PLACE}: project ${s.code} is scored but not in the projects table`);
  }
  const secs = sections(blocks(prose));
  return { title, totals, projects, sections: secs };
}

/** Rows of a projects table: a line starting with the next number (or 总计) begins a row; its last two cells close it. */
function projectRows(lines: readonly Line[], rec: Recorder): ProjectRow[] {
  const header = lines[0]!;
  const anchors = looksLaidOut(header.text) ? words(header.text).slice(-2).map((w) => (w.start + w.end) / 2) : undefined;
  const rows: ProjectRow[] = [];
  let cur: { code: string; line: number; parts: { n: number; text: string }[]; cells?: [string, string] } | undefined;
  let next = 1;
  const close = () => {
    if (!cur) return;
    if (!cur.cells) rec.unplaced({ line: cur.line, place: PLACE }, `${cur.code} ${joinName(cur.parts)}`, `${PLACE} 项目${cur.code}: its two figures were not found`);
    rows.push({ code: cur.code, line: cur.line, name: joinName(cur.parts), cells: cur.cells ?? ['', ''] });
    cur = undefined;
  };
  for (const line of lines.slice(1)) {
    if (line.text.trim() === '') continue;
    let text = line.text;
    const first = text.trim().split(/\s+/)[0]!;
    if (first === String(next) || first === '总计' || first === '合计') {
      close();
      if (first === String(next)) next++;
      cur = { code: first, line: line.n, parts: [] };
      const at = text.indexOf(first);
      text = text.slice(0, at) + ' '.repeat(first.length) + text.slice(at + first.length);
    }
    if (!cur) {
      rec.unplaced({ line: line.n, place: PLACE }, line.text.trim(), `${PLACE}: a line of the projects table that starts no project`);
      continue;
    }
    if (anchors) {
      for (const w of words(text)) {
        if (cellish(w.text) && w.text !== '' && (w.start + w.end) / 2 > anchors[0]! - 8) {
          cur.cells ??= ['', ''];
          cur.cells[nearest(w, anchors)] = w.text;
        } else cur.parts.push({ n: line.n, text: w.text });
      }
      continue;
    }
    const toks = tokens(text.trimStart());
    const [a, b] = [toks.at(-2), toks.at(-1)];
    if (a !== undefined && b !== undefined && cellish(a) && cellish(b) && (a.trim() !== '' || b.trim() !== '')) {
      cur.cells = [a.trim(), b.trim()];
      toks.splice(-2);
    }
    for (const tk of toks) if (tk.trim() !== '') cur.parts.push({ n: line.n, text: tk.trim() });
  }
  close();
  return rows;
}

const cellish = (t: string) => t.trim() === '' || isValueToken(t) || /^[优良中差]$/.test(t.trim());
