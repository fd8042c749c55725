// The platform's own origins (PUBLIC_ORIGIN in wrangler.toml): the only authorities a signed request may
// name in its @target-uri, and the origin every link and receipt is written with. The Host a client sends
// decides neither: a request signed for another server is refused before anything is stored.
import type { Env } from './env.ts';
import { problem } from './problem.ts';

/** Local runs: an origin on one of these hosts accepts the other on the same port (the command line may use either). */
const LOOPBACK = ['127.0.0.1', 'localhost'] as const;

const parsed = new Map<string, readonly string[]>();

/**
 * The configured origins, the canonical one first. PUBLIC_ORIGIN holds one or more origins separated by
 * spaces or commas; an entry that is not a bare http(s) origin is a configuration error (503), never skipped.
 */
export function publicOrigins(env: Pick<Env, 'PUBLIC_ORIGIN'>): readonly string[] {
  const configured = env.PUBLIC_ORIGIN ?? '';
  const hit = parsed.get(configured);
  if (hit) return hit;
  const origins: string[] = [];
  const add = (o: string) => origins.includes(o) || origins.push(o);
  for (const entry of configured.split(/[\s,]+/).filter(Boolean)) {
    const url = parseUrl(entry);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !/^\/?$/.test(url.pathname) || url.search || url.hash) {
      problem({ status: 503, type: 'not-configured', title: 'Origin misconfigured', detail: `PUBLIC_ORIGIN entry ${JSON.stringify(entry)} is not an origin such as https://gongkai.example.org` });
    }
    add(url!.origin);
    if ((LOOPBACK as readonly string[]).includes(url!.hostname)) {
      for (const host of LOOPBACK) add(`${url!.protocol}//${host}${url!.port ? `:${url!.port}` : ''}`);
    }
  }
  if (parsed.size > 16) parsed.clear();
  parsed.set(configured, origins);
  return origins;
}

function parseUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** The origin links are written with: the configured canonical one; the request's own only where none is configured. */
export function canonicalOrigin(env: Pick<Env, 'PUBLIC_ORIGIN'>, requestUrl: string): string {
  return publicOrigins(env)[0] ?? new URL(requestUrl).origin;
}

/**
 * Refuse a signed request whose target names another authority than the platform's (its @target-uri is
 * the request's URL, whose host comes from the client's Host header). 401 before any key or body is used.
 */
export function vetTargetOrigin(env: Pick<Env, 'PUBLIC_ORIGIN'>, requestUrl: string): void {
  const origins = publicOrigins(env);
  if (!origins.length) {
    problem({ status: 503, type: 'not-configured', title: 'Origin not configured', detail: 'PUBLIC_ORIGIN is not set (wrangler.toml [vars]); signed submissions are refused until the platform knows its own origin' });
  }
  const target = new URL(requestUrl).origin;
  if (!origins.includes(target)) {
    problem({
      status: 401, type: 'wrong-origin', title: 'Signed for another origin',
      detail: `the signature's @target-uri names ${target}, which is not this platform (${origins.join(', ')}); sign the request for ${origins[0]}`,
      headers: { 'www-authenticate': 'Signature' },
    });
  }
}
