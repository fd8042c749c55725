import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { CheckReportSchema } from '../../core/checks/finding.ts';
import { ProvenanceSchema } from '../../core/model/provenance.ts';
import { SubmissionSchema } from '../../core/model/submission.ts';
import { jsonSchemas } from '../../core/render/json-schemas.ts';
import { RESPONSE_DOCUMENTS, schemaNameOf, type ResponseDocumentName } from '../../core/contract/documents.ts';
import { ManifestSchema } from '../../core/contract/manifest.ts';
import { schemaPath } from '../../core/contract/urls.ts';
import type { AppEnv } from '../env.ts';
import { jsonResponse } from '../http.ts';
import { problem } from '../problem.ts';

export const schemas = new Hono<AppEnv>();

let cache: Record<string, object> | undefined;
let responses: Record<ResponseDocumentName, object> | undefined;
let served: Record<string, object> | undefined;

const convert = (s: v.GenericSchema) => toJsonSchema(s, { target: 'draft-2020-12', typeMode: 'output', errorMode: 'throw', ignoreActions: ['transform', 'check'] });

/** JSON Schemas (2020-12) of every JSON form the API serves, generated from the valibot schemas once per isolate. */
export function allSchemas(): Record<string, object> {
  if (!cache) {
    cache = {
      ...jsonSchemas(),
      findings: convert(v.pipe(CheckReportSchema, v.title('Gongkai findings.json'), v.description('The accounting checks of one version.'))),
      manifest: convert(v.pipe(ManifestSchema, v.title('Gongkai manifest.json'), v.description('Every file of a version with its size and sha256, and the department\'s signature.'))),
      provenance: convert(v.pipe(ProvenanceSchema, v.title('Gongkai provenance.json (gongkai.provenance/1)'), v.description('Where each imported figure was printed: the source PDF\'s sha256, and each cell\'s page and position.'))),
      submission: convert(v.pipe(SubmissionSchema, v.title('Gongkai submission envelope (gongkai.submission/1)'), v.description('A filing with its provenance and the report PDF, signed as one body.'))),
    };
  }
  return cache;
}

/** JSON Schemas of the API's response documents (core/contract), by their OpenAPI component name. */
export function responseSchemas(): Record<ResponseDocumentName, object> {
  if (!responses) {
    responses = Object.fromEntries(Object.entries(RESPONSE_DOCUMENTS).map(([name, d]) => {
      const { $schema: _, ...schema } = convert(v.pipe(d.schema, v.title(d.title), v.description(d.description))) as Record<string, unknown>;
      return [name, schema];
    })) as Record<ResponseDocumentName, object>;
  }
  return responses;
}

/**
 * Every JSON Schema served at /schemas/{name}.json: the JSON forms' (filing, table…) and each response
 * document's, by its schemaNameOf (catalog-page, dry-run…), the same as its OpenAPI component.
 */
export function servedSchemas(): Record<string, object> {
  if (served) return served;
  const { $schema } = allSchemas().filing as { $schema: string };
  const documents = Object.entries(responseSchemas()).map(([name, schema]) => [schemaNameOf(name as ResponseDocumentName), { $schema, ...schema }]);
  return (served = { ...allSchemas(), ...Object.fromEntries(documents) });
}

/** An OpenAPI response whose body is the named document: its schema is #/components/schemas/{name}. */
export function documented(description: string, name: ResponseDocumentName, mediaType = 'application/json') {
  return { description, content: { [mediaType]: { schema: { $ref: `#/components/schemas/${name}` } } } };
}

/** An error response: problem+json. */
export const problemDoc = (description: string) => documented(description, 'Problem', 'application/problem+json');

schemas.get(
  '/schemas/:name{[a-z][a-z-]*\\.json}',
  describeRoute({
    tags: ['Schemas'],
    summary: `JSON Schema (2020-12) of a JSON form (filing, table, datapackage, findings, manifest, provenance, submission) or of a response document (${Object.keys(RESPONSE_DOCUMENTS).map((n) => schemaNameOf(n as ResponseDocumentName)).join(', ')})`,
    responses: { 200: { description: 'A JSON Schema' }, 404: { description: 'No such schema' } },
  }),
  async (c) => {
    const name = c.req.param('name').replace(/\.json$/, '');
    const schema = servedSchemas()[name];
    if (!schema) problem({ status: 404, type: 'not-found', title: 'No such schema', detail: `schemas: ${Object.keys(servedSchemas()).map((n) => n + '.json').join(', ')}` });
    return jsonResponse(c, { $id: schemaPath(name), ...schema }, 'public, max-age=3600', 200, { 'access-control-allow-origin': '*', 'content-type': 'application/schema+json; charset=utf-8' });
  },
);
