// The shape of the datapackage.json this platform writes: the subset of Frictionless Data Package
// v2 it uses, with the Fiscal Data Package properties on amount fields. Types the renderer and
// yields a JSON Schema (jsonSchemas()) for clients.
import * as v from 'valibot';

const Constraints = v.strictObject({
  required: v.optional(v.boolean()),
  unique: v.optional(v.boolean()),
  pattern: v.optional(v.string()),
  minimum: v.optional(v.number()),
  maximum: v.optional(v.number()),
  enum: v.optional(v.array(v.string())),
});

export const DataPackageFieldSchema = v.strictObject({
  name: v.string(),
  title: v.string(),
  description: v.string(),
  type: v.picklist(['string', 'integer', 'number']),
  constraints: v.optional(Constraints),
  /** Fiscal Data Package column type (budget taxonomy), e.g. "value", "functional-classification:generic:code". */
  columnType: v.optional(v.string()),
  currency: v.optional(v.literal('CNY')),
  factor: v.optional(v.number()),
  direction: v.optional(v.picklist(['revenue', 'expenditure'])),
  phase: v.optional(v.picklist(['approved', 'executed'])),
});

export const TableSchemaSchema = v.strictObject({
  fields: v.array(DataPackageFieldSchema),
  missingValues: v.array(v.string()),
  primaryKey: v.array(v.string()),
  foreignKeys: v.optional(
    v.array(v.strictObject({ fields: v.array(v.string()), reference: v.strictObject({ resource: v.string(), fields: v.array(v.string()) }) })),
  ),
});

const Hash = v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/));

export const DataResourceSchema = v.strictObject({
  name: v.string(),
  type: v.optional(v.literal('table')),
  /** Relative to datapackage.json, so a mirror serves the package unchanged. */
  path: v.string(),
  title: v.string(),
  description: v.optional(v.string()),
  format: v.picklist(['csv', 'json']),
  mediatype: v.string(),
  encoding: v.literal('utf-8'),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  hash: Hash,
  dialect: v.optional(
    v.strictObject({ header: v.boolean(), delimiter: v.string(), lineTerminator: v.string(), quoteChar: v.string(), doubleQuote: v.boolean(), skipInitialSpace: v.boolean() }),
  ),
  schema: v.optional(TableSchemaSchema),
});

export const DataPackageSchema = v.strictObject({
  $schema: v.literal('https://datapackage.org/profiles/2.0/datapackage.json'),
  name: v.string(),
  title: v.string(),
  description: v.string(),
  /** MAJOR.MINOR.PATCH: see datapackage.ts for the recipe. */
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/)),
  created: v.string(),
  keywords: v.array(v.string()),
  licenses: v.array(v.strictObject({ name: v.string(), title: v.string() })),
  sources: v.array(v.strictObject({ title: v.string() })),
  /** Fiscal Data Package: the fiscal year's span and the country. */
  fiscalPeriod: v.strictObject({ start: v.string(), end: v.string() }),
  countryCode: v.literal('CN'),
  /** Gongkai's own identification of the dataset version. */
  gongkai: v.strictObject({
    departmentId: v.string(),
    department: v.string(),
    regionCode: v.string(),
    year: v.number(),
    version: v.number(),
    corrects: v.nullable(v.number()),
    template: v.string(),
  }),
  resources: v.array(DataResourceSchema),
});

export type DataPackageField = v.InferOutput<typeof DataPackageFieldSchema>;
export type TableSchemaDescriptor = v.InferOutput<typeof TableSchemaSchema>;
export type DataResource = v.InferOutput<typeof DataResourceSchema>;
export type DataPackage = v.InferOutput<typeof DataPackageSchema>;
