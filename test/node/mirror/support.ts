// Support for the mirror tests: publish generated filings, put a counting (or tampering) proxy in
// front of the server, run the command line, compare a mirror with the API, serve it with nginx.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminPost, submitSigned } from '../../../src/cli/client.ts';
import type { KeyFile } from '../../../src/cli/files.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { versionPath } from '../../../src/core/contract/urls.ts';
import { generateKeyPair } from '../../../src/core/signature/keys.ts';
import { afterAll, beforeAll } from 'vitest';
import { freePort, startServer, type TestServer } from '../support/server.ts';

export const ROOT = join(import.meta.dirname, '../../..');
const SEED_TEXT = readFileSync(join(ROOT, 'data/filings/140602-xzspfwglj/2023.json'), 'utf8');

export interface Published {
  departmentId: string;
  year: number;
  key: KeyFile;
  filing: Record<string, any>;
}

/** The seed filing as department `id` (a distinct dataset), optionally with its own narrative. */
export function generatedFiling(departmentId: string, year = 2023, note?: string): Record<string, any> {
  const f = JSON.parse(SEED_TEXT) as Record<string, any>;
  f.department.id = departmentId;
  f.year = year;
  for (const t of f.tables) t.year = year;
  if (note) f.narrative.other = [note];
  return f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Retry a write while the server answers 503: a busy dataset, or wrangler dev reloading the Worker
 * because a source file changed ("restarted mid-request"), which happens while others edit the tree.
 */
async function retrying<T extends { status: number; text: string }>(what: string, call: () => Promise<T>, ok: (a: T, retried: boolean) => boolean, retryOn = [503]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const a = await call();
    if (ok(a, attempt > 0)) return a;
    if (!retryOn.includes(a.status) || attempt >= 120) throw new Error(`${what}: ${a.status} ${a.text}`);
    await sleep(500);
  }
}

/** Make and register a key for a department (as registerTestKey does, but patient with reloads). */
export async function registerKey(server: TestServer, departmentId: string): Promise<KeyFile> {
  const kid = `${departmentId}-${crypto.randomUUID().slice(0, 8)}`;
  const { privateJwk } = await generateKeyPair(kid);
  await retrying(`registering a key for ${departmentId}`, () => adminPost(server.url, '/v1/admin/keys', server.adminToken, { keyId: kid, departmentId, publicKey: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x } }), (a) => a.status === 201 || a.status === 200);
  return { ...privateJwk, kid, departmentId };
}

/** Publish one filing through the signed path; an Idempotency-Key makes the retries safe. */
export async function publish(server: { url: string }, filing: Record<string, any>, key: KeyFile): Promise<number> {
  const body = new TextEncoder().encode(JSON.stringify(filing, null, 2)) as Uint8Array<ArrayBuffer>;
  const idempotencyKey = `test-${crypto.randomUUID()}`;
  const a = await retrying(`publishing ${filing.department.id}`, () => submitSigned(server.url, body, key, { idempotencyKey }), (x) => x.status === 201, [503, 409]); // 409: a retry while the interrupted first attempt's lease runs out
  return (a.body as { version: number }).version;
}

export async function publishMany(server: TestServer, prefix: string, count: number, parallel = 4): Promise<Published[]> {
  const out: Published[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, async (_, j) => {
      const departmentId = `${prefix}-${String(i + j).padStart(4, '0')}`;
      const key = await registerKey(server, departmentId);
      const filing = generatedFiling(departmentId);
      await publish(server, filing, key);
      return { departmentId, year: 2023, key, filing };
    }));
    out.push(...batch);
  }
  return out;
}

/** A correction: the same filing with one row's name and the narrative changed. */
export async function correct(server: TestServer, p: Published, note: string): Promise<number> {
  const f = structuredClone(p.filing);
  f.narrative.other = [note];
  f.tables[1].sections[0].rows[2].name += '（更正）'; // one table's CSV changes, the others do not
  return publish(server, f, p.key);
}

export async function withdraw(server: TestServer, d: string, y: number, n: number, reason: string): Promise<void> {
  await retrying(`withdrawing ${d}/${y} v${n}`, () => adminPost(server.url, `/v1/admin/datasets/${d}/${y}/versions/${n}/withdraw`, server.adminToken, { reason }), (a, retried) => a.status === 200 || (retried && a.status === 409));
}

// ---- a proxy in front of the server ----------------------------------------------------------

export interface ProxyLogEntry {
  path: string;
  status: number;
  bytes: number;
}

export interface ProxyOptions {
  /** Replace a response body (tampering); may take its time (re-signing a log). */
  alter?: (path: string, body: Buffer) => Buffer | undefined | Promise<Buffer | undefined>;
  /** Forward to another server from now on (a server whose store was reset, at the mirror's same URL). */
  target?: string;
  /** Wait before answering (to widen race windows). */
  delayMs?: number;
  /** Called after each response is sent. */
  onResponse?: (e: ProxyLogEntry) => void;
}

export interface Proxy {
  url: string;
  log: ProxyLogEntry[];
  options: ProxyOptions;
  stop(): Promise<void>;
}

export async function startProxy(target: string, options: ProxyOptions = {}): Promise<Proxy> {
  const log: ProxyLogEntry[] = [];
  const server: Server = createServer((req, res) => {
    const forward = () => {
      const t = new URL(options.target ?? target);
      const headers: IncomingHttpHeaders = { ...req.headers, host: t.host };
      delete headers['accept-encoding'];
      const up = httpRequest({ hostname: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', async () => {
          let body: Buffer = Buffer.concat(chunks);
          let altered: Buffer | undefined;
          try {
            altered = upRes.statusCode === 200 ? await options.alter?.(req.url!, body) : undefined;
          } catch (e) {
            res.writeHead(500);
            res.end(`the test proxy's alteration failed: ${(e as Error).stack}`);
            return;
          }
          if (altered) body = altered;
          const h = { ...upRes.headers };
          delete h['transfer-encoding'];
          h['content-length'] = String(body.byteLength);
          res.writeHead(upRes.statusCode!, h);
          res.end(body, () => {
            const e = { path: req.url!, status: upRes.statusCode!, bytes: body.byteLength };
            log.push(e);
            options.onResponse?.(e);
          });
        });
      });
      up.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(up);
    };
    if (options.delayMs) setTimeout(forward, options.delayMs);
    else forward();
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    options,
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

// ---- the command line --------------------------------------------------------------------------

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function runMirror(source: string, dir: string, extra: string[] = []): CliRun {
  return runCli(['mirror', source, dir, ...extra]);
}

/** --trust naming the server's platform key by its public JWK file (as `npm start` writes it). */
export const trusting = (server: TestServer): string[] => ['--trust', server.platform.file];

export function runVerify(dir: string, extra: string[] = []): CliRun {
  return runCli(['verify', dir, ...extra]);
}

export function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

// ---- the mirror against the API ------------------------------------------------------------------

/** The API path a mirror file stands for (index.json is the document of its directory). */
export function apiPathOf(file: string): string {
  return '/' + file.replace(/(^|\/)index\.json$/, '');
}

/**
 * Every file of the mirror (but `except`) equals what the API serves at the same path, byte for byte; a
 * withdrawn version's tombstone matches a 410 from the API. Returns the number of files compared.
 */
export async function compareWithApi(dir: string, api: string, except: readonly string[] = []): Promise<{ compared: number; tombstones: number; mismatches: string[] }> {
  const mismatches: string[] = [];
  let compared = 0;
  let tombstones = 0;
  for (const file of await new Tree(dir).files()) {
    if (except.includes(file)) continue;
    if (file.endsWith('/WITHDRAWN.json')) {
      const tomb = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const r = await fetch(`${api}/${file.replace(/WITHDRAWN\.json$/, 'manifest.json')}`);
      const p = (await r.json()) as { reason?: string };
      if (r.status !== 410 || p.reason !== tomb.reason) mismatches.push(`${file}: the API answers ${r.status} ${p.reason}`);
      tombstones++;
      continue;
    }
    const r = await fetch(api + apiPathOf(file));
    const served = asMirrored(apiPathOf(file), Buffer.from(await r.arrayBuffer()));
    const held = readFileSync(join(dir, file));
    if (r.status !== 200 || !served.equals(held)) mismatches.push(`${file}: API ${r.status}, ${served.byteLength} bytes; mirror ${held.byteLength} bytes`);
    compared++;
  }
  return { compared, tombstones, mismatches };
}

/** An API answer as a mirror holds it: the catalog's counts and facets answer a query, and a static copy of the page leaves them out (contract/catalog-page.ts). */
export function asMirrored(apiPath: string, body: Buffer): Buffer {
  if (apiPath !== '/v1/datasets') return body;
  const { total: _t, sort: _s, facets: _f, ...page } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify(page, null, 2) + '\n');
}

/** Every version the API lists (all datasets), as d/y/n with its status. */
export async function apiVersions(api: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let next: string | null = '/v1/datasets?limit=500';
  while (next) {
    const page = (await (await fetch(api + next)).json()) as { items: { departmentId: string; year: number }[]; links: { next: string | null } };
    for (const d of page.items) {
      const ds = (await (await fetch(`${api}/v1/datasets/${d.departmentId}/${d.year}`)).json()) as { versions: { version: number; status: string }[] };
      for (const v of ds.versions) out.set(`${d.departmentId}/${d.year}/${v.version}`, v.status);
    }
    next = page.links.next;
  }
  return out;
}

// ---- nginx -------------------------------------------------------------------------------------

export const NGINX = '/usr/sbin/nginx';

export async function startNginx(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'gongkai-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(work, d));
  const conf = join(work, 'nginx.conf');
  writeFileSync(conf, `daemon off;
master_process off;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir};
    include ${dir}/.gongkai-mirror/nginx.conf;
  }
}
`);
  const child = spawn(NGINX, ['-c', conf, '-p', work, '-e', join(work, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output} ${existsSync(join(work, 'error.log')) ? readFileSync(join(work, 'error.log'), 'utf8') : ''}`);
    try {
      await fetch(url + '/');
      break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`nginx did not answer: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A published version's API path (the contract's builder, from a Published). */
export const versionOf = (p: Published, n: number | 'latest'): string => versionPath(p.departmentId, p.year, n);

/** Temporary directories for one test file, and their removal. */
export function tempDirs(): { make(): string; removeAll(): void } {
  const dirs: string[] = [];
  return {
    make() {
      const d = mkdtempSync(join(tmpdir(), 'gongkai-mirror-'));
      dirs.push(d);
      return d;
    },
    removeAll() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A test file's server with `count` filings published, and its temporary directories: both gone after the file. */
export function publishedServer(prefix: string, count: number): { readonly server: TestServer; readonly pubs: Published[]; tmp(): string } {
  let server: TestServer | undefined;
  let pubs: Published[] = [];
  const temp = tempDirs();
  beforeAll(async () => {
    server = await startServer();
    pubs = await publishMany(server, prefix, count);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    temp.removeAll();
  });
  return { get server() { return server!; }, get pubs() { return pubs; }, tmp: () => temp.make() };
}
