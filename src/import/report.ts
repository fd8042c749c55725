// What an import says about itself: every cell it read, everything it could not place (with the text it
// saw and where), and notes. Shared by the PDF, text and workbook importers; the CLI adds the findings.
import type { DepartmentEntry } from './department.ts';

/** Where in the input: a line of the text, or a cell of a workbook sheet. */
export interface Where {
  /** 1-based line of the report text. */
  readonly line?: number;
  /** 1-based page of the report PDF. */
  readonly page?: number;
  /** Workbook sheet and cell (A1). */
  readonly sheet?: string;
  readonly cell?: string;
  /** The table, section and row or column concerned, in words (公开02表 2010301 栏次3). */
  readonly place?: string;
}

export interface Problem extends Where {
  /** unplaced: printed text the importer could not put into the filing; missing: something the filing needs was not found. */
  readonly kind: 'unplaced' | 'missing';
  /** The text as seen in the input (absent for something missing). */
  readonly text?: string;
  readonly message: string;
}

/** What every importer is told: the input's name, and where the department's id and region come from. */
export interface ImportOptions {
  /** The input's name, kept as the filing's source. */
  readonly sourceName?: string;
  readonly departmentId?: string;
  readonly regionCode?: string;
  readonly template?: string;
  /** Known departments (data/departments.json): id and region code by printed name. */
  readonly departments?: readonly DepartmentEntry[];
}

export interface ImportResult {
  /** The filing as read; it may fail validation when something was missing (the report says what). */
  readonly filing: Record<string, unknown>;
  readonly report: ImportReport;
}

/** The value most often seen (the year or the unit most tables print). */
export function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

export interface Note extends Where {
  readonly message: string;
}

export interface CellCount {
  figures: number;
  blanks: number;
  notApplicable: number;
}

export interface ImportReport {
  readonly source: string;
  /** Cells placed in the tables (attachment figures counted apart). */
  readonly tables: CellCount;
  readonly attachment: CellCount;
  readonly problems: Problem[];
  readonly notes: Note[];
}

export function emptyCount(): CellCount {
  return { figures: 0, blanks: 0, notApplicable: 0 };
}

/** Collects problems and notes while an importer runs. */
export class Recorder {
  readonly problems: Problem[] = [];
  readonly notes: Note[] = [];
  readonly tables = emptyCount();
  readonly attachment = emptyCount();

  unplaced(where: Where, text: string, message: string): void {
    this.problems.push({ kind: 'unplaced', ...where, text, message });
  }
  missing(where: Where, message: string): void {
    this.problems.push({ kind: 'missing', ...where, message });
  }
  note(where: Where, message: string): void {
    this.notes.push({ ...where, message });
  }
  count(cell: string | null | undefined, into: CellCount = this.tables): void {
    if (cell === null || cell === undefined) into.blanks++;
    else if (cell === 'n/a') into.notApplicable++;
    else into.figures++;
  }
  report(source: string): ImportReport {
    return { source, tables: this.tables, attachment: this.attachment, problems: this.problems, notes: this.notes };
  }
}
