// Signature verification as two middleware steps around the body limit. First, before any body is read:
// the signature's form, that its @target-uri names this platform's own origin, and the key (so a request
// with a made-up key id costs no body read). Then the signature over the request and the body's digest.
// Keys are cached in the isolate for a minute (unknown ids for a few seconds): admission checks the key
// again as it stands, so a revocation still counts at once.
import { createMiddleware } from 'hono/factory';
import type { KeyRecord } from '../../core/ledger/records.ts';
import { registry } from '../env.ts';
import { vetTargetOrigin } from '../origin.ts';
import { readSignature, verifyRequest, vetKey } from './authenticate.ts';
import type { SubmissionEnv } from './context.ts';

const KEY_TTL_MS = 60_000;
/** An unknown key id is asked again after this: a key registered meanwhile works within seconds. */
const UNKNOWN_TTL_MS = 5_000;
const KEY_CACHE_LIMIT = 1024;
const keys = new Map<string, { key: KeyRecord | null; until: number }>();

async function keyOf(env: SubmissionEnv['Bindings'], keyId: string, now: number): Promise<KeyRecord | null> {
  const hit = keys.get(keyId);
  if (hit && hit.until > now) return hit.key;
  const key = await registry(env).getKey(keyId);
  keys.delete(keyId);
  if (keys.size >= KEY_CACHE_LIMIT) keys.delete(keys.keys().next().value!);
  keys.set(keyId, { key, until: now + (key ? KEY_TTL_MS : UNKNOWN_TTL_MS) });
  return key;
}

/** The signature's form, its origin and its key: before the body is read. */
export const signer = createMiddleware<SubmissionEnv>(async (c, next) => {
  const now = Date.now();
  const sig = readSignature(c.req.raw, now);
  vetTargetOrigin(c.env, c.req.url);
  c.set('signer', { sig, key: vetKey(await keyOf(c.env, sig.keyid, now), sig.keyid, now) });
  await next();
});

/** The signature over the request and the body's Content-Digest: after the body is read. */
export const verified = createMiddleware<SubmissionEnv>(async (c, next) => {
  const { sig, key } = c.get('signer');
  const { signature, bodySha256 } = await verifyRequest(c.req.raw, c.get('body'), sig, key);
  c.set('signed', { key, nonce: sig.nonce, signature, bodySha256 });
  await next();
});
