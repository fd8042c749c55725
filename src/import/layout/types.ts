// Positioned text: what a PDF page prints and where. Coordinates are in PDF points with y measured
// down from the top of the page, so that reading order is ascending y, then ascending x.

/** A run of text as the PDF draws it (one pdfjs text item, or a piece of one split at a wide space). */
export interface Run {
  readonly text: string;
  /** 1-based page number. */
  readonly page: number;
  readonly x0: number;
  readonly x1: number;
  /** The baseline, from the top of the page. */
  readonly y: number;
  /** The font size (the text's height). */
  readonly size: number;
}

export interface Page {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly runs: readonly Run[];
}

/** Runs close together on one baseline, joined: a cell's text, a label, a figure. */
export interface Chunk extends Run {
  /** Letters spaced out (合 计) joined into this chunk. */
  readonly spaced?: boolean;
}

/** One printed line of a page: its chunks left to right. */
export interface Line {
  readonly page: number;
  readonly y: number;
  readonly size: number;
  readonly chunks: readonly Chunk[];
  /** The chunks' text joined with single spaces. */
  readonly text: string;
  /** Index of the line in the document, for the import report ("page 7, line 12"). */
  readonly index: number;
}
