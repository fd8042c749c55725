// The shape of what the check engine returns. Plain valibot schemas without transforms, so that
// @valibot/to-json-schema can publish the JSON Schema of findings.json from them.
import * as v from 'valibot';

const Decimal = v.pipe(v.string(), v.regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'a decimal string'));

export const SEVERITIES = ['error', 'warning', 'info', 'skipped'] as const;
export const SeveritySchema = v.picklist(SEVERITIES);
export type Severity = v.InferOutput<typeof SeveritySchema>;

export const BilingualSchema = v.strictObject({ zh: v.string(), en: v.string() });
export type Bilingual = v.InferOutput<typeof BilingualSchema>;

/** A cell, row, column or section of a table: rows by 科目代码 or fixed-row key, columns by key. */
export const TableLocationSchema = v.strictObject({
  table: v.string(),
  /** As printed (公开02表); absent for unnumbered tables. */
  number: v.optional(v.string()),
  /** Absent when the finding concerns the table as a whole (its header, unit, statement). */
  section: v.optional(v.string()),
  /** A 科目代码 or the key of a fixed row (total, total_income…). */
  row: v.optional(v.string()),
  /** 行次, where the table prints one. */
  line: v.optional(v.number()),
  column: v.optional(v.string()),
  /** 栏次, where the table prints one. */
  lanci: v.optional(v.number()),
  /** The page of the department's PDF it was printed on, where the filing came with its provenance. */
  page: v.optional(v.number()),
});
export type TableLocation = v.InferOutput<typeof TableLocationSchema>;

/**
 * A place in the text, by JSON Pointer into the filing, with the sentence (or the field) concerned.
 * `document` is any other printed field (the department's name, the report's title).
 */
export const TextLocationSchema = v.strictObject({
  part: v.picklist(['narrative', 'performance', 'document']),
  path: v.string(),
  excerpt: v.string(),
  /** The page of the department's PDF, where the filing came with its provenance. */
  page: v.optional(v.number()),
});
export type TextLocation = v.InferOutput<typeof TextLocationSchema>;

export const LocationSchema = v.union([TableLocationSchema, TextLocationSchema]);
export type Location = v.InferOutput<typeof LocationSchema>;

export const FindingSchema = v.strictObject({
  /** Stable id of the rule, e.g. within.parent-sum. */
  rule: v.string(),
  severity: SeveritySchema,
  /** The figure or place graded first (the printed total, the stated rate), then what it was compared with. */
  locations: v.array(LocationSchema),
  expected: v.optional(Decimal),
  actual: v.optional(Decimal),
  /** actual − expected. */
  difference: v.optional(Decimal),
  /** The allowance applied when the grade depends on rounding. */
  tolerance: v.optional(Decimal),
  message: BilingualSchema,
});
export type Finding = v.InferOutput<typeof FindingSchema>;

export const RuleStatusSchema = v.picklist(['passed', 'failed', 'skipped']);

export const RuleResultSchema = v.strictObject({
  id: v.string(),
  title: BilingualSchema,
  /** failed: an error or a warning; skipped: nothing could be evaluated; passed otherwise (info notes allowed). */
  status: RuleStatusSchema,
  /** Identities (comparisons) evaluated; skips are not counted. */
  checked: v.number(),
});
export type RuleResult = v.InferOutput<typeof RuleResultSchema>;

export const SummarySchema = v.strictObject({
  error: v.number(),
  warning: v.number(),
  info: v.number(),
  skipped: v.number(),
  /** Identities that held exactly (or a percentage within half a unit of its last digit). */
  passed: v.number(),
  /** Sentences stating figures that no rule could read (listed under text.unread): "no errors" is not "all read". */
  unread: v.number(),
});
export type Summary = v.InferOutput<typeof SummarySchema>;

/** A figure the text states, with what it was read as. */
export const ExtractedFigureSchema = v.strictObject({
  location: TextLocationSchema,
  kind: v.picklist(['amount', 'percent', 'count']),
  /** As a canonical decimal, in the unit printed (万元, 元, %, 个…). */
  value: Decimal,
  unit: v.string(),
  /** What the figure is of, as read from the sentence (e.g. 收入总计, 增长). */
  subject: v.string(),
  /** How the figure was read: a stated amount, a change on the year before, a rate, the year before's own figure (上年决算数为…)… */
  role: v.picklist(['stated', 'change', 'growth', 'share', 'completion', 'execution', 'count', 'prior']),
  /** The rules that used it; empty when nothing in the tables or the attachment corresponds. */
  checkedBy: v.array(v.string()),
  /** Why it was not checked, when it was not. */
  note: v.optional(v.string()),
});
export type ExtractedFigure = v.InferOutput<typeof ExtractedFigureSchema>;

export const UnreadSentenceSchema = v.strictObject({ location: TextLocationSchema, reason: v.string() });
export type UnreadSentence = v.InferOutput<typeof UnreadSentenceSchema>;

export const ExtractedSchema = v.strictObject({
  figures: v.array(ExtractedFigureSchema),
  /** Sentences that state figures none of which could be read or tied to anything checkable. */
  unread: v.array(UnreadSentenceSchema),
});
export type Extracted = v.InferOutput<typeof ExtractedSchema>;

export const CheckReportSchema = v.strictObject({
  findings: v.array(FindingSchema),
  rules: v.array(RuleResultSchema),
  summary: SummarySchema,
  extracted: ExtractedSchema,
});
export type CheckReport = v.InferOutput<typeof CheckReportSchema>;
