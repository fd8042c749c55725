// Administration is for the operator's own tools (the command line, curl) and the platform's own admin
// page, never for a web page on another origin: its routes carry no CORS header, refuse a preflight, and
// refuse a request a browser marks as sent from another origin (Origin, Sec-Fetch-Site), credential or not. A body is JSON of at most 64 KiB: over
// it is a 413, malformed JSON a 400 naming what is wrong (the routes' validators then read it from here).
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { API_PREFIX } from '../core/contract/urls.ts';
import type { AppEnv } from './env.ts';
import { publicOrigins } from './origin.ts';
import { Problem, problem, problemResponse } from './problem.ts';
import { parseJsonBody, readLimited } from './submission/body.ts';

export const ADMIN_PREFIX = `${API_PREFIX}/admin`;
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
}

export const adminRequest = createMiddleware<AppEnv>(async (c, next) => {
  if (!isAdminPath(c.req.path)) return next();
  try {
    if (c.req.method === 'OPTIONS') {
      problem({ status: 403, type: 'cors-refused', title: 'Not open to other origins', detail: 'administration routes grant no cross-origin request (no CORS); call them with the command line or another client that is not a web page' });
    }
    refuseOtherOrigins(c);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await readJsonBody(c);
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    c.res = problemResponse(e.init, c.req.path);
    return withoutCors(c);
  }
  await next();
  withoutCors(c);
});

/**
 * A browser names where a request comes from: Sec-Fetch-Site (same-origin, same-site, cross-site; none when
 * the person typed the address) and Origin. Anything but this platform's own origin is refused, before the
 * credential is looked at, so a page elsewhere cannot use an operator's token, typed or stolen. Clients
 * that are not browsers send neither header and are not concerned.
 */
function refuseOtherOrigins(c: Context<AppEnv>): void {
  const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
  const origin = c.req.header('origin')?.trim();
  // The configured origins only: the request's own URL follows its Host header, which a rebinding page chooses.
  const configured = publicOrigins(c.env);
  const ours = (o: string) => (configured.length > 0 ? configured.includes(o) : o === new URL(c.req.url).origin);
  const refuse = (why: string) => problem({ status: 403, type: 'cors-refused', title: 'Not open to other origins', detail: `administration routes answer only this platform's own pages and clients that are not web pages: ${why}` });
  if (site && site !== 'same-origin' && site !== 'none') refuse(`the browser says the request comes from a ${site} page (Sec-Fetch-Site)`);
  if (origin !== undefined && !ours(origin)) refuse(`the request comes from ${origin === 'null' ? 'an opaque origin' : origin} (Origin)`);
  // A browser's request (it names Sec-Fetch-Site) sent to another name than the platform's: a rebinding page's same-origin GET carries no Origin.
  const own = new URL(c.req.url).origin;
  if (site && !ours(own)) refuse(`the browser sent it to ${own}, which is not this platform's origin`);
}

/** Read the body within the limit and check it is JSON, before the bearer credential or a validator sees it. */
async function readJsonBody(c: Context<AppEnv>): Promise<void> {
  const [media, ...params] = (c.req.header('content-type') ?? '').split(';');
  const type = media!.trim().toLowerCase();
  if (type !== 'application/json') {
    problem({ status: 415, type: 'media-type', title: 'Unsupported media type', detail: `an administration request's body is application/json; got "${type || 'nothing'}"`, headers: { accept: 'application/json' } });
  }
  // JSON is UTF-8 (RFC 8259); a body declared otherwise would be read as what it is not.
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))?.slice(8).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    problem({ status: 415, type: 'media-type', title: 'Unsupported media type', detail: `an administration request's body is UTF-8 JSON; got charset "${charset}"`, headers: { accept: 'application/json' } });
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readLimited(c.req.raw, ADMIN_MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof Problem && e.init.status === 413) {
      problem({ status: 413, type: 'too-large', title: 'Body too large', detail: `an administration request's body may be at most ${ADMIN_MAX_BODY_BYTES} bytes (64 KiB)` });
    }
    throw e;
  }
  parseJsonBody(bytes);
  // The stream is read: hand the bytes to the validators (c.req.json() reads HonoRequest's body cache).
  c.req.bodyCache.arrayBuffer = Promise.resolve(bytes.buffer) as unknown as ArrayBuffer;
}

/** Whatever answered, no Access-Control-* header leaves an administration route. */
function withoutCors(c: Context<AppEnv>): void {
  const names = [...c.res.headers.keys()].filter((h) => h.startsWith('access-control-'));
  if (!names.length) return;
  const res = new Response(c.res.body, c.res);
  for (const h of names) res.headers.delete(h);
  c.res = undefined;
  c.res = res;
}
