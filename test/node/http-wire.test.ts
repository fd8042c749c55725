// HTTP on the wire, against the real Worker under wrangler dev, with clients nobody here wrote: curl for
// byte ranges (its own --range and a resumed download, -C -), compression as sent (gzip and br decoded
// by zlib, CSV compressed by the Worker, JSON by wrangler dev as the edge does, nothing twice, packs and
// ranges never), HEAD lengths; and Chromium fetching /openapi.json and a schema from another origin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitSigned } from '../../src/cli/client.ts';
import { registerTestKey, startServer, type TestServer } from './support/server.ts';

const ROOT = join(import.meta.dirname, '../..');
const D = '140602-xzspfwglj';
const CSV = `/v1/datasets/${D}/2023/versions/1/tables/general-budget-basic-expenditure.csv`;
const JSON_FILE = `/v1/datasets/${D}/2023/versions/1/filing.json`;
const CHROMIUM = '/usr/bin/chromium';

let server: TestServer;
let dir: string;

/** curl with these arguments; its exit code must be 0. The headers it received, parsed, and the body file. */
function curl(args: string[], name = 'body'): { status: number; headers: Record<string, string>; body: Buffer } {
  const out = join(dir, name);
  const head = join(dir, `${name}.headers`);
  const r = spawnSync('curl', ['-sS', '-o', out, '-D', head, ...args], { encoding: 'utf8' });
  expect(r.status, `curl ${args.join(' ')}: ${r.stderr}`).toBe(0);
  const blocks = readFileSync(head, 'utf8').trim().split(/\r?\n\r?\n/);
  const lines = blocks.at(-1)!.split(/\r?\n/);
  const headers = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(lines[0]!.split(' ')[1]), headers, body: existsSync(out) ? readFileSync(out) : Buffer.alloc(0) };
}

const hasCurl = spawnSync('curl', ['--version']).status === 0;

describe.skipIf(!hasCurl)('HTTP on the wire (curl against wrangler dev)', () => {
  let identity: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-wire-'));
    server = await startServer();
    const key = await registerTestKey(server, D);
    const seed = readFileSync(join(ROOT, 'data/filings', D, '2023.json'));
    const answer = await submitSigned(server.url, new Uint8Array(seed) as Uint8Array<ArrayBuffer>, key);
    if (answer.status !== 201) throw new Error(`publishing failed: ${answer.status} ${answer.text}`);
    identity = curl([server.url + CSV]).body;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('curl --range gets 206 with exactly those bytes; a range past the end 416 with the size', () => {
    expect(identity.byteLength).toBeGreaterThan(200);
    const r = curl(['--range', '100-199', server.url + CSV]);
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 100-199/${identity.byteLength}`);
    expect(r.headers['content-length']).toBe('100');
    expect(r.body.equals(identity.subarray(100, 200))).toBe(true);
    const suffix = curl(['-H', 'Range: bytes=-50', server.url + CSV]);
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(identity.subarray(-50))).toBe(true);
    const past = curl(['--range', `${identity.byteLength}-`, server.url + CSV]);
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${identity.byteLength}`);
  });

  it('curl -C - resumes a cut download to the whole file, and If-Range with another ETag restarts it', () => {
    const part = join(dir, 'resumed');
    writeFileSync(part, identity.subarray(0, 123));
    const r = spawnSync('curl', ['-sS', '-C', '-', '-o', part, server.url + CSV], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(part).equals(identity)).toBe(true);
    const etag = curl(['-I', server.url + CSV]).headers.etag!;
    expect(curl(['--range', '0-9', '-H', `If-Range: ${etag}`, server.url + CSV]).status).toBe(206);
    const stale = curl(['--range', '0-9', '-H', 'If-Range: "0123"', server.url + CSV]);
    expect(stale.status).toBe(200);
    expect(stale.body.equals(identity)).toBe(true);
  });

  it('CSV is compressed when the client accepts it — br or gzip, decoded to the same bytes — and not when it does not', () => {
    const gz = curl(['-H', 'Accept-Encoding: gzip', server.url + CSV], 'gz');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(gz.body).equals(identity)).toBe(true);
    expect(gz.body.byteLength).toBeLessThan(identity.byteLength);
    const br = curl(['-H', 'Accept-Encoding: br', server.url + CSV], 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(identity)).toBe(true);
    const plain = curl([server.url + CSV], 'plain');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(identity)).toBe(true);
    const decoded = curl(['--compressed', server.url + CSV], 'decoded');
    expect(decoded.body.equals(identity)).toBe(true);
    console.log(`CSV ${CSV.split('/').pop()}: ${identity.byteLength} B identity, ${gz.body.byteLength} B gzip, ${br.body.byteLength} B br`);
  });

  it('JSON is compressed once (by wrangler dev, as by the edge); a pack and a range are never compressed', () => {
    const raw = curl([server.url + JSON_FILE], 'json').body;
    const gz = curl(['-H', 'Accept-Encoding: gzip', server.url + JSON_FILE], 'json-gz');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw)).toBe(true); // one gunzip gives the JSON: not compressed twice
    JSON.parse(raw.toString('utf8'));
    const pack = curl(['-H', 'Accept-Encoding: gzip, br', `${server.url}/v1/packs/${D}/2023/1`], 'pack');
    expect(pack.headers['content-type']).toBe('application/gzip');
    expect(pack.headers['content-encoding']).toBeUndefined();
    expect(pack.body.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(true);
    const range = curl(['-H', 'Accept-Encoding: gzip, br', '--range', '0-9', server.url + CSV], 'range');
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.body.equals(identity.subarray(0, 10))).toBe(true);
    console.log(`filing.json: ${raw.byteLength} B identity, ${gz.body.byteLength} B gzip`);
  });

  it('HEAD gives the Content-Length of what GET sends', () => {
    for (const path of [CSV, JSON_FILE, '/v1/datasets', '/openapi.json', '/schemas/filing.json']) {
      const get = curl([server.url + path], 'get');
      const head = curl(['-I', server.url + path], 'head');
      expect(head.status, path).toBe(200);
      expect(head.headers['content-length'], path).toBe(String(get.body.byteLength));
    }
  });

  describe.skipIf(!existsSync(CHROMIUM))('from another origin (Chromium)', () => {
    let page: Server;
    beforeAll(async () => {
      page = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
      await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise<void>((r) => page.close(() => r())));

    it('a page on another site fetches /openapi.json and a JSON Schema (as a Swagger UI does)', async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
      try {
        const tab = await browser.newPage();
        const port = (page.address() as { port: number }).port;
        await tab.goto(`http://127.0.0.1:${port}/`);
        const got = await tab.evaluate(async (base) => {
          const out: Record<string, unknown> = {};
          for (const path of ['/openapi.json', '/schemas/filing.json']) {
            const r = await fetch(base + path, { headers: { accept: 'application/json' } });
            out[path] = { status: r.status, etag: r.headers.get('etag'), title: ((await r.json()) as { info?: { title?: string }; title?: string }).info?.title ?? 'schema' };
          }
          return out;
        }, server.url);
        expect(got['/openapi.json']).toMatchObject({ status: 200, title: expect.stringContaining('Gongkai') });
        expect((got['/openapi.json'] as { etag: string }).etag).toMatch(/"[0-9a-f]{32}"/); // exposed to the page
        expect(got['/schemas/filing.json']).toMatchObject({ status: 200 });
      } finally {
        await browser.close();
      }
    });
  });
});
