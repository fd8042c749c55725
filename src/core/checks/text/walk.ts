// Every piece of printed text in a filing, with its JSON Pointer, and the splitting of paragraphs into
// sentences. Headings are kept apart: they are checked more strictly (a heading's year must be the filing's).
import type { Filing } from '../../model/filing.ts';
import { pointer } from '../../model/issue.ts';
import type { TextSection } from '../../model/narrative.ts';
import type { TextLocation } from '../finding.ts';

export type TextKind = 'heading' | 'paragraph' | 'name';
export type Part = TextLocation['part'];

export interface TextField {
  readonly part: Part;
  /** The printed statement of an empty table (it names the year in some templates). */
  readonly statement?: boolean;
  readonly path: string;
  readonly text: string;
  readonly kind: TextKind;
  /** For paragraphs of 情况说明 and of the attachment: the headings above it, outermost first. */
  readonly headings?: readonly string[];
  /** For paragraphs: the index of the section they belong to (a section groups the sentences sharing a context). */
  readonly section?: string;
}

/** All printed text, in document order. */
export function textFields(filing: Filing): TextField[] {
  const out: TextField[] = [];
  const add = (part: Part, segments: (string | number)[], text: string, kind: TextKind) => out.push(new LazyField(part, segments, text, kind));
  add('document', ['department', 'name'], filing.department.name, 'name');
  filing.department.units.forEach((u, i) => add('document', ['department', 'units', i], u, 'name'));
  if (filing.title !== undefined) add('document', ['title'], filing.title, 'heading');
  filing.tables.forEach((t, ti) => {
    add('document', ['tables', ti, 'title'], t.title, 'heading');
    if (t.department !== undefined) add('document', ['tables', ti, 'department'], t.department, 'name');
    if (t.note !== undefined) add('document', ['tables', ti, 'note'], t.note, 'paragraph');
    if (t.statement !== undefined) out.push({ part: 'document', path: pointer(['tables', ti, 'statement']), text: t.statement, kind: 'paragraph', statement: true });
    t.sections.forEach((s, si) => s.rows.forEach((r, ri) => add('document', ['tables', ti, 'sections', si, 'rows', ri, 'name'], r.name, 'name')));
  });
  const n = filing.narrative;
  n.duties.forEach((p, i) => add('narrative', ['narrative', 'duties', i], p, 'paragraph'));
  n.organisation.summary.forEach((p, i) => add('narrative', ['narrative', 'organisation', 'summary', i], p, 'paragraph'));
  n.organisation.offices.forEach((o, oi) => {
    add('narrative', ['narrative', 'organisation', 'offices', oi, 'name'], o.name, 'name');
    o.duties.forEach((p, i) => add('narrative', ['narrative', 'organisation', 'offices', oi, 'duties', i], p, 'paragraph'));
  });
  out.push(...sectionFields('narrative', 'narrative/explanation', n.explanation));
  // Part headings (第三部分 …2024年度…情况说明) as printed; 情况说明's own headings are its sections'. 概况's
  // headings are left out: they may name any year (机构改革 of 2019) without being wrong.
  n.headings?.forEach((h, i) => {
    if (h.level === 0) add('narrative', ['narrative', 'headings', i, 'text'], h.text, 'heading');
  });
  n.glossary.forEach((g, i) => {
    add('narrative', ['narrative', 'glossary', i, 'term'], g.term, 'name');
    add('narrative', ['narrative', 'glossary', i, 'definition'], g.definition, 'paragraph');
  });
  n.other?.forEach((p, i) => add('narrative', ['narrative', 'other', i], p, 'paragraph'));
  const perf = filing.performance;
  if (perf) {
    add('performance', ['performance', 'title'], perf.title, 'heading');
    perf.projects.forEach((p, i) => add('performance', ['performance', 'projects', i, 'name'], p.name, 'name'));
    out.push(...sectionFields('performance', 'performance/sections', perf.sections));
  }
  return out;
}

/** A field whose pointer is built only if a finding asks for it: most fields pass. */
class LazyField implements TextField {
  constructor(
    readonly part: Part,
    private readonly segments: (string | number)[],
    readonly text: string,
    readonly kind: TextKind,
  ) {}

  get path(): string {
    return pointer(this.segments);
  }
}

/** Headings and paragraphs of 情况说明 or of the attachment, each paragraph with the outline of headings above it. */
export function sectionFields(part: Part, base: 'narrative/explanation' | 'performance/sections', sections: readonly TextSection[]): TextField[] {
  const out: TextField[] = [];
  const outline: string[] = [];
  sections.forEach((s, si) => {
    outline.length = Math.min(outline.length, s.level - 1);
    while (outline.length < s.level - 1) outline.push('');
    outline.push(s.heading);
    // Fixed ASCII keys and indices: nothing to escape in these pointers.
    out.push({ part, path: `/${base}/${si}/heading`, text: s.heading, kind: 'heading' });
    const headings = outline.filter(Boolean);
    s.paragraphs.forEach((p, pi) => out.push({ part, path: `/${base}/${si}/paragraphs/${pi}`, text: p, kind: 'paragraph', headings, section: `${part}/${si}` }));
  });
  return out;
}

export interface Sentence {
  readonly text: string;
  /** Offset of the sentence in its paragraph. */
  readonly start: number;
}

const SENTENCE_END = /[。；;！!？?]/g;

/** Split a paragraph after 。；！？; a sentence keeps its end mark. Whitespace from line-wrapped transcription is dropped. */
export function sentences(paragraph: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  // exec in a loop rather than matchAll: no iterator and no regex copy per paragraph.
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(paragraph); m !== null; m = SENTENCE_END.exec(paragraph)) {
    push(out, paragraph, start, m.index + 1);
    start = m.index + 1;
  }
  push(out, paragraph, start, paragraph.length);
  return out;
}

function push(out: Sentence[], paragraph: string, start: number, end: number): void {
  const text = paragraph.slice(start, end).trim();
  if (text) out.push({ text, start });
}
