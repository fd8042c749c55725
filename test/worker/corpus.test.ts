// A generated corpus of bad submissions: none may crash the Worker or store anything; each gets a 4xx problem+json.
import { beforeAll, describe, expect, it } from 'vitest';
import { contentDigest } from '../../src/core/signature/digest.ts';
import { call, registerKey, seedFiling, signedInit, storageSnapshot, type TestKey } from './support.ts';

const D = 'corpus-dept';
type Bytes = Uint8Array<ArrayBuffer>;
const enc = (s: string) => new TextEncoder().encode(s) as Bytes;

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  if (at.length) out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(obj: any, path: (string | number)[], value: unknown) {
  let o = obj;
  for (const p of path.slice(0, -1)) o = o[p];
  o[path[path.length - 1]!] = value;
}

interface Case {
  name: string;
  init: (key: TestKey) => Promise<RequestInit>;
}

function corpus(): Case[] {
  const random = rng(20231231);
  const seedText = JSON.stringify(seedFiling(D));
  const signed = (name: string, body: Bytes | string, extra: Record<string, string> = {}): Case => ({
    name,
    init: async (key) => {
      const init = await signedInit(body, key);
      return { ...init, headers: { ...(init.headers as Record<string, string>), ...extra } };
    },
  });
  const cases: Case[] = [];
  // truncated JSON
  for (let i = 0; i < 40; i++) {
    const cut = Math.floor(random() * (seedText.length - 2)) + 1;
    cases.push(signed(`truncated at ${cut}`, seedText.slice(0, cut)));
  }
  // deep nesting
  for (const n of [64, 512, 4096, 65536, 500000]) {
    cases.push(signed(`array nested ${n}`, '['.repeat(n) + ']'.repeat(n)));
    cases.push(signed(`object nested ${n}`, '{"a":'.repeat(n) + '1' + '}'.repeat(n)));
    cases.push(signed(`filing with nesting ${n} in a cell`, seedText.replace('"1322.38"', '['.repeat(n) + ']'.repeat(n))));
  }
  // huge numbers and numbers where strings belong
  for (const x of ['1e400', '-1e400', '1e20', '123456789012345678901234567890', '0.1', '-0', '1322.38']) {
    cases.push(signed(`year ${x}`, seedText.replace('"year":2023', `"year":${x}`)));
    cases.push(signed(`amount as number ${x}`, seedText.replace('"1322.38"', x)));
  }
  for (const x of ['"NaN"', '"Infinity"', '"1e5"', '"１，３２２.３８元"', '"12a"', '"--1"', '"0x10"', '" "']) cases.push(signed(`amount ${x}`, seedText.replace('"1322.38"', x)));
  // wrong types at random places (no boolean belongs anywhere in a filing)
  const all = paths(JSON.parse(seedText));
  for (let i = 0; i < 60; i++) {
    const p = all[Math.floor(random() * all.length)]!;
    const f = JSON.parse(seedText);
    setAt(f, p, true);
    cases.push(signed(`true at /${p.join('/')}`, JSON.stringify(f)));
  }
  for (const [what, x] of [['string', '"x"'], ['array', '[]'], ['number', '1'], ['null', 'null'], ['empty object', '{}']] as const) cases.push(signed(`top level ${what}`, x));
  cases.push(signed('empty body', ''));
  // encoding
  for (let i = 0; i < 8; i++) {
    const at = Math.floor(random() * seedText.length);
    const bytes = enc(seedText);
    const bad = new Uint8Array(bytes.byteLength + 2);
    bad.set(bytes.subarray(0, at));
    bad.set([0xff, 0xfe], at);
    bad.set(bytes.subarray(at), at + 2);
    cases.push(signed(`invalid UTF-8 at ${at}`, bad as Bytes));
  }
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(seedText)]);
  cases.push(signed('a byte-order mark', withBom as Bytes));
  cases.push(signed('lone surrogate escape is fine JSON but a bad name', seedText.replace('"合计"', '"\\ud800"')));
  // duplicate keys
  cases.push(signed('duplicate top-level key', seedText.replace('"year":2023', '"year":2023,"year":2023')));
  cases.push(signed('duplicate nested key', seedText.replace('"amount":"1322.38"', '"amount":"1322.38","amount":"1.00"')));
  // oversized
  cases.push(signed('a 10,000-character name', seedText.replace('"合计"', JSON.stringify('合'.repeat(10000)))));
  cases.push(signed('3 MiB body', seedText.replace('"合计"', JSON.stringify('x'.repeat(3 * 1024 * 1024)))));
  cases.push(signed('a million rows', seedText.replace('"rows":[', '"rows":[' + '{},'.repeat(100000))));
  // unknown or missing parts
  cases.push(signed('an unknown table', seedText.replace('"id":"income"', '"id":"income-2"')));
  cases.push(signed('an unknown field', seedText.replace('"year":2023', '"year":2023,"extra":1')));
  cases.push(signed('an unknown template', seedText.replace('"template":"shanxi-2023"', '"template":"nowhere"')));

  // headers: missing, doubled, malformed
  const body = seedText;
  const mangle = (name: string, edit: (h: Headers) => void): Case => ({
    name,
    init: async (key) => {
      const init = await signedInit(body, key);
      const h = new Headers(init.headers);
      edit(h);
      return { ...init, headers: h };
    },
  });
  for (const header of ['signature', 'signature-input', 'content-digest', 'content-type']) {
    cases.push(mangle(`missing ${header}`, (h) => h.delete(header)));
    cases.push(mangle(`doubled ${header}`, (h) => h.append(header, h.get(header)!)));
    cases.push(mangle(`empty ${header}`, (h) => h.set(header, '')));
    cases.push(mangle(`garbage ${header}`, (h) => h.set(header, '((((;;;"')));
  }
  cases.push(mangle('a second signature label', (h) => {
    h.set('signature-input', h.get('signature-input')! + ', sig2=("@method");created=1;keyid="x";nonce="abcdefgh"');
  }));
  const edits: [string, (v: string) => string][] = [
    ['alg rsa', (v) => v.replace('alg="ed25519"', 'alg="rsa-pss-sha512"')],
    ['no keyid', (v) => v.replace(/;keyid="[^"]*"/, '')],
    ['no nonce', (v) => v.replace(/;nonce="[^"]*"/, '')],
    ['short nonce', (v) => v.replace(/;nonce="[^"]*"/, ';nonce="a"')],
    ['no created', (v) => v.replace(/;created=\d+/, '')],
    ['created in the future', (v) => v.replace(/;created=\d+/, `;created=${Math.floor(Date.now() / 1000) + 3600}`)],
    ['created as a string', (v) => v.replace(/;created=(\d+)/, ';created="$1"')],
    ['created huge', (v) => v.replace(/;created=\d+/, ';created=999999999999999')],
    ['expired', (v) => v.replace(/;created=(\d+)/, ';created=$1;expires=1')],
    ['not covering content-digest', (v) => v.replace(' "content-digest"', '')],
    ['not covering @target-uri', (v) => v.replace('"@target-uri" ', '')],
    ['an unknown derived component', (v) => v.replace('"@method"', '"@method" "@nonsense"')],
    ['a component parameter', (v) => v.replace('"content-type"', '"content-type";sf')],
    ['another label', (v) => v.replace(/^sig1=/, 'other=')],
  ];
  for (const [name, edit] of edits) cases.push(mangle(`signature-input: ${name}`, (h) => h.set('signature-input', edit(h.get('signature-input')!))));
  for (const [name, value] of [['not base64', 'sig1=:!!!:'], ['short', 'sig1=:AAAA:'], ['a string', 'sig1="abc"'], ['an integer', 'sig1=1']] as const) {
    cases.push(mangle(`signature ${name}`, (h) => h.set('signature', value)));
  }
  for (const t of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/x-www-form-urlencoded']) {
    cases.push(mangle(`content-type ${t}`, (h) => h.set('content-type', t)));
  }
  cases.push(mangle('content-digest sha-512 only', (h) => h.set('content-digest', 'sha-512=:' + btoa('x'.repeat(64)) + ':')));
  cases.push({ name: 'digest of another body', init: async (key) => {
    const init = await signedInit(body, key);
    const h = new Headers(init.headers);
    h.set('content-digest', await contentDigest(enc('{}')));
    return { ...init, headers: h };
  } });
  cases.push(mangle('content-length over the limit', (h) => h.set('content-length', String(3 * 1024 * 1024))));
  cases.push(mangle('idempotency-key with spaces', (h) => h.set('idempotency-key', 'has space')));
  cases.push(mangle('idempotency-key too long', (h) => h.set('idempotency-key', 'k'.repeat(300))));
  cases.push({ name: 'a GET with a body route', init: async () => ({ method: 'PUT', body: 'x' }) });
  return cases;
}

describe('bad-input corpus', () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await registerKey(D);
  });

  it('answers every one of at least 200 bad requests with a 4xx problem+json and stores nothing', async () => {
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const before = await storageSnapshot();
    const statuses = new Map<number, number>();
    for (const c of cases) {
      const res = await call('/v1/submissions', await c.init(key));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, c.name).toBeGreaterThanOrEqual(400);
      expect(res.status, c.name).toBeLessThan(500);
      expect(res.headers.get('content-type'), c.name).toMatch(/^application\/problem\+json/);
      const p = (await res.json()) as { title: string; detail: string; status: number };
      expect(p.status, c.name).toBe(res.status);
      expect(p.title.length, c.name).toBeGreaterThan(0);
      expect(p.detail.length, c.name).toBeGreaterThan(0);
    }
    expect(await storageSnapshot()).toBe(before);
    console.log(`corpus: ${cases.length} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 120_000);
});
