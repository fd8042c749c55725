// Verifying a version in the browser: the department's Ed25519 signature over submission.json
// (signatureProblem, the same pure function mirrors use; it verifies with core/signature/strict.ts, the
// strict rule of the Worker and the command line too, not with the browser's WebCrypto), the manifest's
// digest against the one the catalog announces, and filing.json against the canonical form of the
// signed submission.
import { FILING_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { Manifest } from '../../core/contract/manifest.ts';
import { signatureProblem, type PublishedKey } from '../../core/version/verify.ts';
import { sha256Hex } from '../../core/hash.ts';
import { filePath, getBytes, type PublicKeyInfo, type VersionInfo } from '../api.ts';
import { canonicalFilingSha256 } from './canonical.ts';

export interface Verification {
  /** null when the signature verifies; otherwise why not. */
  problem: string | null;
  keyId: string;
  key?: PublicKeyInfo;
  /** manifest.json has the SHA-256 the catalog gives for the version. */
  manifest: boolean;
  /** filing.json (what the page shows) is the canonical form of the signed submission; null when unknown. */
  canonical: boolean | null;
  manifestData: Manifest;
}

export async function verifyVersion(departmentId: string, year: number, version: VersionInfo, keys: Promise<PublicKeyInfo[]>, filingBytes: Uint8Array<ArrayBuffer>): Promise<Verification> {
  const n = version.version;
  const [manifestBytes, submission, list] = await Promise.all([
    getBytes(filePath(departmentId, year, n, MANIFEST_PATH)),
    getBytes(filePath(departmentId, year, n, SUBMISSION_PATH)),
    keys,
  ]);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  const sig = manifest.signature;
  const info = list.find((k) => k.kid === sig.keyId);
  const key: PublishedKey | undefined = info && { keyId: info.kid, departmentId: info.departmentId, x: info.x, validFrom: info.validFrom, validUntil: info.validUntil, revokedAt: info.revoked };
  const problem = await signatureProblem(sig, submission, key, departmentId);
  const manifestOk = (await sha256Hex(manifestBytes)) === version.sha256;
  let canonical: boolean | null = null;
  try {
    const filingSha = await sha256Hex(filingBytes);
    const listed = manifest.files.find((f) => f.path === FILING_PATH)?.sha256;
    const fromSubmission = await canonicalFilingSha256(new TextDecoder().decode(submission));
    canonical = filingSha === manifest.filingSha256 && listed === filingSha && fromSubmission === filingSha;
  } catch {
    canonical = null;
  }
  return { problem, keyId: sig.keyId, ...(info ? { key: info } : {}), manifest: manifestOk, canonical, manifestData: manifest };
}
