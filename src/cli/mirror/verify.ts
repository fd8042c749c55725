// The checks a mirror makes on a version's parts: the manifest against the sha256 the signed log names,
// each file against the manifest, and the department's signature over submission.json against the keys
// the log registered (offline, with the core's strict Ed25519 verifier, core/signature/strict.ts: a
// small-order or non-canonical key or R, or S ≥ L, never verifies).
import { parseManifest, type Manifest, type ManifestFile } from '../../core/contract/manifest.ts';
import { signatureProblem, type PublishedKey } from '../../core/version/verify.ts';
import { sha256Hex } from './tree.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The manifest, when its bytes are the ones `whose` names (by sha256) and it describes this version. */
export function checkManifest(body: Uint8Array, expectedSha256: string, who: { departmentId: string; year: number; version: number }, whose = 'the log\'s'): Checked<Manifest> {
  const actual = sha256Hex(body);
  if (actual !== expectedSha256) return { ok: false, problem: `sha256 ${actual} differs from ${whose} ${expectedSha256}` };
  const manifest = parseManifest(new TextDecoder().decode(body));
  if (!manifest) return { ok: false, problem: 'not a Gongkai manifest' };
  if (manifest.departmentId !== who.departmentId || manifest.year !== who.year || manifest.version !== who.version) {
    return { ok: false, problem: `it describes ${manifest.departmentId}/${manifest.year} version ${manifest.version}` };
  }
  return { ok: true, value: manifest };
}

/** Why the bytes are not the manifest's file, or null. */
export function fileProblem(body: Uint8Array, entry: ManifestFile): string | null {
  const actual = sha256Hex(body);
  if (actual !== entry.sha256) return `sha256 ${actual} differs from the manifest's ${entry.sha256} (${body.byteLength} bytes, manifest says ${entry.bytes})`;
  if (body.byteLength !== entry.bytes) return `${body.byteLength} bytes, the manifest says ${entry.bytes}`;
  return null;
}

/**
 * Why the version's signature does not prove its authorship, or null. A key revoked after the
 * version was published still vouches for it; one revoked before, or outside its validity, does not.
 */
export async function versionSignatureProblem(manifest: Manifest, submission: Uint8Array, keys: ReadonlyMap<string, PublishedKey>): Promise<string | null> {
  const key = keys.get(manifest.signature.keyId);
  const at = Date.parse(manifest.publishedAt);
  if (key?.revokedAt && Date.parse(key.revokedAt) <= at) return `key ${key.keyId} was revoked at ${key.revokedAt}, before the version was published (${manifest.publishedAt})`;
  if (key?.validFrom && Date.parse(key.validFrom) > at) return `key ${key.keyId} was not yet valid when the version was published`;
  if (key?.validUntil && Date.parse(key.validUntil) < at) return `key ${key.keyId} had expired when the version was published`;
  return signatureProblem(manifest.signature, submission as Uint8Array<ArrayBuffer>, key, manifest.departmentId);
}
