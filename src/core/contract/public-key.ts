// A department's public key as GET /v1/keys lists it: a JWK (RFC 8037) with the validity and
// revocation a verifier needs. Also the answer to registering or revoking a key.
import * as v from 'valibot';
import { DepartmentIdSchema, IsoTimeSchema } from './fields.ts';
import { LogRefSchema } from './log.ts';

export const KeyStatusSchema = v.picklist(['active', 'revoked', 'expired']);

export const PublicKeySchema = v.strictObject({
  kid: v.string(),
  kty: v.literal('OKP'),
  crv: v.literal('Ed25519'),
  /** The 32-byte public key, base64url. */
  x: v.string(),
  alg: v.literal('Ed25519'),
  use: v.literal('sig'),
  departmentId: DepartmentIdSchema,
  created: IsoTimeSchema,
  validFrom: v.nullable(IsoTimeSchema),
  validUntil: v.nullable(IsoTimeSchema),
  /** When it was revoked; null while it is not. */
  revoked: v.nullable(IsoTimeSchema),
  revokedReason: v.nullable(v.string()),
  status: KeyStatusSchema,
  /** The transparency-log entries that registered and revoked it (signed by the platform key). */
  log: v.strictObject({ registered: v.nullable(LogRefSchema), revoked: v.nullable(LogRefSchema) }),
});

export type KeyStatus = v.InferOutput<typeof KeyStatusSchema>;
export type PublicKey = v.InferOutput<typeof PublicKeySchema>;
