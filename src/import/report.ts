// What an import says about itself: every cell it read, everything it could not place (with the text it
// saw and where), and notes. Shared by the text and the workbook importers; the CLI adds the findings.

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
