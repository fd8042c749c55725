// The ledger's records: a department's keys, its datasets (one a department-year), their versions and
// the change log. Storage reads its rows back through these schemas, and routes answer from them.
import * as v from 'valibot';
import { SummarySchema } from '../checks/finding.ts';

const Text = v.string();
const Int = v.pipe(v.number(), v.integer());
const Maybe = v.nullable(v.string());

export const KeyRecordSchema = v.strictObject({
  keyId: Text,
  departmentId: Text,
  /** Ed25519 public key, base64url (JWK "x"). */
  x: Text,
  createdAt: Text,
  validFrom: Maybe,
  validUntil: Maybe,
  revokedAt: Maybe,
  revokedReason: Maybe,
});
export type KeyRecord = v.InferOutput<typeof KeyRecordSchema>;

/** The accounting checks' counts, as the engine reports them (versions stored before `unread` was counted read as 0). */
export const FindingsSummarySchema = v.strictObject({ ...SummarySchema.entries, unread: v.optional(v.number(), 0) });
export type FindingsSummary = v.InferOutput<typeof FindingsSummarySchema>;

/** The counts a version records, from the check report (findings.json). */
export function findingsSummary(report: { summary: FindingsSummary }): FindingsSummary {
  const { error, warning, info, skipped, passed, unread } = report.summary;
  return { error, warning, info, skipped, passed, unread };
}

const Status = v.picklist(['published', 'withdrawn']);

export const VersionRecordSchema = v.strictObject({
  departmentId: Text,
  year: Int,
  version: Int,
  publishedAt: Text,
  status: Status,
  withdrawnAt: Maybe,
  withdrawnReason: Maybe,
  filingSha256: Text,
  manifestSha256: Text,
  keyId: Text,
  findings: FindingsSummarySchema,
});
export type VersionRecord = v.InferOutput<typeof VersionRecordSchema>;

export const DatasetRecordSchema = v.strictObject({
  departmentId: Text,
  departmentName: Text,
  regionCode: Text,
  year: Int,
  template: Text,
  latestVersion: Int,
  firstPublishedAt: Text,
  modifiedAt: Text,
  status: Status,
  findings: FindingsSummarySchema,
});
export type DatasetRecord = v.InferOutput<typeof DatasetRecordSchema>;
export type DatasetInfo = Pick<DatasetRecord, 'departmentId' | 'departmentName' | 'regionCode' | 'year' | 'template'>;

export const ChangeRecordSchema = v.strictObject({
  seq: Int,
  departmentId: Text,
  year: Int,
  version: Int,
  kind: v.picklist(['published', 'corrected', 'withdrawn']),
  at: Text,
  manifestSha256: Text,
  reason: Maybe,
});
export type ChangeRecord = v.InferOutput<typeof ChangeRecordSchema>;

/**
 * Why a key may not sign at `now`, or null if it may. One rule for the Worker (before it verifies) and the
 * sequencer (which admits the request against the key as it stands then, so a revocation counts at once).
 */
export function keyRefusal(key: KeyRecord | null, keyId: string, now: number): string | null {
  if (!key) return `key "${keyId}" is not registered`;
  if (key.revokedAt) return `key "${keyId}" was revoked on ${key.revokedAt}${key.revokedReason ? ` (${key.revokedReason})` : ''}`;
  if (key.validFrom && Date.parse(key.validFrom) > now) return `key "${keyId}" is valid only from ${key.validFrom}`;
  if (key.validUntil && Date.parse(key.validUntil) < now) return `key "${keyId}" expired on ${key.validUntil}`;
  return null;
}
