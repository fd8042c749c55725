import { Hono } from 'hono';
import { DOCS_HTML } from '../docs-page.ts';
import type { AppEnv } from '../env.ts';

export const docs = new Hono<AppEnv>();

// A self-contained page (no CDN) that reads /openapi.json and lists every operation.
docs.get('/docs', (c) => c.html(DOCS_HTML, 200, { 'cache-control': 'public, max-age=300', 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" }));
