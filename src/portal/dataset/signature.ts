// Verifying a version in the browser, with the strict Ed25519 rule of the Worker and the command line
// (core/signature/strict.ts), not the browser's own WebCrypto rule:
// - the transparency log's entry for the version, sealed by the platform key, names the manifest's SHA-256;
// - the log's entry registering the department's key gives the key (not /v1/keys), and its revocation if any;
// - the department's signature over submission.json verifies under that key;
// - filing.json (what the page shows) is the canonical form of the signed submission.
// The platform key comes from this same server here: the page proves the files agree with the signed log,
// a mirror that pins the key out of band (gongkai mirror --trust) proves it against the server too.
import type { LogEntry, PlatformKey } from '../../core/contract/log.ts';
import { FILING_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { Manifest } from '../../core/contract/manifest.ts';
import { LOG_KEY_PATH, logEntryPath } from '../../core/contract/urls.ts';
import type { VersionDocument } from '../../core/contract/version.ts';
import { sealProblem } from '../../core/log/chain.ts';
import { signatureProblem, type PublishedKey } from '../../core/version/verify.ts';
import { sha256Hex } from '../../core/hash.ts';
import { filePath, getBytes, getJson, versionPath, type PublicKeyInfo, type VersionInfo } from '../api.ts';
import { canonicalFilingSha256 } from './canonical.ts';

export interface LogCheck {
  /** null when the version's and the key's entries are sealed by the platform key and agree with the files. */
  problem: string | null;
  platformFingerprint: string;
  versionSeq: number | null;
  keySeq: number | null;
}

export interface Verification {
  /** null when the signature verifies; otherwise why not. */
  problem: string | null;
  keyId: string;
  key?: PublicKeyInfo;
  /** manifest.json has the SHA-256 the catalog gives for the version. */
  manifest: boolean;
  /** filing.json (what the page shows) is the canonical form of the signed submission; null when unknown. */
  canonical: boolean | null;
  log: LogCheck;
  manifestData: Manifest;
}

export async function verifyVersion(departmentId: string, year: number, version: VersionInfo, keys: Promise<PublicKeyInfo[]>, filingBytes: Uint8Array<ArrayBuffer>): Promise<Verification> {
  const n = version.version;
  const [manifestBytes, submission, list, doc, platform] = await Promise.all([
    getBytes(filePath(departmentId, year, n, MANIFEST_PATH)),
    getBytes(filePath(departmentId, year, n, SUBMISSION_PATH)),
    keys,
    getJson<VersionDocument>(versionPath(departmentId, year, n)),
    getJson<PlatformKey>(LOG_KEY_PATH),
  ]);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  const manifestSha = await sha256Hex(manifestBytes);
  const sig = manifest.signature;
  const info = list.find((k) => k.kid === sig.keyId);
  const checked = await checkLog(platform, doc, info, manifestSha, { departmentId, year, version: n, keyId: sig.keyId });
  const problem = checked.key ? await signatureProblem(sig, submission, checked.key, departmentId) : `key ${sig.keyId} has no verified registration in the transparency log`;
  let canonical: boolean | null = null;
  try {
    const filingSha = await sha256Hex(filingBytes);
    const listed = manifest.files.find((f) => f.path === FILING_PATH)?.sha256;
    const fromSubmission = await canonicalFilingSha256(new TextDecoder().decode(submission));
    canonical = filingSha === manifest.filingSha256 && listed === filingSha && fromSubmission === filingSha;
  } catch {
    canonical = null;
  }
  return { problem, keyId: sig.keyId, ...(info ? { key: info } : {}), manifest: manifestSha === version.sha256, canonical, log: checked.log, manifestData: manifest };
}

async function entry(seq: number | undefined): Promise<LogEntry | null> {
  return seq === undefined ? null : getJson<LogEntry>(logEntryPath(seq)).catch(() => null);
}

/** The version's and the key's log entries, each sealed by the platform key; the key as the log registered it. */
async function checkLog(
  platform: PlatformKey, doc: VersionDocument, info: PublicKeyInfo | undefined, manifestSha: string,
  want: { departmentId: string; year: number; version: number; keyId: string },
): Promise<{ log: LogCheck; key: PublishedKey | null }> {
  const [published, registered, revoked] = await Promise.all([entry(doc.log?.published?.seq), entry(info?.log?.registered?.seq), entry(info?.log?.revoked?.seq)]);
  const log: LogCheck = { problem: null, platformFingerprint: platform.fingerprint, versionSeq: published?.seq ?? null, keySeq: registered?.seq ?? null };
  const fail = (problem: string) => ({ log: { ...log, problem }, key: null });
  if (!published) return fail('the transparency log has no entry for this version');
  const sealed = (await sealProblem(published, platform.x)) ?? (registered ? await sealProblem(registered, platform.x) : null) ?? (revoked ? await sealProblem(revoked, platform.x) : null);
  if (sealed) return fail(sealed);
  if (published.kind !== 'version-published' || published.departmentId !== want.departmentId || published.year !== want.year || published.version !== want.version) return fail(`log entry ${published.seq} is not this version's publication`);
  if (published.manifestSha256 !== manifestSha) return fail(`log entry ${published.seq} names another manifest (${published.manifestSha256})`);
  if (!registered || registered.kind !== 'key-registered' || registered.keyId !== want.keyId) return { log: { ...log, problem: `the transparency log has no registration of key ${want.keyId}` }, key: null };
  if (registered.seq > published.seq) return fail(`key ${want.keyId} was registered (entry ${registered.seq}) after the version (entry ${published.seq})`);
  const revokedAt = revoked?.kind === 'key-revoked' && revoked.keyId === want.keyId ? revoked.at : null;
  return { log, key: { keyId: registered.keyId, departmentId: registered.departmentId, x: registered.x, validFrom: registered.validFrom, validUntil: registered.validUntil, revokedAt } };
}
