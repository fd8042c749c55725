// The transparency log (GET /v1/log): every department key registered or revoked, every version published
// or withdrawn, in one append-only sequence. Each entry names the hash of the one before it and is signed
// by the platform key that the first entry names, so that a mirror holding the platform key verifies the
// whole history offline and notices a fork, a rewrite or a reset (core/log/chain.ts).
import * as v from 'valibot';
import { ApiPathSchema, DepartmentIdSchema, IsoTimeSchema, Sha256Schema, VersionNumberSchema, YearSchema } from './fields.ts';

export const LOG_FORMAT = 'gongkai.log/1';

const X = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/), v.description('an Ed25519 public key, base64url'));
const KeyId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));

/** The signed part of each kind of entry, after the members every entry has. */
export const LOG_BODIES = {
  /** The first entry: the key that signs this log. */
  'platform-key': { keyId: KeyId, x: X },
  'key-registered': { keyId: KeyId, departmentId: DepartmentIdSchema, x: X, validFrom: v.nullable(IsoTimeSchema), validUntil: v.nullable(IsoTimeSchema) },
  'key-revoked': { keyId: KeyId, reason: v.string() },
  'version-published': { departmentId: DepartmentIdSchema, year: YearSchema, version: VersionNumberSchema, manifestSha256: Sha256Schema },
  'version-withdrawn': { departmentId: DepartmentIdSchema, year: YearSchema, version: VersionNumberSchema, manifestSha256: Sha256Schema, reason: v.string() },
} as const;

export type LogKind = keyof typeof LOG_BODIES;

const common = {
  format: v.literal(LOG_FORMAT),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: IsoTimeSchema,
  /** The previous entry's hash; null for the first. */
  prev: v.nullable(Sha256Schema),
};
const signed = {
  /** SHA-256 of the entry's canonical text (everything but hash and signature): what the next entry's prev names. */
  hash: Sha256Schema,
  /** Ed25519 by the platform key over "gongkai.log/1\n" + the canonical text, base64url. */
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)),
};

const B = LOG_BODIES;
export const LogEntrySchema = v.variant('kind', [
  v.strictObject({ ...common, kind: v.literal('platform-key'), ...B['platform-key'], ...signed }),
  v.strictObject({ ...common, kind: v.literal('key-registered'), ...B['key-registered'], ...signed }),
  v.strictObject({ ...common, kind: v.literal('key-revoked'), ...B['key-revoked'], ...signed }),
  v.strictObject({ ...common, kind: v.literal('version-published'), ...B['version-published'], ...signed }),
  v.strictObject({ ...common, kind: v.literal('version-withdrawn'), ...B['version-withdrawn'], ...signed }),
]);

export type LogEntry = v.InferOutput<typeof LogEntrySchema>;
/** An entry before it is signed: what the log appends. */
export type LogBody = LogEntry extends infer E ? (E extends LogEntry ? Omit<E, 'format' | 'seq' | 'at' | 'prev' | 'hash' | 'signature'> : never) : never;
export type UnsignedEntry = LogEntry extends infer E ? (E extends LogEntry ? Omit<E, 'hash' | 'signature'> : never) : never;

/** Where a log stands: its length and the hash of its last entry. */
export const LogHeadSchema = v.strictObject({
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  hash: v.nullable(Sha256Schema),
});
export type LogHead = v.InferOutput<typeof LogHeadSchema>;

/** GET /v1/log?since=&limit=: the entries after `since`, and the head as the server has it now. */
export const LogPageSchema = v.strictObject({
  head: LogHeadSchema,
  entries: v.array(LogEntrySchema),
  /** The next page, while there is more. */
  next: v.nullable(ApiPathSchema),
});
export type LogPage = v.InferOutput<typeof LogPageSchema>;

/** GET /v1/log/key: the platform's public key (a JWK), which mirrors pin out of band by its fingerprint. */
export const PlatformKeySchema = v.strictObject({
  kid: KeyId,
  kty: v.literal('OKP'),
  crv: v.literal('Ed25519'),
  x: X,
  alg: v.literal('Ed25519'),
  use: v.literal('sig'),
  /** "sha256:" and the SHA-256 of the 32 raw key bytes, hex. */
  fingerprint: v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/)),
});
export type PlatformKey = v.InferOutput<typeof PlatformKeySchema>;

/** Where a published version's entry, and its withdrawal's, sit in the log. */
export const LogRefSchema = v.strictObject({ seq: v.pipe(v.number(), v.integer(), v.minValue(1)), hash: Sha256Schema });
export type LogRef = v.InferOutput<typeof LogRefSchema>;
