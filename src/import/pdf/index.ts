// A published report's PDF → a filing, an import report and the provenance of every imported cell.
// Positioned text (pdfjs-dist) is read into lines, tables are found by their titles' meaning and read into
// grids, the grids are fitted to the template's tables; the rest is the narrative, part by part.
import { FILING_FORMAT } from '../../core/model/filing.ts';
import type { Heading } from '../../core/model/narrative.ts';
import { PROVENANCE_FORMAT, type CellSource, type Provenance } from '../../core/model/provenance.ts';
import type { Table } from '../../core/model/table.ts';
import { TEMPLATES } from '../../core/templates/index.ts';
import type { TableDef } from '../../core/templates/types.ts';
import { resolveDepartment } from '../department.ts';
import { toLines as toPdfLines, squash } from '../layout/lines.ts';
import type { Line, Page } from '../layout/types.ts';
import { mostCommon, Recorder, type ImportOptions, type ImportResult } from '../report.ts';
import { partOf, type PartId } from '../text/locate.ts';
import { glossaryOf, narrativeOf, overviewOf, sections, unitsOf } from '../text/narrative.ts';
import type { Block } from '../text/paragraphs.ts';
import { chooseTemplate } from '../text/template.ts';
import { readPdf } from './document.ts';
import { furniture, tableOfContents } from './locate.ts';
import { pdfBlocks } from './paragraphs.ts';
import { readSections, rowName } from './sections.ts';
import { locateTables } from './tables.ts';

export type { Provenance };

export type PdfImportOptions = ImportOptions;

export interface PdfImportResult extends ImportResult {
  readonly provenance: Provenance;
}

/** Reads the PDF (throws PdfError for an encrypted, broken or scanned one) and imports it. */
export async function importReportPdf(bytes: Uint8Array, options: PdfImportOptions = {}): Promise<PdfImportResult> {
  const pages = await readPdf(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  return importPdfPages(pages, sha256, options);
}

/** Every table any template knows, each title once: what a title line is compared with. */
const ALL_DEFS: readonly TableDef[] = (() => {
  const seen = new Map<string, TableDef>();
  for (const t of TEMPLATES.flatMap((x) => x.tables)) {
    const prior = seen.get(t.id);
    if (!prior) seen.set(t.id, { ...t, aliases: [...(t.aliases ?? [])] });
    else {
      const names = new Set([...(prior.aliases ?? []), t.title, ...(t.aliases ?? [])]);
      names.delete(prior.title);
      seen.set(t.id, { ...prior, aliases: [...names] });
    }
  }
  return [...seen.values()];
})();

const ROW_NAMES = new Set(['合计', '总计', ...TEMPLATES.flatMap((t) => t.tables.flatMap((d) => d.sections.flatMap((s) => s.rows.flatMap((r) => [r.name, ...(r.aliases ?? [])]))))].map(rowName).filter((n) => n !== ''));
const isRowLabel = (label: string) => ROW_NAMES.has(rowName(label));

export function importPdfPages(pages: readonly Page[], sha256: string, options: PdfImportOptions = {}): PdfImportResult {
  const rec = new Recorder();
  const lines = toPdfLines(pages);
  const toc = tableOfContents(lines);
  const furnitureLines = furniture(lines);
  const skip = new Set([...furnitureLines, ...toc]);
  const found = locateTables(lines, ALL_DEFS, { skip, isRowLabel });
  const inTables = new Set(found.flatMap((t) => t.region.map((l) => l.index)));
  if (toc.size) rec.note({ page: lines.find((l) => toc.has(l.index))!.page, place: '目录' }, `the 目录 (${toc.size} lines) is not read as tables`);

  const contents = lines.filter((l) => toc.has(l.index) && !furnitureLines.has(l.index)).map((l) => squash(l.text).replace(/[.…·．]{2,}.*$/, '').replace(/\d+$/, '')).filter((t) => t !== '' && t !== '目录').map((t) => t.slice(0, 200));
  const choice = chooseTemplate(found.map((t) => ({ id: t.def.id, printed: t.line.text, ...(t.number ? { number: t.number } : {}) })), options.template);
  if (!choice.template) rec.missing({ place: 'template' }, choice.why);
  else rec.note({ place: 'template' }, choice.why);
  const template = choice.template;

  const sources: CellSource[] = [];
  const tables: Table[] = [];
  const tablePages: Record<string, { pages: number[] }> = {};
  for (const tdef of template?.tables ?? []) {
    const place = tdef.number ?? tdef.title;
    const t = found.find((x) => x.def.id === tdef.id);
    if (!t) {
      rec.missing({ place }, `${place} ${tdef.title} was not found in the report`);
      continue;
    }
    if (t.number && tdef.number && t.number !== tdef.number) rec.note({ page: t.line.page, place }, `${tdef.title} is printed as ${t.number}; template ${template!.id} numbers it ${tdef.number}`);
    const sections = readSections(tdef, t.grid, rec, place, sources);
    if (!t.frame.unit) rec.missing({ page: t.line.page, place }, `${place}: no 金额单位 (单位：万元 / 单位：元) was found with the table`);
    tablePages[tdef.id] = { pages: [...new Set(t.region.map((l) => l.page))] };
    tables.push({
      id: tdef.id,
      ...(tdef.number ? { number: tdef.number } : {}),
      title: tdef.title,
      unit: t.frame.unit ?? '',
      ...(t.frame.department ? { department: t.frame.department } : {}),
      ...(t.frame.year !== undefined ? { year: t.frame.year } : {}),
      sections,
      ...(t.frame.note ? { note: t.frame.note } : {}),
      ...(t.frame.statement ? { statement: t.frame.statement } : {}),
    });
  }
  for (const t of found) {
    if (template && !template.tables.some((d) => d.id === t.def.id)) {
      rec.unplaced({ page: t.line.page, place: t.def.title }, t.line.text, `${t.def.title} is not a table of template ${template.id}; not imported`);
    }
  }

  // The text: every line that is neither furniture, 目录 nor table, by part.
  const rest = lines.filter((l) => !skip.has(l.index) && !inTables.has(l.index));
  const parts = rest.flatMap((l, i) => {
    const id = partOfLine(l);
    return id ? [{ id, i, line: l }] : [];
  });
  const part = (id: PartId) => {
    const at = parts.findIndex((p) => p.id === id);
    if (at < 0) return undefined;
    return rest.slice(parts[at]!.i + 1, parts[at + 1]?.i ?? rest.length);
  };
  const overviewLines = part('overview') ?? [];
  const { units, others } = unitList(overviewLines);
  const overviewBlocks = pdfBlocks(others);
  const overview = overviewOf(overviewBlocks, rec);
  const pageOfLine = new Map(lines.map((l) => [l.index + 1, l.page]));
  const explanationBlocks = pdfBlocks(part('explanation') ?? []);
  const explanation = sections(explanationBlocks);
  const textPages = explanationPages(explanationBlocks, pageOfLine);
  const glossary = continued(glossaryOf(pdfBlocks(part('glossary') ?? [])), rec);
  if (!part('overview')) rec.missing({ place: '第一部分' }, '第一部分 (概况) was not found');
  if (!part('explanation')) rec.missing({ place: '第三部分' }, '情况说明 (第三部分) was not found');
  if (!part('glossary')) rec.missing({ place: '第四部分' }, '名词解释 (第四部分) was not found');
  if (overview.duties.length === 0) rec.missing({ place: '第一部分' }, '主要职能 / 职责 (第一部分 概况) was not found');
  const headings: Heading[] = [];
  const headingPage = (page: number | undefined) => {
    if (page !== undefined) textPages[`/narrative/headings/${headings.length - 1}/text`] = page;
  };
  for (const p of parts) {
    headings.push({ text: p.line.text.trim().slice(0, 200), level: 0 });
    headingPage(p.line.page);
  }
  for (const b of [...overviewBlocks, ...explanationBlocks]) {
    if (b.kind !== 'heading') continue;
    headings.push({ text: b.text.slice(0, 200), level: b.level ?? 1 });
    headingPage(pageOfLine.get(b.line));
  }
  // Text between the tables that is no table's (a caption, a stray line), and parts not imported: said, not dropped.
  for (const l of part('tables') ?? []) {
    if (l.text.trim() !== '') rec.note({ page: l.page, place: '第二部分' }, `text between the tables, not imported: "${l.text.trim().slice(0, 40)}"`);
  }
  const attachment = part('attachment');
  if (attachment?.length) rec.note({ page: attachment[0]!.page, place: '附件' }, `the attachment (${attachment.length} lines from page ${attachment[0]!.page}) is not imported from a PDF`);
  // Outside every part (a cover, a stray line): kept, and said.
  const firstPart = parts[0]?.i ?? rest.length;
  const before = rest.slice(0, firstPart).filter((l) => !isCover(l, lines));
  const other = [...overview.other, ...glossary.other, ...before.map((l) => l.text.trim())];
  for (const l of before) rec.note({ page: l.page, place: 'text' }, `text outside the parts kept under narrative.other: "${l.text.trim().slice(0, 30)}"`);

  // Department, year and unit: as the tables print them, else the cover and the part headings.
  const cover = coverOf(lines);
  const year = mostCommon(tables.map((t) => t.year).filter((y): y is number => y !== undefined)) ?? cover.year ?? yearOf(headings.map((h) => h.text));
  if (year === undefined) rec.missing({ place: 'year' }, 'the report\'s year (20XX年度 on the cover, a heading or a table) was not found');
  const name = mostCommon(tables.map((t) => t.department).filter((d): d is string => !!d)) ?? cover.name ?? nameFromParts(parts.map((p) => p.line.text));
  if (!name) rec.missing({ place: 'department' }, 'the department\'s name (编制部门 / 部门名称 with the tables, or the cover) was not found');
  const printedUnits = tables.map((t) => t.unit).filter((u) => u !== '');
  const unit = mostCommon(printedUnits);
  if (unit === undefined) rec.missing({ place: 'unit' }, 'no table prints its unit (单位：万元 / 单位：元); the filing\'s unit is not guessed');
  else if (unit !== '万元' && unit !== '元') rec.missing({ place: 'unit' }, `the tables are in ${unit}; a filing is in 万元 or 元 as printed, and figures are never converted`);
  for (const t of tables) if (t.unit && t.unit !== unit) rec.note({ place: t.number ?? t.title }, `${t.number ?? t.title} is in ${t.unit}; the report's tables are in ${unit} (kept as printed)`);

  const { id, regionCode } = resolveDepartment(name, options, rec);

  const filing: Record<string, unknown> = {
    format: FILING_FORMAT,
    department: { id: id ?? '', name: name ?? '', regionCode: regionCode ?? '', units: units.length ? units : unitsOf(overview.summary) ?? [] },
    ...(year !== undefined ? { year } : {}),
    ...(unit !== undefined ? { unit } : {}),
    template: template?.id ?? '',
    ...(cover.title ? { title: cover.title } : {}),
    source: { kind: 'report-pdf', ...(options.sourceName ? { name: options.sourceName } : {}) },
    tables,
    narrative: narrativeOf(overview, explanation, glossary.glossary, other, { contents, headings }),
  };
  // Notes and problems located by line get their page too: a PDF's reader thinks in pages.
  const report = rec.report(options.sourceName ?? 'report.pdf');
  const located = {
    ...report,
    problems: report.problems.map((p) => (p.line !== undefined && p.page === undefined ? { ...p, page: pageOfLine.get(p.line)! } : p)),
    notes: report.notes.map((n) => (n.line !== undefined && n.page === undefined ? { ...n, page: pageOfLine.get(n.line)! } : n)),
  };
  return {
    filing,
    report: located,
    provenance: { format: PROVENANCE_FORMAT, source: { kind: 'report-pdf', ...(options.sourceName ? { name: options.sourceName } : {}), sha256, pages: pages.length }, cells: sources, tables: tablePages, text: textPages },
  };
}

/** The 序号 / 单位名称 list of 部门决算单位构成: the units, placeholders (。。。) aside. */
function unitList(lines: readonly Line[]): { units: string[]; others: Line[] } {
  const at = lines.findIndex((l) => /序号/.test(l.text) && /单位名称/.test(squash(l.text)));
  if (at < 0) return { units: [], others: [...lines] };
  const units: string[] = [];
  let end = at + 1;
  for (; end < lines.length; end++) {
    const l = lines[end]!;
    const [first, second] = l.chunks;
    if (first && /^\d{1,3}$/.test(first.text)) {
      const nameText = second ? squash(second.text) : '';
      if (nameText !== '' && !/^[。.…、]+$/.test(nameText)) units.push(nameText);
      continue;
    }
    if (/^[。.…、]+$/.test(squash(l.text))) continue; // the template's 。。。 rows wrap onto a second line
    break;
  }
  return { units, others: [...lines.slice(0, at), ...lines.slice(end)] };
}

function coverOf(lines: readonly Line[]): { name?: string; year?: number; title?: string } {
  const first = lines.filter((l) => l.page === lines[0]?.page);
  for (let i = 0; i < first.length; i++) {
    const s = squash(first[i]!.text);
    const whole = /^(.+?)((?:19|20)\d{2})年度?(?:部门|单位)?决算/.exec(s);
    if (whole && !/^(?:19|20)/.test(s)) return { name: whole[1]!, year: Number(whole[2]), title: s };
    const bare = /^((?:19|20)\d{2})年度?(?:部门|单位)?决算/.exec(s);
    if (bare) {
      const prev = i > 0 ? squash(first[i - 1]!.text) : undefined;
      return { ...(prev ? { name: prev, title: prev + s } : {}), year: Number(bare[1]) };
    }
  }
  return {};
}

/** The cover: the first page, before the first part heading (whatever the page's size). */
function isCover(l: Line, lines: readonly Line[]): boolean {
  return l.page === lines[0]?.page;
}

function yearOf(texts: readonly string[]): number | undefined {
  for (const t of texts) {
    const m = /((?:19|20)\d{2})\s*年度/.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** 第一部分 上海市XX局概况 → 上海市XX局. */
function nameFromParts(texts: readonly string[]): string | undefined {
  for (const t of texts) {
    const m = /^第[一二三四五六七八九十]+部分(.+?)概况$/.exec(squash(t));
    if (m) return m[1];
  }
  return undefined;
}


/** A part heading: 第X部分…, or the heading over the tables printed without its number (…2024年度部门决算表). */
function partOfLine(l: Line): PartId | undefined {
  const id = partOf(l.text);
  if (id) return id;
  return l.chunks.length <= 2 && /(?:19|20)\d{2}年度?(?:部门|单位)?决算表$/.test(squash(l.text)) ? 'tables' : undefined;
}

/** A term's definition printed over two paragraphs: the second belongs to the term, not to narrative.other. */
function continued(g: ReturnType<typeof glossaryOf>, rec: Recorder): ReturnType<typeof glossaryOf> {
  const glossary = g.glossary.map((e) => ({ ...e }));
  const other: string[] = [];
  for (const p of g.other) {
    const last = glossary.at(-1);
    if (last && p.length > 8) {
      last.definition += p;
      rec.note({ place: '第四部分' }, `a paragraph after 名词解释 "${last.term}" taken as the rest of its definition: "${p.slice(0, 20)}…"`);
    } else {
      other.push(p);
      rec.note({ place: '第四部分' }, `text in 名词解释 that is no term kept under narrative.other: "${p.slice(0, 30)}"`);
    }
  }
  return { glossary, other };
}

/** The page of each heading and paragraph of 情况说明, by its pointer, as sections() groups the blocks. */
function explanationPages(list: readonly Block[], pageOf: ReadonlyMap<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  let section = -1;
  let paragraph = 0;
  for (const b of list) {
    const page = pageOf.get(b.line);
    if (b.kind === 'heading' || section < 0) {
      section++;
      paragraph = 0;
      if (page !== undefined) out[`/narrative/explanation/${section}/heading`] = page;
      if (b.kind === 'heading') continue;
    }
    if (page !== undefined) out[`/narrative/explanation/${section}/paragraphs/${paragraph}`] = page;
    paragraph++;
  }
  return out;
}
