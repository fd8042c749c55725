// Where things are in a report: its title (also the running header), page furniture, the five parts,
// and each table's region from its title line to the next table's.
import type { TableDef } from '../../core/templates/types.ts';
import { SHANXI_10, TEMPLATES } from '../../core/templates/index.ts';
import { squash, type Line } from './lines.ts';

export type PartId = 'overview' | 'tables' | 'explanation' | 'glossary' | 'attachment';

export interface PartHeading {
  readonly id: PartId;
  readonly line: Line;
  readonly index: number;
}

const PART = /^第[一二三四五六七八九十]+部分/;

export function partOf(text: string): PartId | undefined {
  const s = squash(text);
  if (!PART.test(s)) return undefined;
  if (s.includes('名词解释')) return 'glossary';
  if (s.includes('附件') || s.includes('附表')) return 'attachment';
  if (s.includes('决算表') || s.includes('报表')) return 'tables';
  if (s.includes('说明') || s.includes('分析')) return 'explanation';
  if (s.includes('概况')) return 'overview';
  return undefined;
}

/** The report's title as printed at the top of its pages: "…2023年部门决算公开报告". */
const TITLE = /^(.+?)((?:19|20)\d{2})年度?部门决算(?:公开)?报告$/;

export function findTitle(lines: readonly Line[]): { text: string; name: string; year: number; lines: Set<number> } | undefined {
  let found: { text: string; name: string; year: number } | undefined;
  for (const l of lines) {
    const m = TITLE.exec(squash(l.text));
    if (m) {
      found = { text: l.text.trim(), name: m[1]!, year: Number(m[2]) };
      break;
    }
  }
  if (!found) return undefined;
  const key = squash(found.text);
  return { ...found, lines: new Set(lines.filter((l) => squash(l.text) === key).map((l) => l.n)) };
}

/** A page number: "-5-", "— 5 —", "第5页". */
export function isPageNumber(text: string): boolean {
  return /^\s*[-－—–]\s*\d{1,3}\s*[-－—–]\s*$/.test(text) || /^\s*第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?\s*$/.test(text);
}

/** Every distinct table the templates know, by id. */
export const TABLE_DEFS: readonly TableDef[] = (() => {
  const seen = new Map<string, TableDef>();
  for (const t of [...SHANXI_10.tables, ...TEMPLATES.flatMap((x) => x.tables)]) if (!seen.has(t.id)) seen.set(t.id, t);
  return [...seen.values()];
})();

export interface TableStart {
  readonly def: TableDef;
  readonly index: number;
  readonly line: Line;
}

const ORDINAL_HEADING = /^[一二三四五六七八九十]+、/;
const NUMBER = /^公开\d+表$/;

/** A line that is a table's title: bare, or followed by its number, or as the numbered heading above it. */
function titleKind(text: string, def: TableDef): 'title' | 'heading' | undefined {
  const s = squash(text);
  const t = squash(def.title);
  if (s === t || (s.startsWith(t) && NUMBER.test(s.slice(t.length))) || (s.endsWith(t) && NUMBER.test(s.slice(0, -t.length)))) return 'title';
  if (ORDINAL_HEADING.test(s) && s.replace(ORDINAL_HEADING, '') === t) return 'heading';
  return undefined;
}

/**
 * The tables found, in printed order. A bare title line wins over the numbered heading listing it
 * ("一、收入支出决算总表" above "收入支出决算总表"); a heading alone is taken when no title is printed.
 */
export function findTables(lines: readonly Line[], from: number, to: number): TableStart[] {
  const out: TableStart[] = [];
  for (const def of TABLE_DEFS) {
    let heading: TableStart | undefined;
    let title: TableStart | undefined;
    for (let i = from; i < to; i++) {
      const k = titleKind(lines[i]!.text, def);
      if (k === 'title' && !title) title = { def, index: i, line: lines[i]! };
      if (k === 'heading' && !heading) heading = { def, index: i, line: lines[i]! };
    }
    const start = title ?? heading;
    if (start) out.push(start);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A numbered heading naming some table ("二、收入决算表"): a list heading between tables, not content. */
export function isTableHeading(text: string): boolean {
  return TABLE_DEFS.some((d) => titleKind(text, d) === 'heading');
}
