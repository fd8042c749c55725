import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { problem } from './problem.ts';

/** The administrator's act: a bearer credential held as a Worker secret, compared in constant time. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) problem({ status: 503, type: 'not-configured', title: 'Administration disabled', detail: 'ADMIN_TOKEN is not set (wrangler secret put ADMIN_TOKEN, or .dev.vars locally)' });
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  const same = a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
  if (!same) problem({ status: 401, type: 'admin-required', title: 'Administrator credential required', detail: 'send Authorization: Bearer <ADMIN_TOKEN>', headers: { 'www-authenticate': 'Bearer' } });
  await next();
};
