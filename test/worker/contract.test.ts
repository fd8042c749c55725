// The wire contract (src/core/contract): every JSON route answers a document its schema accepts, the
// schemas refuse a document that is not one (so that these tests can fail), and the OpenAPI document
// names each route's schema.
import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { CatalogPageSchema } from '../../src/core/contract/catalog-page.ts';
import { ChangesPageSchema } from '../../src/core/contract/changes-page.ts';
import { DataJsonIndexSchema, DataJsonSchema } from '../../src/core/contract/data-json.ts';
import { DatasetSchema } from '../../src/core/contract/dataset.ts';
import { DcatCatalogSchema } from '../../src/core/contract/dcat-catalog.ts';
import { RESPONSE_DOCUMENTS, schemaNameOf, type ResponseDocumentName } from '../../src/core/contract/documents.ts';
import { DryRunSchema } from '../../src/core/contract/dry-run.ts';
import { MANIFEST_PATH } from '../../src/core/contract/files.ts';
import { describeIssues, parseDocument } from '../../src/core/contract/issues.ts';
import { KeySetSchema } from '../../src/core/contract/key-set.ts';
import { ManifestSchema } from '../../src/core/contract/manifest.ts';
import { ProblemSchema } from '../../src/core/contract/problem.ts';
import { PublicKeySchema } from '../../src/core/contract/public-key.ts';
import { ReceiptSchema, receiptDocument } from '../../src/core/contract/receipt.ts';
import { ADMIN_KEYS_PATH, adminWithdrawPath, CATALOG_JSONLD_PATH, catalogPath, DATA_JSON_PATH, changesPath, datasetPath, filePath, KEYS_PATH, schemaPath, versionPath } from '../../src/core/contract/urls.ts';
import { generateKeyPair } from '../../src/core/signature/keys.ts';
import { VersionDocumentSchema } from '../../src/core/contract/version.ts';
import { WithdrawalSchema } from '../../src/core/contract/withdrawal.ts';
import { ADMIN, call, ORIGIN, registerKey, seedFiling, submit } from './support.ts';

const D = 'contract-dept';
const W = 'contract-withdrawn';
const Y = 2023;

/** The body, and the schema's verdict with every issue printed when it fails. */
async function expectDocument(schema: v.GenericSchema, res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: not JSON (${res.status}): ${text.slice(0, 300)}`);
  }
  const r = v.safeParse(schema, body);
  expect(r.success, `${what} does not match its schema: ${r.success ? '' : describeIssues(r.issues, 50)}`).toBe(true);
  return body;
}

let receipt: Response;
let dryRun: Response;
let withdrawal: Response;

beforeAll(async () => {
  const key = await registerKey(D);
  dryRun = await submit(seedFiling(D), key, { dryRun: true });
  receipt = await submit(seedFiling(D), key);
  const correction = seedFiling(D);
  correction.narrative.other = ['更正'];
  expect((await submit(correction, key)).status).toBe(201);
  // A withdrawn version: its documents carry withdrawnAt and withdrawnReason, the feed a tombstone.
  const other = await registerKey(W);
  expect((await submit(seedFiling(W), other)).status).toBe(201);
  withdrawal = await call(adminWithdrawPath(W, Y, 1), { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ reason: '数据有误，撤回' }) });
}, 60_000);

describe('every JSON route answers its schema', () => {
  it('POST /v1/submissions: the receipt (201), the same as the pure builder gives', async () => {
    expect(receipt.status).toBe(201);
    const body = (await expectDocument(ReceiptSchema, receipt, 'the receipt')) as v.InferOutput<typeof ReceiptSchema>;
    expect(receipt.headers.get('location')).toBe(body.links.self);
    expect(body).toEqual(receiptDocument(ORIGIN, D, Y, body.version, body.publishedAt, body.manifestSha256, body.findings));
  });

  it('POST /v1/submissions?dryRun=1: the dry run (200)', async () => {
    expect(dryRun.status).toBe(200);
    await expectDocument(DryRunSchema, dryRun, 'the dry run');
  });

  it('GET /v1/datasets: the catalog page, filtered and paged', async () => {
    for (const path of [catalogPath(), catalogPath({ department: D }), catalogPath({ department: D, limit: 1 }), catalogPath({ department: W })]) {
      const r = await call(path);
      expect(r.status, path).toBe(200);
      const page = (await expectDocument(CatalogPageSchema, r, path)) as v.InferOutput<typeof CatalogPageSchema>;
      expect(page.items.length, path).toBeGreaterThan(0);
    }
  });

  it('GET /v1/datasets/{d}/{y}: the dataset, published and withdrawn', async () => {
    for (const [d, versions] of [[D, 2], [W, 1]] as const) {
      const r = await call(datasetPath(d, Y));
      expect(r.status).toBe(200);
      const doc = (await expectDocument(DatasetSchema, r, datasetPath(d, Y))) as v.InferOutput<typeof DatasetSchema>;
      expect(doc.versions).toHaveLength(versions);
    }
  });

  it('GET …/versions/{n}: the version, published, corrected and withdrawn', async () => {
    for (const [d, n] of [[D, 1], [D, 2], [W, 1]] as const) {
      const r = await call(versionPath(d, Y, n));
      expect(r.status).toBe(200);
      const doc = (await expectDocument(VersionDocumentSchema, r, versionPath(d, Y, n))) as v.InferOutput<typeof VersionDocumentSchema>;
      if (d === W) expect(doc).toMatchObject({ status: 'withdrawn', withdrawnReason: '数据有误，撤回' });
      if (n === 2) expect(doc.corrects).toBe(1);
    }
  });

  it('GET …/versions/{n}/manifest.json: the manifest', async () => {
    const r = await call(filePath(D, Y, 2, MANIFEST_PATH));
    expect(r.status).toBe(200);
    await expectDocument(ManifestSchema, r, 'manifest.json');
  });

  it('GET /v1/changes: the change feed, with a tombstone', async () => {
    const r = await call(changesPath({ since: 0, limit: 1000 }));
    expect(r.status).toBe(200);
    const page = (await expectDocument(ChangesPageSchema, r, '/v1/changes')) as v.InferOutput<typeof ChangesPageSchema>;
    expect(page.results.some((c) => c.kind === 'withdrawn' && c.departmentId === W)).toBe(true);
  });

  it('GET /v1/keys: the JWK Set; registering a key answers one key', async () => {
    await expectDocument(KeySetSchema, await call(KEYS_PATH), KEYS_PATH);
    const { privateJwk } = await generateKeyPair('contract-key');
    const init = { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ keyId: 'contract-key', departmentId: D, publicKey: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x } }) };
    const registered = await call(ADMIN_KEYS_PATH, init);
    expect(registered.status).toBe(201);
    await expectDocument(PublicKeySchema, registered, 'a registered key');
    const again = await call(ADMIN_KEYS_PATH, init);
    expect(again.status).toBe(200);
    await expectDocument(PublicKeySchema, again, 'a key registered again');
  });

  it('POST …/withdraw: the withdrawal', async () => {
    expect(withdrawal.status).toBe(200);
    await expectDocument(WithdrawalSchema, withdrawal, 'the withdrawal');
  });

  it('GET /v1/catalog.jsonld and /data.json: the harvest catalogs, a withdrawn dataset among them', async () => {
    for (const path of [CATALOG_JSONLD_PATH, `${CATALOG_JSONLD_PATH}?limit=1`, `${CATALOG_JSONLD_PATH}?limit=1&page=2`]) {
      const r = await call(path);
      expect(r.status, path).toBe(200);
      await expectDocument(DcatCatalogSchema, r, path);
    }
    const index = await call(DATA_JSON_PATH);
    const first = ((await index.clone().json()) as { catalogs: { dataJson: string; dcat: string }[] }).catalogs[0]!;
    await expectDocument(DataJsonIndexSchema, index, DATA_JSON_PATH);
    await expectDocument(DataJsonSchema, await call(new URL(first.dataJson).pathname), first.dataJson);
    await expectDocument(DcatCatalogSchema, await call(new URL(first.dcat).pathname), first.dcat);
  });

  it('errors: problem+json', async () => {
    for (const path of [datasetPath('no-such-dept', Y), versionPath(D, Y, 99), catalogPath({ limit: 501 })]) {
      const r = await call(path);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await expectDocument(ProblemSchema, r, path);
    }
  });
});

describe('the schemas refuse what is not the contract', () => {
  it('a dataset document with a member missing, one too many, or a wrong type fails, and says where', async () => {
    const good = (await (await call(datasetPath(D, Y))).json()) as Record<string, any>;
    expect(v.safeParse(DatasetSchema, good).success).toBe(true);
    const { latestVersion: _, ...missing } = good;
    const extra = { ...good, surprise: 1 };
    const wrong = structuredClone(good);
    wrong.versions[0].sha256 = 'not a digest';
    for (const [name, doc, place] of [['missing', missing, 'latestVersion'], ['extra', extra, 'surprise'], ['wrong', wrong, 'versions.0.sha256']] as const) {
      const r = v.safeParse(DatasetSchema, doc);
      expect(r.success, name).toBe(false);
      if (!r.success) expect(describeIssues(r.issues), name).toContain(place);
    }
  });

  it('a client (parseDocument) reads a member it does not know, dropping it, and still refuses a missing or mistyped one', async () => {
    const good = (await (await call(datasetPath(D, Y))).json()) as Record<string, any>;
    // What a later server might add: at the top, in the links, in a version, in a shared schema (the findings' summary).
    const later = structuredClone(good);
    Object.assign(later, { surprise: 1 });
    Object.assign(later.links, { portal: '/v1/elsewhere' });
    Object.assign(later.versions[0], { signedBy: 'someone' });
    Object.assign(later.versions[0].findings, { critical: 0 });
    expect(v.safeParse(DatasetSchema, later).success, 'the server side stays strict').toBe(false);
    const read = parseDocument(DatasetSchema, later, 'a later server');
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.value).toEqual(v.parse(DatasetSchema, good));
    const { latestVersion: _, ...missing } = later;
    const wrong = structuredClone(later);
    wrong.versions[0].findings.error = 'none';
    for (const [doc, place] of [[missing, 'latestVersion'], [wrong, 'versions.0.findings.error']] as const) {
      const r = parseDocument(DatasetSchema, doc, 'a later server');
      expect(r.ok, place).toBe(false);
      if (!r.ok) {
        expect(r.problem, place).toContain(place);
        expect(r.problem, place).not.toContain('surprise');
      }
    }
  });

  it('a catalog page is not a dataset, nor a receipt a version', async () => {
    const page = await (await call(catalogPath({ department: D }))).json();
    expect(v.safeParse(DatasetSchema, page).success).toBe(false);
    const version = await (await call(versionPath(D, Y, 1))).json();
    expect(v.safeParse(ReceiptSchema, version).success).toBe(false);
  });
});

describe('the OpenAPI document is typed by the same schemas', () => {
  type Operation = { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
  /** A document is an object, or one of several kinds of object told apart by a member (a log entry's kind). */
  function expectObjectSchema(schema: Record<string, unknown>, name: string) {
    const options = (schema.oneOf ?? schema.anyOf) as Record<string, unknown>[] | undefined;
    if (options) for (const o of options) expect(o.type, name).toBe('object');
    else expect(schema.type, name).toBe('object');
  }
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Record<string, unknown>> } };
  beforeAll(async () => {
    doc = await (await call('/openapi.json')).json();
  });

  it('has a component schema for every response document', () => {
    for (const name of Object.keys(RESPONSE_DOCUMENTS)) {
      expect(doc.components.schemas[name], name).toBeDefined();
      expectObjectSchema(doc.components.schemas[name]!, name);
    }
    // Generated from the valibot schemas: the dataset's members are the schema's.
    expect(Object.keys(doc.components.schemas.Dataset!.properties as object).sort()).toEqual(Object.keys(DatasetSchema.entries).sort());
  });

  it('each JSON route refers to its schema', () => {
    const refs: [string, string, string, string][] = [
      ['/v1/log', 'get', '200', 'LogPage'],
      ['/v1/log/key', 'get', '200', 'PlatformKey'],
      ['/v1/log/{seq}', 'get', '200', 'LogEntry'],
      ['/v1/datasets', 'get', '200', 'CatalogPage'],
      ['/v1/datasets/{departmentId}/{year}', 'get', '200', 'Dataset'],
      ['/v1/datasets/{departmentId}/{year}/versions/{version}', 'get', '200', 'Version'],
      ['/v1/submissions', 'post', '201', 'Receipt'],
      ['/v1/submissions', 'post', '200', 'DryRun'],
      ['/v1/changes', 'get', '200', 'Changes'],
      ['/v1/keys', 'get', '200', 'KeySet'],
      ['/v1/admin/keys', 'post', '201', 'PublicKey'],
      ['/v1/admin/datasets/{departmentId}/{year}/versions/{version}/withdraw', 'post', '200', 'Withdrawal'],
    ];
    for (const [path, method, status, name] of refs) {
      const response = doc.paths[path]?.[method]?.responses[status];
      expect(response?.content?.['application/json']?.schema?.$ref, `${method} ${path} ${status}`).toBe(`#/components/schemas/${name}`);
    }
    expect(doc.paths['/v1/catalog.jsonld']!.get!.responses['200']!.content?.['application/ld+json']?.schema?.$ref).toBe('#/components/schemas/DcatCatalog');
    expect(doc.paths['/data.json']!.get!.responses['200']!.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/DataJsonIndex');
    expect(doc.paths['/v1/departments/{departmentId}/data.json']!.get!.responses['200']!.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/DataJson');
    expect(doc.paths['/v1/datasets/{departmentId}/{year}']!.get!.responses['404']!.content?.['application/problem+json']?.schema?.$ref).toBe('#/components/schemas/Problem');
    // The submission route's own descriptions and other answers are kept, its two documents named in its own description.
    expect(doc.paths['/v1/submissions']!.post!.responses['200']).toMatchObject({ description: 'Dry run: the findings; nothing stored' });
    expect(doc.paths['/v1/submissions']!.post!.responses['201']).toMatchObject({ description: 'Published as the next version' });
    expect(Object.keys(doc.paths['/v1/submissions']!.post!.responses)).toEqual(expect.arrayContaining(['200', '201', '401', '413', '422', '429']));
  });

  it('serves each response document\'s JSON Schema at /schemas/{name}.json, the same as its component', async () => {
    for (const [name, d] of Object.entries(RESPONSE_DOCUMENTS)) {
      const path = schemaPath(schemaNameOf(name as ResponseDocumentName));
      const r = await call(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toMatch(/^application\/schema\+json/);
      const { $schema, $id, ...schema } = (await r.json()) as Record<string, unknown>;
      expect($schema, path).toBe('https://json-schema.org/draft/2020-12/schema');
      expect($id, path).toBe(path);
      expect(schema, path).toMatchObject({ title: d.title, description: d.description });
      expectObjectSchema(schema, path);
      expect(schema, path).toEqual(doc.components.schemas[name]);
    }
    const missing = await call(schemaPath('no-such-document'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toContain('dry-run.json');
  });
});
