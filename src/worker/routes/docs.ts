import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { DOCS_HTML } from '../docs-page.ts';
import type { AppEnv } from '../env.ts';

export const docs = new Hono<AppEnv>();

// A self-contained page (no CDN) that reads /openapi.json and lists every operation.
docs.get('/docs', describeRoute({ tags: ['Documentation'], summary: 'Human-readable API reference (no CDN)', responses: { 200: { description: 'HTML' } } }), (c) => c.html(DOCS_HTML, 200, { 'cache-control': 'public, max-age=300', 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" }));
