// Rows read back through the ledger's schemas: a row that does not fit (a hand-edited store, a column
// of another type) is an error naming the table, never a wrongly typed record.
import * as v from 'valibot';
import {
  ChangeRecordSchema, DatasetRecordSchema, KeyRecordSchema, VersionRecordSchema,
  type ChangeRecord, type DatasetRecord, type KeyRecord, type VersionRecord,
} from '../../../core/ledger/records.ts';

type Row = Record<string, SqlStorageValue>;

function read<S extends v.GenericSchema>(schema: S, table: string, value: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (!r.success) throw new Error(`a row of ${table} does not fit its schema: ${r.issues.map((i) => `${v.getDotPath(i) ?? '/'}: ${i.message}`).join('; ')}`);
  return r.output;
}

function json(text: SqlStorageValue | undefined): unknown {
  return typeof text === 'string' ? JSON.parse(text) : text;
}

export const keyRecord = (r: Row): KeyRecord => read(KeyRecordSchema, 'keys', {
  keyId: r.key_id, departmentId: r.department_id, x: r.x, createdAt: r.created_at, validFrom: r.valid_from,
  validUntil: r.valid_until, revokedAt: r.revoked_at, revokedReason: r.revoked_reason,
});

/** A version's record without its manifest: listing versions never reads that. */
export const VERSION_COLUMNS = 'department_id, year, n, published_at, status, withdrawn_at, withdrawn_reason, filing_sha, manifest_sha, key_id, findings';

export const versionRecord = (r: Row): VersionRecord => read(VersionRecordSchema, 'versions', {
  departmentId: r.department_id, year: r.year, version: r.n, publishedAt: r.published_at, status: r.status,
  withdrawnAt: r.withdrawn_at, withdrawnReason: r.withdrawn_reason, filingSha256: r.filing_sha,
  manifestSha256: r.manifest_sha, keyId: r.key_id, findings: json(r.findings),
});

export const datasetRecord = (r: Row): DatasetRecord => read(DatasetRecordSchema, 'datasets', {
  departmentId: r.department_id, departmentName: r.department_name, regionCode: r.region_code, year: r.year,
  template: r.template, latestVersion: r.latest, firstPublishedAt: r.first_published, modifiedAt: r.modified,
  status: r.status, findings: json(r.findings),
});

export const changeRecord = (r: Row): ChangeRecord => read(ChangeRecordSchema, 'changes', {
  seq: r.seq, departmentId: r.department_id, year: r.year, version: r.n, kind: r.kind, at: r.at,
  manifestSha256: r.manifest_sha, reason: r.reason,
});
