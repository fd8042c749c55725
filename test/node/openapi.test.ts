// The OpenAPI document the Worker serves passes an independent validator, and names every route.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
