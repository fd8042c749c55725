// Signature verification as middleware: the signature's form first (no key or body needed), and that its
// @target-uri names this platform's own origin; then the key, then the signature over the request and the
// body's digest. Keys are cached in the isolate for a minute: admission checks the key again as it stands,
// so a revocation still counts at once.
import { createMiddleware } from 'hono/factory';
import type { KeyRecord } from '../../core/ledger/records.ts';
import { registry } from '../env.ts';
import { vetTargetOrigin } from '../origin.ts';
import { readSignature, verifyRequest, vetKey } from './authenticate.ts';
import type { SubmissionEnv } from './context.ts';

const KEY_TTL_MS = 60_000;
const KEY_CACHE_LIMIT = 1024;
const keys = new Map<string, { key: KeyRecord; until: number }>();

async function keyOf(env: SubmissionEnv['Bindings'], keyId: string, now: number): Promise<KeyRecord | null> {
  const hit = keys.get(keyId);
  if (hit && hit.until > now) return hit.key;
  const key = await registry(env).getKey(keyId);
  keys.delete(keyId);
  if (key) {
    if (keys.size >= KEY_CACHE_LIMIT) keys.delete(keys.keys().next().value!);
    keys.set(keyId, { key, until: now + KEY_TTL_MS });
  }
  return key;
}

export const signed = createMiddleware<SubmissionEnv>(async (c, next) => {
  const now = Date.now();
  const sig = readSignature(c.req.raw, now);
  vetTargetOrigin(c.env, c.req.url);
  const key = vetKey(await keyOf(c.env, sig.keyid, now), sig.keyid, now);
  const { signature, bodySha256 } = await verifyRequest(c.req.raw, c.get('body'), sig, key);
  c.set('signed', { key, nonce: sig.nonce, signature, bodySha256 });
  await next();
});
