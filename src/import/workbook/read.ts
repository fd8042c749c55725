// A filled workbook (the layout of gongkai template) → a filing and an import report. Every figure is
// located by sheet and cell; text where a figure belongs is reported, an empty cell stays blank.
import { normaliseDecimal } from '../../core/decimal.ts';
import { FILING_FORMAT } from '../../core/model/filing.ts';
import { NOT_APPLICABLE, type Cell } from '../../core/model/cell.ts';
import { GRADES, type Performance, type Project } from '../../core/model/performance.ts';
import type { Narrative, TextSection } from '../../core/model/narrative.ts';
import type { Row, Table } from '../../core/model/table.ts';
import { templateById, type TemplateTable } from '../../core/templates/index.ts';
import { lookupDepartment, type DepartmentEntry } from '../department.ts';
import { Recorder, type CellCount } from '../report.ts';
import { section } from '../text/tables/coded.ts';
import { codedRow, fixedRow } from '../text/rows.ts';
import { a1, get, sheetName, type Sheet } from './grid.ts';
import { DEPARTMENT_LABELS, PERFORMANCE_HEADER, SHEETS, TEXT_PARTS, economicTotalGroup, tableLayout } from './layout.ts';
import { bareName } from '../text/lines.ts';

export interface WorkbookImportOptions {
  readonly sourceName?: string;
  readonly departmentId?: string;
  readonly regionCode?: string;
  readonly template?: string;
  readonly departments?: readonly DepartmentEntry[];
}

const str = (s: Sheet | undefined, r: number, c: number): string => {
  const v = s ? get(s, r, c)?.v : undefined;
  return v === undefined || v === null ? '' : String(v).trim();
};

/** A figure from a cell: a number with the decimals its format shows, or printed text. */
function cellOf(sheet: Sheet, r: number, c: number, rec: Recorder, place: string, into?: CellCount): Cell | undefined {
  const g = get(sheet, r, c);
  const at = { sheet: sheet.name, cell: a1(r, c), place };
  let value: Cell | undefined;
  if (!g || g.v === null || (typeof g.v === 'string' && g.v.trim() === '')) value = null;
  else if (typeof g.v === 'number') {
    const m = /0\.(0+)/.exec(g.fmt ?? '');
    const decimals = m ? m[1]!.length : /^[#,]*0$/.test(g.fmt ?? '') ? 0 : undefined;
    const printed = decimals === undefined ? String(g.v) : g.v.toFixed(decimals);
    value = normaliseDecimal(printed) ?? undefined;
    if (decimals !== undefined && Number(printed) !== g.v) rec.note(at, `${place}: ${g.v} shown with ${decimals} decimals as ${printed}`);
  } else {
    const t = g.v.trim();
    value = /^[─━—–\-－]{2,}$/.test(t) || t === NOT_APPLICABLE ? NOT_APPLICABLE : normaliseDecimal(t) ?? undefined;
  }
  if (value === undefined) rec.unplaced(at, String(g?.v), `${place}: "${String(g?.v)}" is not a figure; left out`);
  else rec.count(value, into);
  return value;
}

export function importWorkbook(sheets: readonly Sheet[], options: WorkbookImportOptions = {}): { filing: Record<string, unknown>; report: ReturnType<Recorder['report']> } {
  const rec = new Recorder();
  const byName = (n: string) => sheets.find((s) => s.name === n);
  const dep = byName(SHEETS.department);
  if (!dep) rec.missing({ sheet: SHEETS.department }, `the workbook has no sheet "${SHEETS.department}" (department, year, template): was it made by gongkai template?`);
  const field = (label: string): string => {
    if (!dep) return '';
    for (let r = 0; r < dep.rows.length; r++) if (str(dep, r, 0) === label) return str(dep, r, 1);
    return '';
  };
  const L = DEPARTMENT_LABELS;
  const templateId = options.template ?? field(L.template);
  const template = templateById(templateId);
  if (!template) rec.missing({ sheet: SHEETS.department, place: L.template }, `unknown template "${templateId}"`);
  const year = Number(field(L.year));
  if (!Number.isInteger(year) || year < 1990) rec.missing({ sheet: SHEETS.department, place: L.year }, `no year in the department sheet (${L.year})`);
  const name = field(L.name);
  const entry = name ? lookupDepartment(options.departments ?? [], name) : undefined;
  const id = options.departmentId ?? (field(L.id) || entry?.id || '');
  const regionCode = options.regionCode ?? (field(L.regionCode) || entry?.regionCode || '');
  if (!name) rec.missing({ sheet: SHEETS.department, place: L.name }, 'the department name is empty');
  if (!id) rec.missing({ sheet: SHEETS.department, place: L.id }, 'the department id is empty: fill it or give --department-id');
  if (!regionCode) rec.missing({ sheet: SHEETS.department, place: L.regionCode }, 'the region code is empty: fill it or give --region-code');
  const unit = field(L.unit) || '万元';

  const tables: Table[] = [];
  for (const def of template?.tables ?? []) {
    const sheet = byName(sheetName(def.number ?? def.title));
    if (!sheet) {
      rec.missing({ sheet: sheetName(def.number ?? def.title) }, `no sheet for ${def.number ?? ''} ${def.title}`);
      continue;
    }
    tables.push(readTable(def, sheet, rec));
  }
  const performance = readPerformance(byName(SHEETS.performance), rec);
  const { performanceSections, ...narrative } = readText(byName(SHEETS.text), rec);
  if (performance) performance.sections = performanceSections ?? [];
  else if (performanceSections) rec.unplaced({ sheet: SHEETS.text, place: TEXT_PARTS.performance }, '', `text of the attachment (${TEXT_PARTS.performance}) but no 绩效自评 sheet content`);
  const sourceKind = field(L.sourceKind);
  const source = sourceKind
    ? { kind: sourceKind, ...(field(L.sourceName) ? { name: field(L.sourceName) } : {}), ...(field(L.sourceNote) ? { note: field(L.sourceNote) } : {}) }
    : { kind: 'workbook', ...(options.sourceName ? { name: options.sourceName } : {}) };
  const units = field(L.units);
  const filing: Record<string, unknown> = {
    format: FILING_FORMAT,
    department: { id, name, regionCode, units: units ? units.split(/[、，,]/).map((u) => u.trim()).filter(Boolean) : [] },
    year,
    unit,
    template: template?.id ?? templateId,
    ...(field(L.title) ? { title: field(L.title) } : {}),
    source,
    tables,
    ...(performance ? { performance } : {}),
    narrative,
  };
  return { filing, report: rec.report(options.sourceName ?? 'workbook') };
}

function readTable(def: TemplateTable, sheet: Sheet, rec: Recorder): Table {
  const place = def.number ?? def.title;
  const layout = tableLayout(def);
  const department = str(sheet, 2, 1);
  const yearText = str(sheet, 2, 4);
  const unit = str(sheet, 2, 6);
  let noteRow = sheet.rows.length;
  for (let r = layout.dataStart; r < sheet.rows.length; r++) if (str(sheet, r, 0) === '注') noteRow = Math.min(noteRow, r);
  const note = str(sheet, noteRow, 1);
  const statement = str(sheet, noteRow + 1, 0) === '说明' ? str(sheet, noteRow + 1, 1) : '';
  const values = (r: number, cols: readonly { key: string; col: number }[], where: string): Record<string, Cell> => {
    const out: Record<string, Cell> = {};
    for (const c of cols) {
      const v = cellOf(sheet, r, c.col, rec, `${where} ${c.key}`);
      if (v !== undefined) out[c.key] = v;
    }
    return out;
  };
  const sections = layout.blocks
    .filter((_, i) => layout.kind !== 'economic' || i === 0)
    .map((b) => {
      const rows: Row[] = [];
      if (layout.kind === 'two-sided' || layout.kind === 'numbered') {
        // By 行次 where the template numbers its rows; else by name, in order (04表 prints 一般公共预算财政拨款
        // twice: by fund, then under 年初结转和结余), as a template without 行次 (Shanghai) lays them out.
        let after = layout.dataStart - 1;
        for (const rdef of b.section.rows) {
          let r = layout.dataStart;
          if (rdef.line !== undefined) while (r < noteRow && Number(str(sheet, r, b.lineCol!)) !== rdef.line) r++;
          else {
            const names = [rdef.name, ...(rdef.aliases ?? [])].map(bareName);
            r = after + 1;
            while (r < noteRow && !names.includes(bareName(str(sheet, r, b.nameCol)))) r++;
          }
          if (r >= noteRow) {
            rec.missing({ sheet: sheet.name, place }, rdef.line !== undefined ? `${place}: no row with 行次 ${rdef.line} (${rdef.name})` : `${place}: no row named ${rdef.name}`);
            continue;
          }
          if (rdef.line === undefined) after = r;
          rows.push(fixedRow(rdef, str(sheet, r, b.nameCol), values(r, b.values, rdef.line !== undefined ? `${place} 行次${rdef.line}` : `${place} ${rdef.name}`)));
        }
      } else if (layout.kind === 'single') {
        rows.push(fixedRow(b.section.rows[0]!, '', values(layout.dataStart, b.values, place)));
      } else if (layout.kind === 'coded') {
        for (let r = layout.dataStart; r < noteRow; r++) {
          const code = str(sheet, r, b.codeCol!);
          const nm = str(sheet, r, b.nameCol);
          if (!code && (nm === '合计' || nm === '总计')) rows.push(fixedRow(b.section.rows[0]!, nm, values(r, b.values, `${place} 合计`)));
          else if (code) rows.push(codedRow(code.replace(/\s+/g, ''), nm, values(r, b.values, `${place} ${code}`)));
          else unused(sheet, r, b.values.map((v) => v.col), rec, place);
        }
      } else {
        const groups = layout.blocks;
        const fixed = new Map<string, Row>();
        for (const g of groups) {
          for (let r = layout.dataStart; r < noteRow; r++) {
            const code = str(sheet, r, g.codeCol!);
            const rdef = b.section.rows.find((x) => bareName(x.name) === bareName(code));
            if (rdef && economicTotalGroup(rdef) === g.group! - 1) {
              fixed.set(rdef.key, fixedRow(rdef, rdef.name, values(r, g.values, `${place} ${rdef.name}`)));
            } else if (code && !rdef) {
              rows.push(codedRow(code, str(sheet, r, g.nameCol), values(r, g.values, `${place} ${code}`), g.group));
            } else if (!code) unused(sheet, r, g.values.map((v) => v.col), rec, place);
          }
        }
        for (const rdef of b.section.rows) {
          const row = fixed.get(rdef.key);
          if (row) rows.push(row);
          else rec.missing({ sheet: sheet.name, place }, `${place}: ${rdef.name} not found`);
        }
      }
      return section(b.section, rows);
    });
  return {
    id: def.id,
    ...(def.number ? { number: def.number } : {}),
    title: def.title,
    unit: unit || '万元',
    ...(department ? { department } : {}),
    ...(yearText && Number.isInteger(Number(yearText)) ? { year: Number(yearText) } : {}),
    sections,
    ...(note ? { note } : {}),
    ...(statement ? { statement } : {}),
  };
}

/** A figure in a row that has no code or name is not placed anywhere: say so. */
function unused(sheet: Sheet, r: number, cols: readonly number[], rec: Recorder, place: string): void {
  for (const c of cols) {
    const v = get(sheet, r, c)?.v;
    if (v !== undefined && v !== null && String(v).trim() !== '') {
      rec.unplaced({ sheet: sheet.name, cell: a1(r, c), place }, String(v), `${place}: a figure in a row with no code (科目代码) or name`);
    }
  }
}

function readPerformance(sheet: Sheet | undefined, rec: Recorder): Performance | undefined {
  if (!sheet) return undefined;
  const title = str(sheet, 1, 1);
  let head = 0;
  while (head < sheet.rows.length && str(sheet, head, 1) !== PERFORMANCE_HEADER[1]) head++;
  const projects: Project[] = [];
  let totals: Performance['totals'] = { budget: null, paid: null };
  for (let r = head + 1; r < sheet.rows.length; r++) {
    const code = str(sheet, r, 0);
    const name = str(sheet, r, 1);
    const place = `绩效自评 ${code || name}`;
    if (code === '总计' || code === '合计') {
      totals = { budget: cellOf(sheet, r, 2, rec, `${place} 预算指标`, rec.attachment) ?? null, paid: cellOf(sheet, r, 3, rec, `${place} 支付金额`, rec.attachment) ?? null };
      continue;
    }
    if (!code && !name) {
      unused(sheet, r, [2, 3, 4, 5], rec, '绩效自评');
      continue;
    }
    const p: Project = { code, name, budget: null, paid: null };
    const budget = cellOf(sheet, r, 2, rec, `${place} 预算指标`, rec.attachment);
    const paid = cellOf(sheet, r, 3, rec, `${place} 支付金额`, rec.attachment);
    if (budget !== undefined) p.budget = budget;
    else delete (p as Partial<Project>).budget;
    if (paid !== undefined) p.paid = paid;
    else delete (p as Partial<Project>).paid;
    const score = cellOf(sheet, r, 4, rec, `${place} 得分`, rec.attachment);
    if (score !== undefined && score !== NOT_APPLICABLE) p.score = score;
    const grade = str(sheet, r, 5);
    if ((GRADES as readonly string[]).includes(grade)) p.grade = grade as Project['grade'];
    else if (grade === '') p.grade = null;
    else rec.unplaced({ sheet: sheet.name, cell: a1(r, 5), place }, grade, `${place} 自评结果: "${grade}" is none of 优, 良, 中, 差`);
    projects.push(p);
  }
  if (!title && projects.length === 0 && totals.budget === null && totals.paid === null) return undefined;
  return { title, totals, projects, sections: [] };
}

function readText(sheet: Sheet | undefined, rec: Recorder): Narrative & { performanceSections?: TextSection[] } {
  const n: Narrative & { performanceSections?: TextSection[] } = { duties: [], organisation: { summary: [], offices: [] }, explanation: [], glossary: [] };
  if (!sheet) return n;
  const other: string[] = [];
  const perf: TextSection[] = [];
  for (let r = 2; r < sheet.rows.length; r++) {
    const part = str(sheet, r, 0);
    const heading = str(sheet, r, 1);
    const levelText = str(sheet, r, 2);
    const content = str(sheet, r, 3);
    if (!part && !heading && !levelText && !content) continue;
    const P = TEXT_PARTS;
    const sectionsFor = part === P.explanation ? n.explanation : part === P.performance ? perf : undefined;
    if (sectionsFor) {
      if (levelText) sectionsFor.push({ heading, level: Number(levelText), paragraphs: [] });
      else if (content) {
        if (!sectionsFor.length) sectionsFor.push({ heading: '', level: 1, paragraphs: [] });
        sectionsFor.at(-1)!.paragraphs.push(content);
      }
      continue;
    }
    if (part === P.duties) n.duties.push(content);
    else if (part === P.summary) n.organisation.summary.push(content);
    else if (part === P.offices) {
      if (heading) n.organisation.offices.push({ name: heading, duties: [] });
      if (content) {
        if (!n.organisation.offices.length) n.organisation.offices.push({ name: '', duties: [] });
        n.organisation.offices.at(-1)!.duties.push(content);
      }
    } else if (part === P.glossary) n.glossary.push({ term: heading, definition: content });
    else if (part === P.other) other.push(content);
    else rec.unplaced({ sheet: sheet.name, cell: a1(r, 0), place: '文字' }, part, `文字: unknown part "${part}" (one of ${Object.values(P).join(', ')})`);
  }
  if (other.length) n.other = other;
  if (perf.length) n.performanceSections = perf;
  return n;
}
