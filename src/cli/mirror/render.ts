// The API's documents as a mirror renders them from what it verified, with the functions the Worker
// answers with (core/ledger/views.ts): a version's document from its manifest and the log, a dataset's
// from its versions' records, the catalog, the key list from the log's key entries, and the log itself.
// Nothing here comes from an unsigned document of the server.
import type { CatalogPage } from '../../core/contract/catalog-page.ts';
import type { KeySet } from '../../core/contract/key-set.ts';
import type { LogEntry, LogHead, LogPage, PlatformKey } from '../../core/contract/log.ts';
import type { Manifest } from '../../core/contract/manifest.ts';
import { DATASETS_PATH } from '../../core/contract/urls.ts';
import type { DatasetRecord, VersionRecord } from '../../core/ledger/records.ts';
import { datasetDocument, datasetItem, versionDocument } from '../../core/ledger/views.ts';
import type { LoggedKey, LoggedVersion } from '../../core/log/replay.ts';
import type { Names } from './state.ts';

/** A document's bytes as the API writes them. */
export const docBytes = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export function versionDocBytes(record: VersionRecord, manifest: Manifest | null, manifestBytes: number, logged: LoggedVersion): string {
  const log = { published: { seq: logged.seq, hash: logged.hash }, withdrawn: logged.withdrawn ? { seq: logged.withdrawn.seq, hash: logged.withdrawn.hash } : null };
  return docBytes(versionDocument(record, manifest, manifestBytes, log));
}

/** A version as a dataset's record needs it: its record and where its events sit in the log. */
export interface DatasetVersion {
  record: VersionRecord;
  logged: LoggedVersion;
}

/**
 * The dataset's record as the ledger keeps it, from its versions (in number order): the names of the last
 * version published, `latest` the newest live version (or, all withdrawn, the one withdrawn last), the
 * findings of `latest`, first published with version 1, modified at the last publication or withdrawal.
 */
export function datasetRecord(names: Names, versions: readonly DatasetVersion[]): DatasetRecord {
  const sorted = [...versions].sort((a, b) => a.record.version - b.record.version);
  const live = sorted.filter((x) => x.record.status === 'published');
  const events = sorted.flatMap((x) => [{ seq: x.logged.seq, at: x.record.publishedAt }, ...(x.logged.withdrawn ? [{ seq: x.logged.withdrawn.seq, at: x.logged.withdrawn.at }] : [])]);
  const lastEvent = events.reduce((a, b) => (b.seq > a.seq ? b : a));
  const latest = live.at(-1) ?? sorted.reduce((a, b) => ((b.logged.withdrawn?.seq ?? 0) > (a.logged.withdrawn?.seq ?? 0) ? b : a));
  const first = sorted[0]!.record;
  return {
    departmentId: first.departmentId, departmentName: names.departmentName, regionCode: names.regionCode, year: first.year, template: names.template,
    latestVersion: latest.record.version, firstPublishedAt: first.publishedAt, modifiedAt: lastEvent.at,
    status: live.length ? 'published' : 'withdrawn', findings: latest.record.findings,
  };
}

export function datasetDocBytes(d: DatasetRecord, versions: readonly VersionRecord[]): string {
  return docBytes(datasetDocument(d, [...versions].sort((a, b) => a.version - b.version)));
}

/** /v1/datasets as one page with every dataset the mirror holds, in the API's order (department, year). */
export function catalogBytes(datasets: readonly DatasetRecord[]): string {
  const items = [...datasets].sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : a.year - b.year)).map(datasetItem);
  const page: CatalogPage = { items, links: { self: DATASETS_PATH, next: null } };
  return docBytes(page);
}

/** /v1/keys from the log: every key it registered, with its revocation, in the API's order. */
export function keySetBytes(keys: Iterable<LoggedKey>, now = Date.now()): string {
  const list = [...keys].sort((a, b) => cmp(a.departmentId, b.departmentId) || cmp(a.registeredAt, b.registeredAt) || cmp(a.keyId, b.keyId));
  const doc: KeySet = {
    keys: list.map((k) => ({
      kid: k.keyId, kty: 'OKP', crv: 'Ed25519', x: k.x, alg: 'Ed25519', use: 'sig',
      departmentId: k.departmentId, created: k.registeredAt, validFrom: k.validFrom, validUntil: k.validUntil,
      revoked: k.revokedAt, revokedReason: k.revokedReason,
      status: k.revokedAt ? 'revoked' : k.validUntil && Date.parse(k.validUntil) < now ? 'expired' : 'active',
      log: k.log,
    })),
  };
  return docBytes(doc);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** /v1/log in the static tree: the whole log as one page (a static server ignores ?since). */
export function logPageBytes(entries: readonly LogEntry[], head: LogHead): string {
  const page: LogPage = { head, entries: [...entries], next: null };
  return docBytes(page);
}

export function platformKeyBytes(first: LogEntry, fingerprint: string): string | null {
  if (first.kind !== 'platform-key') return null;
  const key: PlatformKey = { kid: first.keyId, kty: 'OKP', crv: 'Ed25519', x: first.x, alg: 'Ed25519', use: 'sig', fingerprint };
  return docBytes(key);
}

/** The tombstone a withdrawn version leaves at its path (nginx answers 410 for its files): the log's words. */
export function tombstoneBytes(logged: LoggedVersion): string {
  const w = logged.withdrawn!;
  return docBytes({
    status: 'withdrawn', departmentId: logged.departmentId, year: logged.year, version: logged.version,
    withdrawnAt: w.at, reason: w.reason, manifestSha256: logged.manifestSha256, log: { seq: w.seq, hash: w.hash },
  });
}
