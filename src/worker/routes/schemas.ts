import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { CheckReportSchema } from '../../core/checks/finding.ts';
import { ProvenanceSchema } from '../../core/model/provenance.ts';
import { SubmissionSchema } from '../../core/model/submission.ts';
import { jsonSchemas } from '../../core/render/json-schemas.ts';
import { RESPONSE_DOCUMENTS, type ResponseDocumentName } from '../../core/contract/documents.ts';
import { ManifestSchema } from '../../core/contract/manifest.ts';
import type { AppEnv } from '../env.ts';
import { jsonResponse } from '../http.ts';
import { problem } from '../problem.ts';

export const schemas = new Hono<AppEnv>();

let cache: Record<string, object> | undefined;
let responses: Record<ResponseDocumentName, object> | undefined;

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

/** An OpenAPI response whose body is the named document: its schema is #/components/schemas/{name}. */
export function documented(description: string, name: ResponseDocumentName, mediaType = 'application/json') {
  return { description, content: { [mediaType]: { schema: { $ref: `#/components/schemas/${name}` } } } };
}

/** An error response: problem+json. */
export const problemDoc = (description: string) => documented(description, 'Problem', 'application/problem+json');

schemas.get(
  '/schemas/:name{[a-z]+\\.json}',
  describeRoute({ tags: ['Schemas'], summary: 'JSON Schema (2020-12) of a JSON form: filing, table, datapackage, findings, manifest, provenance, submission', responses: { 200: { description: 'A JSON Schema' }, 404: { description: 'No such schema' } } }),
  async (c) => {
    const name = c.req.param('name').replace(/\.json$/, '');
    const schema = allSchemas()[name];
    if (!schema) problem({ status: 404, type: 'not-found', title: 'No such schema', detail: `schemas: ${Object.keys(allSchemas()).map((n) => n + '.json').join(', ')}` });
    return jsonResponse(c, { $id: `/schemas/${name}.json`, ...schema }, 'public, max-age=3600', 200, { 'access-control-allow-origin': '*', 'content-type': 'application/schema+json; charset=utf-8' });
  },
);
