// The Worker: thin HTTP routes around the pure core (model, checks, renderers) and the storage adapters.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { generateSpecs } from 'hono-openapi';
import { API_PREFIX, OPENAPI_PATH, ROUTES } from '../core/contract/urls.ts';
import { adminRequest, isAdminPath } from './admin-request.ts';
import { compression } from './compress.ts';
import { QueryTimeout, type AppEnv } from './env.ts';
import { jsonResponse } from './http.ts';
import { allowedMethods } from './methods.ts';
import { Problem, problemResponse } from './problem.ts';
import { bulk } from './routes/bulk.ts';
import { catalog } from './routes/catalog.ts';
import { changes } from './routes/changes.ts';
import { coverage } from './routes/coverage.ts';
import { datasets } from './routes/datasets.ts';
import { departments } from './routes/departments.ts';
import { facts } from './routes/facts.ts';
import { docs } from './routes/docs.ts';
import { harvest } from './routes/harvest.ts';
import { keys } from './routes/keys.ts';
import { log } from './routes/log.ts';
import { packs } from './routes/packs.ts';
import { registryAdmin } from './routes/registry-admin.ts';
import { allSchemas, responseSchemas, schemas } from './routes/schemas.ts';
import { submissions } from './routes/submissions.ts';

export const app = new Hono<AppEnv>();

// Every answer (JSON, problems, HTML, CSV) is read as the type it declares, never sniffed.
app.use('*', async (c, next) => {
  await next();
  try {
    c.res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    const res = new Response(c.res.body, c.res); // headers of a fetched response are immutable
    res.headers.set('x-content-type-options', 'nosniff');
    c.res = undefined;
    c.res = res;
  }
});

// Compression for what the edge does not compress itself (CSV, problem+json…), and HEAD's Content-Length (compress.ts).
app.use('*', compression);

// Administration: no CORS, a preflight refused, a bounded JSON body (admin-request.ts). The read API is open to any origin.
app.use('*', adminRequest);
const readCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag', 'Content-Location', 'Content-Disposition', 'Retry-After', 'Location'] });
app.use(ROUTES.api, (c, next) => (isAdminPath(c.req.path) ? next() : readCors(c, next)));
// The API's description and schemas too: a Swagger UI or a validator on another site loads them.
app.use(OPENAPI_PATH, readCors);
app.use('/schemas/*', readCors);

app.onError((err, c) => {
  if (err instanceof Problem) return problemResponse(err.init, new URL(c.req.url).pathname);
  if (err instanceof QueryTimeout) {
    return problemResponse({ status: 503, type: 'query-timeout', title: 'Query too slow', detail: `${err.message}; narrow it (a year, a region) or page with a smaller limit`, headers: { 'retry-after': '5' } }, new URL(c.req.url).pathname);
  }
  // Hono's own refusals (a validator that meets malformed JSON): their status, as problem+json.
  if (err instanceof HTTPException && err.status < 500) {
    return problemResponse({ status: err.status, type: 'bad-request', title: 'Bad request', detail: err.message || 'the request is malformed' }, new URL(c.req.url).pathname);
  }
  console.error(err);
  return problemResponse({ status: 500, type: 'internal', title: 'Internal error', detail: 'the server failed to answer; nothing was stored half-way. Retry, or report it with the time of the request.' }, new URL(c.req.url).pathname);
});

// The portal's policy (public/_headers), for the not-found page the Worker serves in its place.
const PORTAL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const isApiPath = (p: string) => p === API_PREFIX || p.startsWith(`${API_PREFIX}/`) || p === OPENAPI_PATH || p.startsWith('/schemas/') || p === '/data.json' || p === '/docs';

app.notFound(async (c) => {
  const path = new URL(c.req.url).pathname;
  // A page a browser asked for, outside the API: the portal's not-found page, with its way back to the catalog.
  if (c.env.ASSETS && (c.req.method === 'GET' || c.req.method === 'HEAD') && !isApiPath(path) && /text\/html/.test(c.req.header('accept') ?? '')) {
    const page = await c.env.ASSETS.fetch(new URL('/404', c.req.url));
    if (page.ok) {
      return new Response(c.req.method === 'HEAD' ? null : page.body, {
        status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PORTAL_CSP, 'x-frame-options': 'DENY' },
      });
    }
  }
  // A resource this API has, asked with a method it does not serve: 405 with the methods it does.
  const allow = allowedMethods(app.routes, path);
  if (allow.length && !allow.includes(c.req.method)) {
    return problemResponse({
      status: 405, type: 'method-not-allowed', title: 'Method not allowed',
      detail: `${path} answers ${allow.join(', ')}, not ${c.req.method}; see /openapi.json`, headers: { allow: allow.join(', ') },
    }, path);
  }
  return problemResponse({ status: 404, type: 'not-found', title: 'Not found', detail: `no resource at ${path}; see /openapi.json` }, path);
});

app.route('/', catalog);
app.route('/', datasets);
app.route('/', submissions);
app.route('/', keys);
app.route('/', changes);
app.route('/', log);
app.route('/', facts);
app.route('/', departments);
app.route('/', packs);
app.route('/', harvest);
app.route('/', bulk);
app.route('/', coverage);
app.route('/', registryAdmin);
app.route('/', docs);
app.route('/', schemas);

const OPENAPI: Parameters<typeof generateSpecs>[1] = {
  // Routes whose last segment has a dot (catalog.jsonld, data.json) are API routes here, not static files.
  excludeStaticFile: false,
  documentation: {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai 公开 — departmental final-account disclosures',
      version: '1.0.0',
      description: 'Versioned, signed open datasets of Chinese departmental final accounts (部门决算公开): every table as CSV and JSON with schema metadata, the accounting checks\' findings, a change feed for mirrors. Errors are RFC 9457 problem+json. Read routes ignore query parameters they do not define (`utm_*`, `_=`, anything else), so a link with tracking or cache-busting parameters still works; a parameter they define with a bad value is a 400 saying what it takes. A known path asked with another method is a 405 with `Allow`. Answers are compressed (br or gzip) when the client\'s Accept-Encoding allows; every answer of a read route is open to other origins (CORS), this document and /schemas/* included.',
      license: { name: 'CC-BY-4.0', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: '/', description: 'this server' }],
    components: {
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'the administrator credential (ADMIN_TOKEN)' } },
      // The JSON forms' schemas, generated from the valibot schemas (also served at /schemas/*.json), and the
      // response documents' (core/contract), which the routes' responses refer to.
      get schemas() {
        const s = allSchemas() as Record<string, Record<string, unknown>>;
        const name = (k: string) => k[0]!.toUpperCase() + k.slice(1);
        return { ...Object.fromEntries(Object.entries(s).map(([k, v]) => [name(k), v])), ...responseSchemas() };
      },
    },
  },
};

// Generated once per isolate (the routes do not change), served with an ETag, 304 and a cache lifetime.
let spec: Promise<unknown> | undefined;
app.get(OPENAPI_PATH, async (c) => {
  spec ??= generateSpecs(app, OPENAPI, c).catch((e: unknown) => {
    spec = undefined;
    throw e;
  });
  return jsonResponse(c, await spec, 'public, max-age=300, stale-while-revalidate=3600');
});
