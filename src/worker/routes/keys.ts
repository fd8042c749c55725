import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { KeyIdSchema } from '../../core/contract/fields.ts';
import type { KeySet } from '../../core/contract/key-set.ts';
import type { PublicKey } from '../../core/contract/public-key.ts';
import { ADMIN_KEYS_PATH, KEYS_PATH, ROUTES } from '../../core/contract/urls.ts';
import { ed25519XProblem } from '../../core/signature/keys.ts';
import { requireAdmin } from '../admin.ts';
import { registry, type AppEnv } from '../env.ts';
import { jsonResponse, valid } from '../http.ts';
import { logUnavailable, problem } from '../problem.ts';
import type { KeyRecord } from '../../core/ledger/records.ts';
import { documented, problemDoc } from './schemas.ts';

export const keys = new Hono<AppEnv>();

const IsoTime = v.pipe(v.string(), v.isoTimestamp('an ISO 8601 time such as 2024-01-01T00:00:00Z'));

// A strict Ed25519 public key: 32 bytes of base64url, canonical, on the curve, not small-order and
// without a small-order part (signature/strict.ts). A refusal is a 400 naming why.
const StrictX = v.pipe(
  v.string(),
  v.check((x) => ed25519XProblem(x) === null, (issue) => `${ed25519XProblem(String(issue.input))}; register a key made by an Ed25519 implementation (gongkai keygen)`),
);

export const RegisterKeySchema = v.strictObject({
  keyId: KeyIdSchema,
  departmentId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'departmentId is a department id such as 140602-xzspfwglj')),
  publicKey: v.strictObject({ kty: v.literal('OKP'), crv: v.literal('Ed25519'), x: StrictX, kid: v.optional(v.string()) }),
  validFrom: v.optional(IsoTime),
  validUntil: v.optional(IsoTime),
});

const RevokeSchema = v.strictObject({ reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)) });

/** The public form: a JWK with the validity a verifier needs. */
export function publicKey(k: KeyRecord, log: PublicKey['log'] = { registered: null, revoked: null }): PublicKey {
  return {
    kid: k.keyId, kty: 'OKP', crv: 'Ed25519', x: k.x, alg: 'Ed25519', use: 'sig',
    departmentId: k.departmentId, created: k.createdAt, validFrom: k.validFrom, validUntil: k.validUntil,
    revoked: k.revokedAt, revokedReason: k.revokedReason,
    status: k.revokedAt ? 'revoked' : k.validUntil && Date.parse(k.validUntil) < Date.now() ? 'expired' : 'active',
    log,
  };
}

keys.get(
  KEYS_PATH,
  describeRoute({ tags: ['Keys'], summary: 'Every department public key, current and past (JWK Set)', responses: { 200: documented('A JWK Set with validity and revocation', 'KeySet') } }),
  async (c) => {
    const reg = registry(c.env);
    const [list, logs] = await Promise.all([reg.listKeys(), reg.keyLogs()]);
    const body: KeySet = { keys: list.map((k) => publicKey(k, logs.get(k.keyId))) };
    return jsonResponse(c, body, 'public, max-age=60', 200, { 'access-control-allow-origin': '*' });
  },
);

keys.post(
  ADMIN_KEYS_PATH,
  describeRoute({ tags: ['Administration'], summary: 'Register a department public key', security: [{ admin: [] }], responses: { 201: documented('Registered (a key-registered entry in the transparency log)', 'PublicKey'), 200: documented('Already registered with the same material', 'PublicKey'), 409: problemDoc('Key id taken by other material'), 503: problemDoc('The platform key is not configured: nothing can be recorded') } }),
  requireAdmin,
  valid('json', RegisterKeySchema),
  async (c) => {
    const body = c.req.valid('json');
    if (body.validFrom && body.validUntil && Date.parse(body.validFrom) >= Date.parse(body.validUntil)) {
      problem({ status: 400, type: 'bad-request', title: 'Bad validity', detail: 'validFrom must be before validUntil' });
    }
    const result = await registry(c.env).registerKey({ keyId: body.keyId, departmentId: body.departmentId, x: body.publicKey.x, validFrom: body.validFrom ?? null, validUntil: body.validUntil ?? null });
    if ('unavailable' in result) return logUnavailable(result.unavailable);
    if (!result.created && (result.key.x !== body.publicKey.x || result.key.departmentId !== body.departmentId)) {
      problem({ status: 409, type: 'key-exists', title: 'Key id taken', detail: `key "${body.keyId}" is registered with other material; key ids are never reused` });
    }
    return c.json(publicKey(result.key, (await registry(c.env).keyLogs(body.keyId)).get(body.keyId)), result.created ? 201 : 200);
  },
);

keys.post(
  ROUTES.adminRevokeKey,
  describeRoute({ tags: ['Administration'], summary: 'Revoke a key (it stays published, marked revoked)', security: [{ admin: [] }], responses: { 200: documented('Revoked (a key-revoked entry in the transparency log)', 'PublicKey'), 404: problemDoc('No such key'), 503: problemDoc('The platform key is not configured: nothing can be recorded') } }),
  requireAdmin,
  valid('json', RevokeSchema),
  async (c) => {
    const k = await registry(c.env).revokeKey(c.req.param('keyId'), c.req.valid('json').reason);
    if (k && 'unavailable' in k) return logUnavailable(k.unavailable);
    if (!k) problem({ status: 404, type: 'not-found', title: 'No such key', detail: `no key "${c.req.param('keyId')}"` });
    return c.json(publicKey(k!, (await registry(c.env).keyLogs(k!.keyId)).get(k!.keyId)));
  },
);
