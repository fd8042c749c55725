// Findings F6–F10 of the trust review, and nosniff: each attack is refused with a 4xx problem+json and nothing is stored.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/core/signature/request.ts';
import { app } from '../../src/worker/app.ts';
import type { Env } from '../../src/worker/env.ts';
import { publicOrigins } from '../../src/worker/origin.ts';
import { Problem } from '../../src/worker/problem.ts';
import { ADMIN, call, ORIGIN, registerKey, seedFiling, storageSnapshot, submit, type TestKey } from './support.ts';

const json = (r: Response) => r.json() as Promise<Record<string, any>>;

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = await json(res);
  expect(p.status).toBe(status);
  expect(p.type).toBe(`/docs#problem-${type}`);
  return p;
}

/** A submission signed for `origin` and sent there: the Host the client chose becomes the request's URL. */
async function submitTo(origin: string, filing: unknown, key: TestKey, bindings: Partial<Env> = {}, query = ''): Promise<Response> {
  const body = new TextEncoder().encode(JSON.stringify(filing)) as Uint8Array<ArrayBuffer>;
  const url = `${origin}/v1/submissions${query}`;
  const headers = await signedHeaders({ method: 'POST', url, body, keyId: key.kid, privateKey: key.privateKey });
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(url, { method: 'POST', headers, body }), { ...env, ...bindings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const corsHeaders = (r: Response) => [...r.headers.keys()].filter((h) => h.startsWith('access-control-'));

describe('F6: the signed @target-uri must name the platform\'s own origin', () => {
  it('a request signed for http://evil.example (Host: evil.example) is refused with 401; nothing is stored', async () => {
    const d = 'hyg-evil-host';
    const key = await registerKey(d);
    const before = await storageSnapshot();
    const p = await expectProblem(await submitTo('http://evil.example', seedFiling(d), key), 401, 'wrong-origin');
    expect(p.detail).toContain('http://evil.example');
    expect(p.detail).toContain(ORIGIN);
    await expectProblem(await submitTo('http://evil.example', seedFiling(d), key, {}, '?dryRun=1'), 401, 'wrong-origin');
    await expectProblem(await submitTo('https://gongkai.test', seedFiling(d), key), 401, 'wrong-origin'); // another scheme
    await expectProblem(await submitTo('http://gongkai.test:8080', seedFiling(d), key), 401, 'wrong-origin'); // another port
    expect(await storageSnapshot()).toBe(before);
  });

  it('an accepted alias still gets links and receipts on the canonical origin, never the Host sent', async () => {
    const d = 'hyg-alias';
    const key = await registerKey(d);
    const res = await submitTo('http://alias.gongkai.test', seedFiling(d), key, { PUBLIC_ORIGIN: `${ORIGIN} http://alias.gongkai.test` });
    expect(res.status).toBe(201);
    const receipt = await json(res);
    expect(res.headers.get('location')).toBe(`${ORIGIN}/v1/datasets/${d}/2023/versions/1`);
    expect(JSON.stringify(receipt)).not.toContain('alias.gongkai.test');
  });

  it('read links follow the configured origin, not the Host header', async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request('http://evil.example/data.json'), env as Env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('evil.example');
  });

  it('without a configured origin, signed submissions are refused (503), not signed for whatever Host came', async () => {
    const d = 'hyg-no-origin';
    const key = await registerKey(d);
    const before = await storageSnapshot();
    await expectProblem(await submit(seedFiling(d), key, { bindings: { PUBLIC_ORIGIN: '' } }), 503, 'not-configured');
    expect(await storageSnapshot()).toBe(before);
  });

  it('PUBLIC_ORIGIN: a loopback origin accepts 127.0.0.1 and localhost on its port; a bad entry is a configuration error', () => {
    expect(publicOrigins({ PUBLIC_ORIGIN: 'http://127.0.0.1:8787' })).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
    expect(publicOrigins({ PUBLIC_ORIGIN: 'http://localhost:9000/' })).toEqual(['http://localhost:9000', 'http://127.0.0.1:9000']);
    expect(publicOrigins({ PUBLIC_ORIGIN: 'https://gongkai.example.org, https://gongkai.acct.workers.dev' })).toEqual(['https://gongkai.example.org', 'https://gongkai.acct.workers.dev']);
    expect(publicOrigins({ PUBLIC_ORIGIN: 'https://GongKai.Example.org:443' })).toEqual(['https://gongkai.example.org']);
    expect(publicOrigins({})).toEqual([]);
    for (const bad of ['gongkai.example.org', 'ftp://gongkai.example.org', 'https://gongkai.example.org/v1', 'https://u:p@gongkai.example.org']) {
      expect(() => publicOrigins({ PUBLIC_ORIGIN: bad }), bad).toThrow(Problem);
    }
  });
});

describe('F7: administration routes are not open to other origins', () => {
  const preflight = (path: string) =>
    call(path, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('a CORS preflight to any admin route is refused, with no Access-Control-* header', async () => {
    for (const path of ['/v1/admin/keys', '/v1/admin/keys/k-1/revoke', '/v1/admin/datasets/d-1/2023/versions/1/withdraw']) {
      const res = await preflight(path);
      expect(corsHeaders(res), path).toEqual([]);
      await expectProblem(res, 403, 'cors-refused');
    }
  });

  it('admin answers carry no CORS header, whether they succeed or fail', async () => {
    const unauth = await call('/v1/admin/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauth.status).toBe(401);
    expect(corsHeaders(unauth)).toEqual([]);
    const missing = await call('/v1/admin/keys/nope/revoke', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{"reason":"test"}' });
    expect(missing.status).toBe(404);
    expect(corsHeaders(missing)).toEqual([]);
  });

  it('a request a browser sends from another origin is refused, with the credential too, and carries no CORS header', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const unauth = await call('/v1/admin/keys', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      await expectProblem(unauth, 403, 'cors-refused');
      expect(corsHeaders(unauth)).toEqual([]);
      const withCredential = await call('/v1/admin/keys/nope/revoke', { method: 'POST', headers: { ...headers, ...ADMIN, 'content-type': 'application/json' }, body: '{"reason":"test"}' });
      await expectProblem(withCredential, 403, 'cors-refused');
      expect(corsHeaders(withCredential)).toEqual([]);
    }
  });

  it('an administration body declared in another charset than UTF-8 is refused (415), utf-8 in any case is read', async () => {
    for (const charset of ['utf-16', 'iso-8859-1', '"utf-16le"']) {
      const r = await call('/v1/admin/keys/nope/revoke', { method: 'POST', headers: { ...ADMIN, 'content-type': `application/json; charset=${charset}` }, body: '{"reason":"test"}' });
      await expectProblem(r, 415, 'media-type');
    }
    const ok = await call('/v1/admin/keys/nope/revoke', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json; charset=UTF-8' }, body: '{"reason":"test"}' });
    expect(ok.status).toBe(404); // read, and the key is unknown
  });

  // A page rebinding its own name to this server sends its Host and its Origin alike: only PUBLIC_ORIGIN counts.
  it('a request whose Origin matches only its own Host header (DNS rebinding) is refused', async () => {
    const rebound = await app.fetch(new Request('http://evil.example/v1/admin/keys/nope/revoke', { method: 'POST', headers: { origin: 'http://evil.example', ...ADMIN, 'content-type': 'application/json' }, body: '{"reason":"test"}' }), env as unknown as Env, createExecutionContext());
    await expectProblem(rebound, 403, 'cors-refused');
    // Its same-origin GET carries no Origin; the browser's Sec-Fetch-Site and the Host it names give it away.
    const read = await app.fetch(new Request('http://evil.example/v1/admin/departments', { headers: { 'sec-fetch-site': 'same-origin', ...ADMIN } }), env as unknown as Env, createExecutionContext());
    await expectProblem(read, 403, 'cors-refused');
  });

  it('the read API stays open to any origin', async () => {
    const res = await preflight('/v1/keys');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await call('/v1/keys', { headers: { origin: 'http://evil.example' } })).headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('F8: admin input errors are 4xx problems, and admin bodies are bounded', () => {
  const admin = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json', ...headers }, body });

  it('malformed JSON is a 400 naming the problem, on every admin route; nothing is stored', async () => {
    const before = await storageSnapshot();
    const keysBefore = await (await call('/v1/keys')).text();
    for (const path of ['/v1/admin/keys', '/v1/admin/keys/k-1/revoke', '/v1/admin/datasets/d-1/2023/versions/1/withdraw']) {
      for (const body of ['{"keyId":', '{bad json}', '', '\uFEFF{}', '{"a":1,"a":2}']) {
        const p = await expectProblem(await admin(path, body), 400, 'malformed-json');
        expect(p.detail, `${path} ${JSON.stringify(body)}`).toMatch(/JSON|byte-order mark|twice/);
      }
    }
    expect(await (await call('/v1/keys')).text()).toBe(keysBefore);
    expect(await storageSnapshot()).toBe(before);
  });

  it('a body over 64 KiB is a 413, declared or streamed; a body that is not JSON is a 415', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(70_000) });
    await expectProblem(await admin('/v1/admin/keys/k-1/revoke', big), 413, 'too-large');
    const stream = new Blob([big]).stream();
    await expectProblem(await call('/v1/admin/keys/k-1/revoke', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit), 413, 'too-large');
    await expectProblem(await admin('/v1/admin/keys', 'keyId=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'media-type');
  });

  it('a well-formed body within the limit still reaches the route and its validator', async () => {
    await registerKey('hyg-admin-ok'); // 201 through the body check
    const p = await expectProblem(await admin('/v1/admin/keys', JSON.stringify({ keyId: 'x' })), 400, 'bad-request');
    expect(p.detail).toMatch(/json/);
  });
});

describe('F10: bidi and invisible controls are refused in names', () => {
  it('U+202E in the department name or a row name is a located 422; nothing is stored', async () => {
    const d = 'hyg-bidi';
    const key = await registerKey(d);
    const before = await storageSnapshot();
    const edits: [string, (f: any) => void][] = [
      ['/department/name', (f) => (f.department.name = '朔城区\u202Eexe.txt')],
      ['/tables/1/sections/0/rows/1/name', (f) => (f.tables[1].sections[0].rows[1].name = '一般公共服务\u202E支出')],
      ['/department/units/0', (f) => (f.department.units = ['\u2066下属单位\u2069'])],
      ['/tables/0/title', (f) => (f.tables[0].title = '收入支出\u200B决算总表')],
    ];
    for (const [path, edit] of edits) {
      const f = seedFiling(d);
      edit(f);
      const p = await expectProblem(await submit(f, key), 422, 'invalid-filing');
      expect(p.errors, path).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(/bidirectional control or invisible character: U\+(202E|2066|200B)/) })]));
    }
    expect(await storageSnapshot()).toBe(before);
  });
});

describe('nosniff on every response', () => {
  it('JSON, problems, HTML, CSV, 304 and admin answers all carry X-Content-Type-Options: nosniff', async () => {
    const d = 'hyg-nosniff';
    const key = await registerKey(d);
    expect((await submit(seedFiling(d), key)).status).toBe(201);
    const keys = await call('/v1/keys');
    const answers = [
      keys,
      await call('/v1/keys', { headers: { 'if-none-match': keys.headers.get('etag')! } }),
      await call('/v1/no-such-route'),
      await call('/docs'),
      await call('/openapi.json'),
      await call(`/v1/datasets/${d}/2023/versions/1/tables/income.csv`),
      await call(`/v1/datasets/${d}/2023/versions/1/filing.json`),
      await call('/v1/admin/keys', { method: 'OPTIONS' }),
      await call('/v1/admin/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await call('/v1/keys', { method: 'OPTIONS', headers: { origin: 'http://a.example', 'access-control-request-method': 'GET' } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 304, 404, 200, 200, 200, 200, 403, 401, 204]);
    for (const r of answers) expect(r.headers.get('x-content-type-options'), `${r.status} ${r.url}`).toBe('nosniff');
  });
});
