// Small response helpers: JSON with caching headers, validators that answer problem+json.
import type { GenericSchema } from 'valibot';
import type { Context, ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { utf8 } from '../core/bytes.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Env } from './env.ts';
import { canonicalOrigin } from './origin.ts';
import { problem } from './problem.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=30, stale-while-revalidate=60';

/** JSON with a strong ETag from its bytes and 304 on If-None-Match. */
export async function jsonResponse(c: Context, value: unknown, cacheControl = SHORT, status = 200, extra: Record<string, string> = {}): Promise<Response> {
  const body = JSON.stringify(value, null, 2) + '\n';
  const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
  const headers = { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': cacheControl, ...extra };
  if (status === 200 && matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  if (c.req.method === 'HEAD') return new Response(null, { status, headers: { ...headers, 'content-length': String(utf8.encode(body).byteLength) } });
  return new Response(body, { status, headers });
}

export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Validate a request part against a valibot schema; a failure is a located 400 problem. */
export function valid<S extends GenericSchema, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const errors = result.error.map((i) => ({
        path: (i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') || target,
        message: i.message,
      }));
      problem({
        status: target === 'param' ? 404 : 400,
        type: target === 'param' ? 'not-found' : 'bad-request',
        title: target === 'param' ? 'Not found' : 'Bad request',
        detail: errors.map((e) => `${target} ${e.path}: ${e.message}`).join('; '),
        extra: { errors },
      });
    }
  });
}

/** The origin links and receipts are written with: the configured one (PUBLIC_ORIGIN), never the client's Host. */
export function originOf<E extends { Bindings: Env }>(c: Context<E>): string {
  return canonicalOrigin(c.env, c.req.url);
}
