// The API's documents from the ledger's records: a dataset (catalog item and document) and a version.
// The Worker answers with them, and a mirror renders the same documents from what it has verified (the
// manifest, the filing and the log), so that it needs no unsigned document from the server.
import type { Dataset } from '../contract/dataset.ts';
import type { DatasetItem } from '../contract/dataset-item.ts';
import { DATA_PACKAGE_PATH, FILING_PATH, MANIFEST_PATH } from '../contract/files.ts';
import type { LogRef } from '../contract/log.ts';
import type { Manifest } from '../contract/manifest.ts';
import { datasetPath, filePath, versionPath } from '../contract/urls.ts';
import type { VersionDocument, VersionFile } from '../contract/version.ts';
import type { VersionSummary } from '../contract/version-summary.ts';
import type { DatasetRecord, VersionRecord } from './records.ts';

export function versionSummary(r: VersionRecord): VersionSummary {
  return {
    version: r.version,
    publishedAt: r.publishedAt,
    status: r.status,
    // A withdrawal records both.
    ...(r.status === 'withdrawn' ? { withdrawnAt: r.withdrawnAt ?? undefined, withdrawnReason: r.withdrawnReason ?? undefined } : {}),
    sha256: r.manifestSha256,
    filingSha256: r.filingSha256,
    keyId: r.keyId,
    findings: r.findings,
    links: { self: versionPath(r.departmentId, r.year, r.version), manifest: filePath(r.departmentId, r.year, r.version, MANIFEST_PATH) },
  };
}

export function datasetItem(d: DatasetRecord): DatasetItem {
  const base = datasetPath(d.departmentId, d.year);
  return {
    id: `${d.departmentId}/${d.year}`,
    departmentId: d.departmentId,
    departmentName: d.departmentName,
    regionCode: d.regionCode,
    year: d.year,
    template: d.template,
    status: d.status,
    latestVersion: d.latestVersion,
    firstPublishedAt: d.firstPublishedAt,
    modifiedAt: d.modifiedAt,
    findings: d.findings,
    links: {
      self: base,
      latest: versionPath(d.departmentId, d.year, d.latestVersion),
      latestAlias: versionPath(d.departmentId, d.year, 'latest'),
      filing: filePath(d.departmentId, d.year, d.latestVersion, FILING_PATH),
      datapackage: filePath(d.departmentId, d.year, d.latestVersion, DATA_PACKAGE_PATH),
    },
  };
}

export function datasetDocument(d: DatasetRecord, versions: readonly VersionRecord[]): Dataset {
  return { ...datasetItem(d), versions: versions.map(versionSummary) };
}

/** Where the version's entries sit in the transparency log. */
export interface VersionLog {
  published: LogRef | null;
  withdrawn: LogRef | null;
}

/** The version document: the record, the files of its manifest (manifest.json itself last) and its log entries. */
export function versionDocument(r: VersionRecord, manifest: Manifest | null, manifestBytes: number, log: VersionLog): VersionDocument {
  const { departmentId: d, year: y, version: n } = r;
  const files: VersionFile[] = (manifest?.files ?? []).map((f) => ({ ...f, href: filePath(d, y, n, f.path) }));
  files.push({ path: MANIFEST_PATH, mediaType: 'application/json', bytes: manifestBytes, sha256: r.manifestSha256, href: filePath(d, y, n, MANIFEST_PATH) });
  const view = versionSummary(r);
  return { departmentId: d, year: y, ...view, corrects: manifest?.corrects ?? null, files, signature: manifest?.signature ?? null, log, links: { ...view.links, dataset: datasetPath(d, y) } };
}
