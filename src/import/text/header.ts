// A table's printed frame: number, department, year and unit in its header, the last header line (栏次),
// the note (注：) and statement (说明：本表无数据) under it, and the body in between with page furniture and
// any header repeated after a page break taken out.
import type { TableDef } from '../../core/templates/types.ts';
import type { Recorder } from '../report.ts';
import { CJK, squash, type Line } from './lines.ts';
import { isPageNumber, isTableHeading, partOf } from './locate.ts';
import { looksLaidOut } from './cells.ts';

export interface Frame {
  readonly number?: string;
  readonly department?: string;
  readonly year?: number;
  readonly yearLine?: number;
  readonly unit?: string;
  /** The header lines, title through the signature line. */
  readonly header: readonly Line[];
  /** The last header line: 栏次, or the column titles where no 栏次 is printed. */
  readonly signature?: Line;
  readonly body: readonly Line[];
  readonly note?: string;
  readonly statement?: string;
  /** Columns aligned with spaces (pdftotext -layout). */
  readonly laidOut: boolean;
}

/** Lines that belong to the page, not the table: page numbers, the running title, part headings, list headings. */
export function withoutFurniture(lines: readonly Line[], titleLines: ReadonlySet<number>): Line[] {
  return lines.filter((l) => !isPageNumber(l.text) && !titleLines.has(l.n) && !partOf(l.text) && !isTableHeading(l.text));
}

function isSignature(def: TableDef, text: string): boolean {
  const s = squash(text);
  if (def.id === 'general-budget-basic-expenditure') return s.includes('决算数') && s.includes('科目');
  if (def.id === 'related-information') return s.includes('统计数');
  if (s.startsWith('栏次')) return true;
  // 三公 prints its 栏次 bare: "1 2 3 … 12".
  const nums = text.trim().split(/\s+/);
  return nums.length >= 6 && nums.every((x, i) => x === String(i + 1));
}

export function readFrame(def: TableDef, region: readonly Line[], rec: Recorder, place: string): Frame {
  const sigIndex = region.findIndex((l) => isSignature(def, l.text));
  if (sigIndex < 0) rec.missing({ line: region[0]?.n, place }, `${place}: the column header (栏次 line) was not found; rows are read from the line after the title`);
  const header = region.slice(0, sigIndex < 0 ? 1 : sigIndex + 1);
  const flat = squash(header.map((l) => l.text).join('\n'));
  const number = /公开\d+表/.exec(flat)?.[0];
  const who = /(?:部门|单位)名称[:：](.*?)((?:19|20)\d{2})年度?/.exec(flat);
  const yearLine = header.find((l) => /(?:19|20)\d{2}\s*年度/.test(l.text))?.n;
  const unit = /单位[:：](万元|千元|元)/.exec(flat)?.[1];

  // Note and statement close the table; the body is what lies between the header and them.
  const rest = region.slice(header.length);
  let end = rest.findIndex((l) => /^\s*(注[:：]|说明[:：])/.test(l.text));
  if (end < 0) end = rest.length;
  let note: string | undefined;
  let statement: string | undefined;
  for (let i = end; i < rest.length; i++) {
    const t = rest[i]!.text.trim();
    if (/^(注[:：])/.test(t) || /^(说明[:：])/.test(t)) {
      let text = t;
      while (i + 1 < rest.length && rest[i + 1]!.text.trim() !== '' && !/^(注[:：]|说明[:：])/.test(rest[i + 1]!.text.trim())) text += rest[++i]!.text.trim();
      if (text.startsWith('注')) note = note === undefined ? text : note + text;
      else statement = statement === undefined ? text : statement + text;
    } else if (t !== '') {
      rec.unplaced({ line: rest[i]!.n, place }, t, `${place}: text after the table's note that belongs to no row`);
    }
  }
  const signature = sigIndex < 0 ? undefined : region[sigIndex];
  const body = withoutRepeatedHeader(rest.slice(0, end), header, signature);
  return {
    ...(number ? { number } : {}),
    ...(who && who[1] ? { department: who[1] } : {}),
    ...(who ? { year: Number(who[2]) } : {}),
    ...(yearLine !== undefined ? { yearLine } : {}),
    ...(unit ? { unit } : {}),
    header,
    ...(signature ? { signature } : {}),
    body,
    ...(note !== undefined ? { note } : {}),
    ...(statement !== undefined ? { statement } : {}),
    laidOut: signature ? looksLaidOut(signature.text) : false,
  };
}

/**
 * A table broken across pages prints its header again. Where the signature line recurs, it and the header
 * lines just above it go.
 */
function withoutRepeatedHeader(body: readonly Line[], header: readonly Line[], signature: Line | undefined): Line[] {
  const headerLines = new Set(header.map((l) => squash(l.text)).filter((s) => s !== ''));
  const flat = squash(header.map((l) => l.text).join(''));
  const headerLike = (l: Line) => {
    const s = squash(l.text);
    return s === '' || headerLines.has(s) || (CJK.test(s) && flat.includes(s)) || /公开\d+表|名称[:：]|单位[:：]/.test(s);
  };
  const drop = new Set<number>();
  body.forEach((l, i) => {
    const s = squash(l.text);
    if (signature && s === squash(signature.text) && s !== '') {
      drop.add(i);
      for (let j = i - 1; j >= 0 && headerLike(body[j]!); j--) drop.add(j);
    }
  });
  return body.filter((_, i) => !drop.has(i));
}
