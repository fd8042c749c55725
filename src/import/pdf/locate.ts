// Where things are in a PDF's lines: page furniture (page numbers, running heads), the 目录 (whose entries
// name tables but are none), table titles by meaning, and each table's frame: its title, the unit,
// department and year printed around it, the body, and the note or statement under it.
import { normalise, squash } from '../text/lines.ts';
import type { Line } from '../layout/types.ts';

/** A page number as printed: "-5-", "— 5 —", "第5页", a bare "5". */
const PAGE_NUMBER = /^(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d{1,3})$/;

/**
 * Lines that belong to the page, not the document: page numbers alone at the top or bottom, and running
 * heads or feet printed alike on three pages or more.
 */
export function furniture(lines: readonly Line[]): Set<number> {
  const out = new Set<number>();
  const byPage = new Map<number, Line[]>();
  for (const l of lines) (byPage.get(l.page) ?? byPage.set(l.page, []).get(l.page)!).push(l);
  const edges = new Map<string, Set<number>>();
  for (const [, ls] of byPage) {
    const ends = [ls[0], ls.at(-1)].filter((l): l is Line => l !== undefined);
    for (const l of ends) {
      if (l.chunks.length === 1 && PAGE_NUMBER.test(l.text.trim())) out.add(l.index);
      // A running head or foot: the same words at the same height, page numbers aside; never a row of figures.
      if (/\d[.,]\d/.test(l.text)) continue;
      const key = `${Math.round(l.y / 6)}|${squash(l.text).replace(/\d{1,3}/g, '#')}`;
      (edges.get(key) ?? edges.set(key, new Set()).get(key)!).add(l.index);
    }
  }
  for (const [, set] of edges) if (set.size >= 3) for (const i of set) out.add(i);
  return out;
}

/** The 目录: from its heading to the end of its page, and on while the lines read like entries. */
export function tableOfContents(lines: readonly Line[]): Set<number> {
  const out = new Set<number>();
  const at = lines.findIndex((l) => squash(l.text) === '目录');
  if (at < 0) return out;
  const page = lines[at]!.page;
  // Its entries: the part and section headings the body prints again later, or dotted leaders.
  const firstEntry = lines.slice(at + 1).find((l) => squash(l.text) !== '');
  let i = at;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (i > at && firstEntry && l.index !== firstEntry.index && squash(l.text) === squash(firstEntry.text) && l.page !== page) break;
    if (l.page !== page && !/[…]{2,}|\.{4,}|·{4,}/.test(l.text) && !continuesToc(lines, i, page)) break;
    out.add(l.index);
  }
  return out;
}

/** A 目录 continued on the next page: it carries on only while no page of body text has begun. */
function continuesToc(lines: readonly Line[], i: number, tocPage: number): boolean {
  const l = lines[i]!;
  if (l.page !== tocPage + 1) return false;
  const pageLines = lines.filter((x) => x.page === l.page);
  // A page of entries: short lines, each a heading (第X部分, 一、…), none running to the margin as prose does.
  return pageLines.every((x) => /^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])/.test(squash(x.text)) && !/[。；]$/.test(squash(x.text)));
}

export { normalise };

export interface TitleMatch<T> {
  readonly def: T;
  readonly index: number;
  /** The printed number (公开01表, 表一, 附表1) where one is printed with the title. */
  readonly number?: string;
  /** Whether the title is printed exactly as this def's own title (not an alias). */
  readonly exact: boolean;
}

const NUMBER_AFTER = /(公开\d{1,2}表|(?:公开|附)?表\s*[0-9一二三四五六七八九十]+|\d{1,2})$/;
/** A table's number printed on a line of its own (公开01表, 表1, 附表3). */
export const NUMBER_LINE = /^(?:公开\d{1,2}表|(?:公开|附)?表\s*[0-9一二三四五六七八九十]{1,3})$/;
/** A title printed again over a continuation: 收入决算表（续）, 续表. */
const CONTINUED = /[(（]?续(?:表)?\d*[)）]?$/;
const NUMBER_BEFORE = /^(?:公开\d{1,2}表|(?:公开|附)?表\s*[0-9一二三四五六七八九十]+|[0-9]{1,2}[.、．]|[一二三四五六七八九十]+、)/;

/**
 * A line that is a table's title: the title or one of its aliases, after the department's name, the year
 * and a printed number are taken off (上海市XX局2024年度收入支出决算总表, 公开01表, 1.2026年部门收入预算总表).
 */
export function titleOf<T extends { title: string; aliases?: readonly string[] }>(text: string, defs: readonly T[]): Omit<TitleMatch<T>, 'index'> | undefined {
  let s = normalise(text).replace(CONTINUED, '');
  if (s.length > 60 || /[。；，]/.test(s)) return undefined;
  const after = NUMBER_AFTER.exec(s);
  let number: string | undefined;
  for (const candidate of [s, after ? s.slice(0, after.index) : s]) {
    let t = candidate;
    const before = NUMBER_BEFORE.exec(t);
    if (before) t = t.slice(before[0].length);
    t = t.replace(/^.*?(?:19|20)\d{2}年度?/, '');
    // A 部门/单位 before the title is the department's (部门收入预算总表), unless the title itself starts so.
    const bare = t.replace(/^(?:预算单位|区级部门|市级部门|部门|单位)/, '');
    for (const def of defs) {
      const names = [def.title, ...(def.aliases ?? [])].map(normalise);
      const hit = names.indexOf(t) >= 0 ? names.indexOf(t) : names.indexOf(bare);
      if (hit >= 0) {
        number = candidate !== s ? after![1] : before && /表/.test(before[0]) ? before[0] : undefined;
        return { def, exact: hit === 0, ...(number ? { number: number.replace(/\s+/g, '') } : {}) };
      }
    }
    s = candidate;
  }
  return undefined;
}

/** Titles found outside the 目录, first print of each table, in printed order. */
export function findTitles<T extends { id: string; title: string; aliases?: readonly string[] }>(lines: readonly Line[], defs: readonly T[], skip: ReadonlySet<number>): TitleMatch<T>[] {
  const out: TitleMatch<T>[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if (skip.has(l.index)) continue;
    const m = titleOf(l.text, defs);
    if (!m || seen.has(m.def.id)) continue;
    seen.add(m.def.id);
    out.push({ ...m, index: l.index });
  }
  return out;
}

export interface Frame {
  readonly unit?: string;
  readonly department?: string;
  readonly year?: number;
  /** The table's lines between its frame and its note. */
  readonly body: Line[];
  readonly note?: string;
  readonly statement?: string;
}

const UNIT = /(?:金额)?单位[:：]\s*(万元|千元|亿元|元)/;
const DEPARTMENT = /(?:编制部门|编制单位|部门名称|单位名称|预算主管部门)[:：]\s*([^\s].*?)(?=\s{2,}|(?:金额)?单位[:：]|$)/;
const YEAR = /((?:19|20)\d{2})\s*年度?/;
const NOTE = /^(注[:：]|说明[:：]|注\d*[:：.])/;
const EMPTY = /本表(?:无数据|为空表)|无(?:数据|此项|相关)|没有.*(?:收入|支出)/;

/**
 * A table's region (its title line first) → its frame. Chunks naming the unit or the department are taken
 * out wherever they stand before the body; lines from the first note on are the note and the statement.
 */
export function readFrame(region: readonly Line[]): Frame {
  let unit: string | undefined;
  let department: string | undefined;
  let year: number | undefined;
  const body: Line[] = [];
  let noteAt = -1;
  region.forEach((l, i) => {
    if (noteAt >= 0) return;
    if (NOTE.test(squash(l.text))) {
      noteAt = i;
      return;
    }
    if (i === 0) {
      // The title line may carry the unit or the department at its right.
      const y = YEAR.exec(squash(l.text));
      if (y) year = Number(y[1]);
      for (const c of l.chunks) {
        unit ??= UNIT.exec(c.text)?.[1];
        department ??= DEPARTMENT.exec(c.text)?.[1]?.trim();
      }
      return;
    }
    // A frame line (部门名称：… 2023年度 金额单位：万元): its year goes with the department and the unit.
    const frameLine = l.chunks.some((c) => UNIT.test(c.text) || DEPARTMENT.test(c.text));
    const kept = l.chunks.filter((c) => {
      const s = c.text;
      const u = UNIT.exec(s);
      const d = DEPARTMENT.exec(s);
      const y = frameLine ? /^((?:19|20)\d{2})\s*年度?$/.exec(squash(s)) : null;
      if (u) unit ??= u[1];
      if (d) department ??= d[1]!.trim();
      if (y) year ??= Number(y[1]);
      return !u && !d && !y;
    });
    if (kept.length === 0) return;
    body.push(kept.length === l.chunks.length ? l : { ...l, chunks: kept, text: kept.map((c) => c.text).join(' ') });
  });
  let note: string | undefined;
  let statement: string | undefined;
  if (noteAt >= 0) {
    for (const l of region.slice(noteAt)) {
      const s = squash(l.text);
      if (/^说明[:：]/.test(s) || (statement === undefined && EMPTY.test(s) && /^注/.test(s) === false)) statement = s;
      else if (statement !== undefined) statement += s;
      else note = (note ?? '') + s;
    }
    // "注:本部门2026年无…故本表为空表" is a statement, though printed as a note.
    if (statement === undefined && note && /本表(?:无数据|为空表)/.test(note)) {
      statement = note;
      note = undefined;
    }
  }
  return { ...(unit ? { unit } : {}), ...(department ? { department } : {}), ...(year ? { year } : {}), body, ...(note ? { note } : {}), ...(statement ? { statement } : {}) };
}
