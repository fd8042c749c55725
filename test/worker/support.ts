// Test support inside workerd: call the app with the real bindings (or instrumented ones), sign submissions.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { expect } from 'vitest';
import seed from '../../data/filings/140602-xzspfwglj/2023.json';
import { PROVENANCE_FORMAT, SUBMISSION_FORMAT } from '../../src/core/model/index.ts';
import { sha256Hex } from '../../src/core/hash.ts';
import { generateKeyPair, importPrivateJwk, type PrivateJwk } from '../../src/core/signature/keys.ts';
import { signedHeaders } from '../../src/core/signature/request.ts';
import { app } from '../../src/worker/app.ts';
import { registry, type Env } from '../../src/worker/env.ts';

export const ORIGIN = 'http://gongkai.test';
export const ADMIN = { authorization: 'Bearer test-admin-token' };

export type FilingJson = typeof seed & Record<string, unknown>;

export function seedFiling(departmentId?: string): FilingJson {
  const f = structuredClone(seed) as FilingJson;
  if (departmentId) f.department.id = departmentId;
  return f;
}

export async function call(path: string, init: RequestInit = {}, bindings: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(ORIGIN + path, init), { ...env, ...bindings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export interface TestKey {
  kid: string;
  departmentId: string;
  jwk: PrivateJwk;
  privateKey: CryptoKey;
}

export async function registerKey(departmentId: string, extra: Record<string, unknown> = {}): Promise<TestKey> {
  const kid = `${departmentId}-${crypto.randomUUID().slice(0, 8)}`;
  const { privateJwk } = await generateKeyPair(kid);
  const res = await call('/v1/admin/keys', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ keyId: kid, departmentId, publicKey: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x }, ...extra }),
  });
  if (res.status !== 201) throw new Error(`key registration failed: ${res.status} ${await res.text()}`);
  return { kid, departmentId, jwk: privateJwk, privateKey: await importPrivateJwk(privateJwk) };
}

export interface SubmitOptions {
  dryRun?: boolean;
  idempotencyKey?: string;
  created?: number;
  nonce?: string;
  headers?: Record<string, string>;
  bindings?: Partial<Env>;
  /** Sign these bytes but send `sendBody` (to test digest mismatch). */
  sendBody?: Uint8Array<ArrayBuffer>;
}

export async function signedInit(body: Uint8Array<ArrayBuffer> | string, key: TestKey, o: SubmitOptions = {}): Promise<RequestInit> {
  const bytes = typeof body === 'string' ? (new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>) : body;
  const url = `${ORIGIN}/v1/submissions${o.dryRun ? '?dryRun=1' : ''}`;
  const headers = await signedHeaders({
    method: 'POST', url, body: bytes, keyId: key.kid, privateKey: key.privateKey,
    ...(o.created !== undefined ? { created: o.created } : {}), ...(o.nonce ? { nonce: o.nonce } : {}), ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
  });
  return { method: 'POST', headers: { ...headers, ...o.headers }, body: o.sendBody ?? bytes };
}

export async function submit(filing: unknown, key: TestKey, o: SubmitOptions = {}): Promise<Response> {
  const body = typeof filing === 'string' ? filing : JSON.stringify(filing);
  return call(`/v1/submissions${o.dryRun ? '?dryRun=1' : ''}`, await signedInit(body, key, o), o.bindings);
}

/** Wait until the sequencer has written everything it queued for KV: packs and latest pointers (its alarm runs right after a commit). */
export async function kvWritten(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await registry(env as Env).pendingWrites()) > 0) {
    if (Date.now() > deadline) throw new Error('KV writes still pending');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Everything stored: the KV keys and the sequencer's view, to compare before and after a refusal. */
export async function storageSnapshot(): Promise<string> {
  await kvWritten();
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list(cursor ? { cursor } : {});
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const changes = await (await call('/v1/changes?limit=1000')).text();
  const catalog = await (await call('/v1/datasets?limit=500')).text();
  return JSON.stringify({ keys: keys.sort(), changes: JSON.parse(changes).results, catalog: JSON.parse(catalog).items });
}

/** A KV binding that counts reads, and can be told to fail writes after a number of them. */
export function instrumentedKv(real: KVNamespace, o: { failPutsAfter?: number } = {}) {
  const counts = { get: 0, put: 0, list: 0 };
  const kv = new Proxy(real, {
    get(target, prop) {
      if (prop === 'get' || prop === 'getWithMetadata') {
        return (...args: unknown[]) => {
          counts.get++;
          return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (prop === 'put') {
        return (...args: unknown[]) => {
          counts.put++;
          if (o.failPutsAfter !== undefined && counts.put > o.failPutsAfter) return Promise.reject(new Error('injected KV failure'));
          return (target.put as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (prop === 'list') {
        return (...args: unknown[]) => {
          counts.list++;
          return (target.list as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { kv, counts };
}

/**
 * A sequencer binding whose commits fail: 'before' the sequencer sees them (nothing committed), or 'after'
 * (committed, but the answer is lost on the way back).
 */
export function failingCommits(real: Env['REGISTRY'], when: 'before' | 'after'): Env['REGISTRY'] {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'get') {
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          return new Proxy(stub, {
            get(s, p) {
              if (p === 'commit') {
                return async (...args: unknown[]) => {
                  if (when === 'after') await (s.commit as (...a: unknown[]) => Promise<unknown>)(...args);
                  throw new Error(`injected sequencer failure ${when} the commit`);
                };
              }
              if (typeof p !== 'string' || p === 'then') return undefined; // not a thenable; only methods are called
              return (...args: unknown[]) => (s as unknown as Record<string, (...a: unknown[]) => unknown>)[p]!(...args);
            },
          });
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}


/** A problem+json answer (RFC 9457) with this status and, if given, this type; its body. */
export async function expectProblem(res: Response, status: number, type?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = (await res.json()) as Record<string, any>;
  expect(p.status).toBe(status);
  expect(typeof p.title).toBe('string');
  expect(p.detail.length).toBeGreaterThan(5);
  if (type) expect(p.type).toBe(`/docs#problem-${type}`);
  return p;
}

/** A stand-in for a department's report PDF, and a submission envelope that carries it with provenance. */
export const PDF = new TextEncoder().encode('%PDF-1.4\n% a stand-in for the department\'s report\n%%EOF\n') as Uint8Array<ArrayBuffer>;
export const base64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

export async function envelope(departmentId: string, over: Record<string, unknown> = {}) {
  const sha256 = await sha256Hex(PDF);
  return {
    format: SUBMISSION_FORMAT,
    filing: seedFiling(departmentId),
    provenance: {
      format: PROVENANCE_FORMAT,
      source: { kind: 'report-pdf', name: 'report.pdf', sha256, pages: 9 },
      cells: [{ table: 'income-expenditure', section: 'income', row: 'general_budget', column: 'amount', page: 7, x: 301.5, y: 188.2 }],
      tables: { 'income-expenditure': { pages: [7] } },
    },
    original: { name: '报告.pdf', mediaType: 'application/pdf', sha256, base64: base64(PDF) },
    ...over,
  };
}
