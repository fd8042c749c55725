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
  text: v.optional(v.record(v.pipe(v.string(), v.maxLength(200)), v.pipe(v.number(), v.integer(), v.minValue(1)))),
});

export type CellSource = v.InferOutput<typeof CellSourceSchema>;
export type Provenance = v.InferOutput<typeof ProvenanceSchema>;
