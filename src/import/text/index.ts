// A published report's text (pdftotext, with or without -layout) → a filing and an import report. Pure:
// the caller reads files and says where the department's id and region code come from.
import { FILING_FORMAT } from '../../core/model/filing.ts';
import type { Table } from '../../core/model/table.ts';
import type { TableDef, Template } from '../../core/templates/types.ts';
import { mostCommon, Recorder, type ImportOptions, type ImportResult } from '../report.ts';
import { resolveDepartment } from '../department.ts';
import { readAttachment } from './attachment.ts';
import { readFrame, withoutFurniture, type Frame } from './header.ts';
import { toLines, type Line } from './lines.ts';
import { findTables, findTitle, isTableHeading, partOf, type PartId, type TableStart } from './locate.ts';
import { narrativeOf, readExplanation, readGlossary, readOverview, unitsOf } from './narrative.ts';
import { readCodedTable } from './tables/coded.ts';
import { readEconomicTable } from './tables/economic.ts';
import { readNumberedTable } from './tables/numbered.ts';
import { readThreePublicTable } from './tables/three-public.ts';
import { readTwoSidedTable } from './tables/two-sided.ts';
import { chooseTemplate } from './template.ts';

export interface TextImportOptions extends ImportOptions {
  readonly sourceKind?: 'report-text' | 'report-pdf';
}

export type { ImportResult };

type Reader = (def: TableDef, frame: Frame, rec: Recorder, place: string) => Table['sections'];
const READERS: Record<string, Reader> = {
  'income-expenditure': readTwoSidedTable,
  'fiscal-income-expenditure': readTwoSidedTable,
  income: readCodedTable,
  expenditure: readCodedTable,
  'general-budget-expenditure': readCodedTable,
  'government-fund': readCodedTable,
  'state-capital': readCodedTable,
  'general-budget-basic-expenditure': readEconomicTable,
  'three-public': readThreePublicTable,
  'related-information': readNumberedTable,
};

export function importReportText(text: string, options: TextImportOptions = {}): ImportResult {
  const rec = new Recorder();
  const lines = toLines(text);
  const title = findTitle(lines);
  const furniture = title?.lines ?? new Set<number>();
  const parts = lines.flatMap((l, index) => {
    const id = partOf(l.text);
    return id ? [{ id, index }] : [];
  });
  const partAt = (id: PartId, after = -1) => parts.find((p) => p.id === id && p.index > after)?.index;
  const explanationAt = partAt('explanation');
  const found = findTables(lines, 0, explanationAt ?? lines.length);

  // Each table runs from its title to the next table's (the last one to the next part).
  const frames = new Map<string, { start: TableStart; frame: Frame }>();
  const framesFound = found.map((start, i) => {
    const end = found[i + 1]?.index ?? parts.find((p) => p.index > start.index && p.id !== 'tables')?.index ?? lines.length;
    const region = withoutFurniture(lines.slice(start.index, end), furniture);
    const frame = readFrame(start.def, region, new Recorder(), start.def.title);
    return { start, frame, region };
  });
  const choice = chooseTemplate(framesFound.map((f) => ({ id: f.start.def.id, printed: f.start.line.text, ...(f.frame.number ? { number: f.frame.number } : {}) })), options.template);
  if (!choice.template) rec.missing({ place: 'template' }, choice.why);
  else rec.note({ place: 'template' }, choice.why);
  const template: Template | undefined = choice.template;

  const tables: Table[] = [];
  for (const tdef of template?.tables ?? []) {
    const place = tdef.number ?? tdef.title;
    const f = framesFound.find((x) => x.start.def.id === tdef.id);
    if (!f) {
      // Located where it should have been: before the next table found, or after the last one.
      const at = template!.tables.indexOf(tdef);
      const after = framesFound.find((x) => template!.tables.findIndex((t) => t.id === x.start.def.id) > at);
      const line = after ? after.start.line.n : framesFound.at(-1)?.region.at(-1)?.n;
      rec.missing({ ...(line !== undefined ? { line } : {}), place }, `${place} ${tdef.title} was not found in the report${after ? ` (expected before line ${line})` : ''}`);
      continue;
    }
    // Parse again with the real recorder, now that the table's place (its number) is known.
    const frame = readFrame(tdef, f.region, rec, place);
    frames.set(tdef.id, { start: f.start, frame });
    if (frame.number && tdef.number && frame.number !== tdef.number) rec.note({ line: f.start.line.n, place }, `${tdef.title} is printed as ${frame.number}; template ${template!.id} numbers it ${tdef.number}`);
    const sections = READERS[tdef.id]!(tdef, frame, rec, place);
    tables.push({
      id: tdef.id,
      ...(tdef.number ? { number: tdef.number } : {}),
      title: tdef.title,
      unit: frame.unit ?? '',
      ...(frame.department ? { department: frame.department } : {}),
      ...(frame.year !== undefined ? { year: frame.year } : {}),
      sections,
      ...(frame.note !== undefined ? { note: frame.note } : {}),
      ...(frame.statement !== undefined ? { statement: frame.statement } : {}),
    });
    if (!frame.unit) rec.missing({ line: f.start.line.n, place }, `${place}: no 金额单位 found in the header`);
  }
  for (const f of framesFound) {
    if (template && !template.tables.some((t) => t.id === f.start.def.id)) {
      rec.unplaced({ line: f.start.line.n, place: f.start.def.title }, f.start.line.text.trim(), `${f.start.def.title} is not a table of template ${template.id}; not imported`);
    }
  }

  // Year, department and unit: what the table headers say, most of them; disagreements are reported.
  const year = mostCommon(tables.map((t) => t.year).filter((y): y is number => y !== undefined)) ?? title?.year;
  if (year === undefined) rec.missing({ place: 'year' }, 'the report\'s year (20XX年度 in the table headers, or the title) was not found');
  for (const t of tables) {
    const fr = frames.get(t.id)!.frame;
    if (t.year !== undefined && t.year !== year) rec.note({ line: fr.yearLine, place: t.number ?? t.title }, `${t.number ?? t.title} is headed ${t.year}年度; the report is for ${year}`);
  }
  if (title && year !== undefined && title.year !== year) rec.note({ line: [...title.lines][0], place: 'title' }, `the title names ${title.year}; the tables are for ${year}`);
  const name = mostCommon(tables.map((t) => t.department).filter((d): d is string => !!d)) ?? title?.name;
  if (!name) rec.missing({ place: 'department' }, 'the department\'s name (部门名称 in the table headers, or the title) was not found');
  const unit = mostCommon(tables.map((t) => t.unit).filter((u) => u !== '')) ?? '万元';

  // The text.
  const firstTable = found[0]?.index ?? explanationAt ?? lines.length;
  const overviewFrom = (partAt('overview') ?? -1) + 1;
  const overviewLines = withoutFurniture(lines.slice(overviewFrom, firstTable), furniture).filter((l) => !isTableHeading(l.text));
  const overview = readOverview(overviewLines, rec);
  const glossaryAt = partAt('glossary');
  const attachmentAt = partAt('attachment');
  const region = (from: number | undefined, ...ends: (number | undefined)[]): Line[] => {
    if (from === undefined) return [];
    const end = Math.min(...ends.filter((e): e is number => e !== undefined && e > from), lines.length);
    return withoutFurniture(lines.slice(from + 1, end), furniture);
  };
  if (explanationAt === undefined) rec.missing({ place: '第三部分' }, '情况说明 (第三部分) was not found');
  if (glossaryAt === undefined) rec.missing({ place: '第四部分' }, '名词解释 (第四部分) was not found');
  const explanation = readExplanation(region(explanationAt, glossaryAt, attachmentAt));
  const glossary = readGlossary(region(glossaryAt, attachmentAt));
  const performance = attachmentAt === undefined ? undefined : readAttachment(region(attachmentAt), rec);
  if (attachmentAt === undefined) rec.note({ place: '第五部分' }, 'no attachment (项目支出绩效自评) was found');
  if (overview.duties.length === 0) rec.missing({ place: '第一部分' }, '职责 (第一部分 概况) was not found');

  const { id, regionCode } = resolveDepartment(name, options, rec);
  const units = unitsOf(overview.summary);
  if (units === undefined && overview.summary.length) rec.note({ place: '第一部分' }, 'the subordinate units (下属二级单位…分别是：) could not be read from 机构设置; none recorded');

  const other = [...overview.other, ...glossary.other];
  const filing: Record<string, unknown> = {
    format: FILING_FORMAT,
    department: { id: id ?? '', name: name ?? '', regionCode: regionCode ?? '', units: units ?? [] },
    ...(year !== undefined ? { year } : {}),
    unit,
    template: template?.id ?? '',
    ...(title ? { title: title.text } : {}),
    source: { kind: options.sourceKind ?? 'report-text', ...(options.sourceName ? { name: options.sourceName } : {}) },
    tables,
    ...(performance ? { performance } : {}),
    narrative: narrativeOf(overview, explanation, glossary.glossary, other),
  };
  return { filing, report: rec.report(options.sourceName ?? 'report') };
}
