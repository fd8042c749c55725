import * as v from 'valibot';
import { NameSchema, TextSchema } from './key.ts';

const Paragraphs = v.pipe(v.array(TextSchema), v.maxLength(2000));

/** A section of text with its heading as printed; `level` keeps the outline (一、 → 1, （一） → 2, 1. → 3). */
export const TextSectionSchema = v.strictObject({
  heading: NameSchema,
  level: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4)),
  paragraphs: Paragraphs,
});

export const OfficeSchema = v.strictObject({
  name: NameSchema,
  duties: Paragraphs,
});

export const GlossaryEntrySchema = v.strictObject({
  term: NameSchema,
  definition: TextSchema,
});

/** A part or section heading as printed (第一部分 …概况 → 0, 一、 → 1, （一） → 2), where it was printed. */
export const HeadingSchema = v.strictObject({
  text: NameSchema,
  level: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4)),
});

/** The report's text: 概况 (职责, 机构设置), 情况说明 and 名词解释. */
export const NarrativeSchema = v.strictObject({
  duties: Paragraphs,
  organisation: v.strictObject({
    summary: Paragraphs,
    /** 内设机构 (股室) with their duties. */
    offices: v.array(OfficeSchema),
  }),
  /** 情况说明, in printed order. */
  explanation: v.array(TextSectionSchema),
  glossary: v.array(GlossaryEntrySchema),
  /** Printed text that belongs to no section (e.g. a stray 无。 after the glossary). */
  other: v.optional(Paragraphs),
  /** The 目录 as printed, one entry a line (leaders and page numbers taken off), for the checks. */
  contents: v.optional(v.pipe(v.array(NameSchema), v.maxLength(500))),
  /** Every part and section heading of the report, in printed order, for the checks (year, placeholders, name). */
  headings: v.optional(v.pipe(v.array(HeadingSchema), v.maxLength(500))),
});

export type TextSection = v.InferOutput<typeof TextSectionSchema>;
export type Heading = v.InferOutput<typeof HeadingSchema>;
export type Narrative = v.InferOutput<typeof NarrativeSchema>;
