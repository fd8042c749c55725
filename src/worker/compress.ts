// Compression and HEAD lengths, for every answer the Worker gives.
//
// Cloudflare's edge compresses a fixed list of media types itself (gzip or br, by the client's
// Accept-Encoding), and `wrangler dev` does the same for the same list (Miniflare's entry worker copies it):
// JSON, HTML, JavaScript, JSON-LD… but not text/csv, application/problem+json, application/schema+json or
// application/csvm+json, which left CSV uncompressed everywhere. For those the Worker names the encoding in
// Content-Encoding and the runtime compresses the body as it sends it (workerd's automatic body encoding:
// gzip, and br, which it supports since 2024-09-02). Types on the edge's list are left to the edge, so
// nothing is compressed twice. Never compressed: a 206 or 416 (the byte positions are of the identity
// bytes), a body already encoded (the version packs, application/gzip), a HEAD.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.ts';

/** The types Cloudflare compresses itself (developers.cloudflare.com/speed/optimization/content/compression/). */
const EDGE_COMPRESSED = new Set([
  'text/html', 'text/richtext', 'text/plain', 'text/css', 'text/x-script', 'text/x-component', 'text/x-java-source', 'text/x-markdown',
  'application/javascript', 'application/x-javascript', 'text/javascript', 'text/js', 'image/x-icon', 'image/vnd.microsoft.icon',
  'application/x-perl', 'application/x-httpd-cgi', 'text/xml', 'application/xml', 'application/rss+xml', 'application/vnd.api+json',
  'application/x-protobuf', 'application/json', 'multipart/bag', 'multipart/mixed', 'application/xhtml+xml', 'font/ttf', 'font/otf',
  'font/x-woff', 'image/svg+xml', 'application/vnd.ms-fontobject', 'application/ttf', 'application/x-ttf', 'application/otf',
  'application/x-otf', 'application/truetype', 'application/opentype', 'application/x-opentype', 'application/font-woff',
  'application/eot', 'application/font', 'application/font-sfnt', 'application/wasm', 'application/javascript-binast',
  'application/manifest+json', 'application/ld+json', 'application/graphql+json', 'application/geo+json',
]);

const mediaType = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Text the Worker serves: CSV, and JSON of any kind. */
export function compressible(contentType: string | null): boolean {
  const t = mediaType(contentType);
  return t.startsWith('text/') || t === 'application/json' || t.endsWith('+json') || t.endsWith('+xml');
}

/** Whether the edge (and wrangler dev) compresses this type without the Worker's asking. */
export function edgeCompresses(contentType: string | null): boolean {
  return EDGE_COMPRESSED.has(mediaType(contentType));
}

/** The coding to answer with for an Accept-Encoding header: br or gzip by the client's weights (br on a tie), or none. */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const w = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = w ? Number(w.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weight = (c: string) => q.get(c) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gzip = Math.max(weight('gzip'), q.get('x-gzip') ?? 0);
  if (br <= 0 && gzip <= 0) return null;
  return br >= gzip ? 'br' : 'gzip';
}

/**
 * What the client itself accepts. Cloudflare rewrites the Accept-Encoding a Worker sees to "br, gzip" and
 * keeps the client's own in request.cf.clientAcceptEncoding (empty when it sent none); wrangler dev does the
 * same. Without cf (a test calling the app directly) the header is the client's.
 */
function clientAcceptEncoding(req: Request): string | undefined {
  const cf = (req as { cf?: { clientAcceptEncoding?: unknown } }).cf;
  return typeof cf?.clientAcceptEncoding === 'string' ? cf.clientAcceptEncoding : req.headers.get('accept-encoding') ?? undefined;
}

function appendVary(headers: Headers, name: string): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', name);
  else if (!vary.split(',').some((v) => v.trim().toLowerCase() === name.toLowerCase() || v.trim() === '*')) headers.set('vary', `${vary}, ${name}`);
}

export const compression = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get('content-type');
  if (!compressible(type)) return;
  let out = res;
  const mutable = () => {
    if (out === res) {
      out = new Response(res.body, res); // a fresh copy: a fetched answer's headers are immutable
    }
    return out.headers;
  };
  if (c.req.method === 'HEAD') {
    // Hono answers HEAD from the GET route and drops the body: give its length first, as GET would (identity).
    if (!res.headers.has('content-length') && res.body) {
      const length = (await res.clone().arrayBuffer()).byteLength;
      mutable().set('content-length', String(length));
    }
  } else {
    appendVary(mutable(), 'Accept-Encoding');
    const coding = negotiateEncoding(clientAcceptEncoding(c.req.raw));
    const eligible = res.status !== 206 && res.status !== 416 && res.body !== null && !res.headers.has('content-encoding') && !res.headers.has('content-range');
    if (coding && eligible && !edgeCompresses(type)) {
      const h = mutable();
      h.set('content-encoding', coding);
      h.delete('content-length');
      // Another coding is another representation: a strong ETag stays the identity bytes' (If-Range, mirrors).
      const etag = h.get('etag');
      if (etag && !etag.startsWith('W/')) h.set('etag', `W/${etag}`);
    }
  }
  if (out !== res) {
    c.res = undefined;
    c.res = out;
  }
});
