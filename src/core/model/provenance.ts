import * as v from 'valibot';
import { KeySchema, NameSchema, SlugSchema } from './key.ts';

export const PROVENANCE_FORMAT = 'gongkai.provenance/1';

const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits'));
const Coordinate = v.pipe(v.number(), v.minValue(-10_000), v.maxValue(100_000));

/** Where one imported cell was printed: page and position in the source PDF (points from the page's top left). */
export const CellSourceSchema = v.strictObject({
  table: SlugSchema,
  section: KeySchema,
  /** The row's key or code. */
  row: v.pipe(v.string(), v.maxLength(64)),
  column: KeySchema,
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  x: Coordinate,
  y: Coordinate,
});

/** Keys a JSON object parser treats specially: refused, not silently dropped, so what is published is what was signed. */
const SafeKey = v.pipe(v.string(), v.maxLength(200), v.check((k) => !['__proto__', 'constructor', 'prototype'].includes(k), 'a reserved key (__proto__, constructor, prototype)'));

/** Where the figures of a filing were printed: published beside the filing (provenance.json), never inside it. */
export const ProvenanceSchema = v.strictObject({
  format: v.literal(PROVENANCE_FORMAT, `format must be "${PROVENANCE_FORMAT}"`),
  source: v.strictObject({
    kind: v.literal('report-pdf'),
    name: v.optional(NameSchema),
    sha256: Sha256Schema,
    pages: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  }),
  cells: v.pipe(v.array(CellSourceSchema), v.maxLength(100_000)),
  /** Each table's pages, by table id. */
  tables: v.record(SlugSchema, v.strictObject({ pages: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.maxLength(1000)) })),
  /** The page each heading and paragraph of the text was printed on, by JSON Pointer into the filing. */
  text: v.optional(v.record(SafeKey, v.pipe(v.number(), v.integer(), v.minValue(1)))),
});

export type CellSource = v.InferOutput<typeof CellSourceSchema>;
export type Provenance = v.InferOutput<typeof ProvenanceSchema>;

/** Provenance that does not fit its filing: a page past the PDF's last, a table or cell the filing does not have. */
export function provenanceIssues(p: Provenance, filing: { tables: readonly { id: string; sections: readonly { id: string; columns: readonly { key: string }[]; rows: readonly { key?: string | undefined; code?: string | undefined }[] }[] }[] }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const pages = p.source.pages;
  const cells = new Set<string>();
  for (const t of filing.tables) for (const s of t.sections) for (const r of s.rows) for (const c of s.columns) cells.add(`${t.id}|${s.id}|${r.key ?? r.code}|${c.key}`);
  p.cells.forEach((c, i) => {
    if (c.page > pages) issues.push({ path: `/provenance/cells/${i}/page`, message: `page ${c.page} of a ${pages}-page PDF` });
    if (!cells.has(`${c.table}|${c.section}|${c.row}|${c.column}`)) issues.push({ path: `/provenance/cells/${i}`, message: `the filing has no cell ${c.table} ${c.section} ${c.row} ${c.column}` });
  });
  for (const [id, t] of Object.entries(p.tables)) {
    if (!filing.tables.some((x) => x.id === id)) issues.push({ path: `/provenance/tables/${id}`, message: `the filing has no table ${id}` });
    if (t.pages.some((n) => n > pages)) issues.push({ path: `/provenance/tables/${id}/pages`, message: `a page past the PDF's ${pages}` });
  }
  for (const [path, n] of Object.entries(p.text ?? {})) if (n > pages) issues.push({ path: `/provenance/text/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `page ${n} of a ${pages}-page PDF` });
  return issues;
}
