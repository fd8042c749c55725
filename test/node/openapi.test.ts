// The OpenAPI document the Worker serves passes an independent validator, and names every route; the
// response documents' JSON Schemas it serves at /schemas/*.json are valid JSON Schemas (2020-12).
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESPONSE_DOCUMENTS, schemaNameOf, type ResponseDocumentName } from '../../src/core/contract/documents.ts';
import { schemaPath } from '../../src/core/contract/urls.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 90_000);
afterAll(async () => server?.stop());

it('openapi.json is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, object> };
  const validator = new Validator();
  const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
  for (const path of ['/v1/datasets', '/v1/datasets/{departmentId}/{year}', '/v1/submissions', '/v1/keys', '/v1/changes']) expect(Object.keys(doc.paths)).toContain(path);
}, 30_000);

it('each response document\'s JSON Schema (/schemas/{name}.json) is a valid JSON Schema 2020-12 naming its document (ajv)', async () => {
  const ajv = new Ajv2020({ validateFormats: false });
  for (const [name, d] of Object.entries(RESPONSE_DOCUMENTS)) {
    const path = schemaPath(schemaNameOf(name as ResponseDocumentName));
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    const schema = (await res.json()) as Record<string, unknown>;
    expect(ajv.validateSchema(schema), `${path}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    expect(schema, path).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: path, title: d.title, description: d.description });
    // An object, or one of several kinds of object told apart by a member (a log entry's kind).
    const options = (schema.oneOf ?? schema.anyOf) as Record<string, unknown>[] | undefined;
    for (const o of options ?? [schema]) expect(o.type, path).toBe('object');
    // And it compiles: a validator can be made of it.
    expect(typeof ajv.compile({ ...schema, $id: `${server.url}${path}` }), path).toBe('function');
  }
}, 30_000);
