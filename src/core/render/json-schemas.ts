// JSON Schemas (2020-12) of the JSON forms, generated from their valibot schemas, never by hand.
// typeMode "output" describes what a client receives: the canonical form after the model's
// normalising transforms (full-width digits, separators), which are skipped, their checks kept.
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { FilingSchema } from '../model/filing.ts';
import { DataPackageSchema } from './datapackage-schema.ts';
import { TableJsonSchema } from './table-json.ts';

const SCHEMAS = {
  filing: v.pipe(FilingSchema, v.title('Gongkai filing (gongkai.filing/1)'), v.description("One department's final-account disclosure for one year, as served at filing.json.")),
  table: v.pipe(TableJsonSchema, v.title('Gongkai table (gongkai.table/1)'), v.description('One table of a filing, as served at tables/{tableId}.json.')),
  datapackage: v.pipe(DataPackageSchema, v.title('Gongkai datapackage.json'), v.description('The Frictionless Data Package (v2) descriptor of one version, as Gongkai writes it.')),
};

export type JsonSchemaName = keyof typeof SCHEMAS;

export function jsonSchemas(): Record<JsonSchemaName, JsonSchema> {
  const convert = (s: v.GenericSchema) =>
    toJsonSchema(s, { target: 'draft-2020-12', typeMode: 'output', errorMode: 'throw', ignoreActions: ['transform', 'check'] });
  return { filing: convert(SCHEMAS.filing), table: convert(SCHEMAS.table), datapackage: convert(SCHEMAS.datapackage) };
}
