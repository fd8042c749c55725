// Offline verification of a version's signature, for mirrors and for anyone holding the files.
import { sha256FromContentDigest } from '../signature/digest.ts';
import type { Bytes } from '../bytes.ts';
import { sha256 } from '../hash.ts';
import { rawPublicKey } from '../signature/keys.ts';
import { baseSignatureProblem, parseSignature, signatureBase } from '../signature/message.ts';
import type { StoredSignature } from '../contract/manifest.ts';

export interface PublishedKey {
  keyId: string;
  departmentId: string;
  x: string;
  validFrom: string | null;
  validUntil: string | null;
  revokedAt: string | null;
}

/** Why a stored signature does not verify, or null when it does. */
export async function signatureProblem(sig: StoredSignature, submission: Bytes, key: PublishedKey | undefined, departmentId: string): Promise<string | null> {
  if (!key) return `key ${sig.keyId} is not in the published key list`;
  if (key.departmentId !== departmentId) return `key ${sig.keyId} belongs to ${key.departmentId}, not ${departmentId}`;
  const digestHeader = sig.components['content-digest'];
  if (!digestHeader) return 'the signature does not cover content-digest';
  const claimed = sha256FromContentDigest(digestHeader);
  const actual = await sha256(submission);
  if (!claimed || claimed.length !== actual.length || claimed.some((b, i) => b !== actual[i])) return 'submission.json does not match the signed Content-Digest';
  let parsed;
  try {
    parsed = parseSignature(sig.signatureInput, sig.signature, sig.label);
  } catch (e) {
    return (e as Error).message;
  }
  if (parsed.params.keyid !== sig.keyId) return 'the stored key id differs from the signed keyid';
  const method = sig.components['@method'] ?? '';
  const targetUri = sig.components['@target-uri'] ?? '';
  let base: string;
  try {
    base = signatureBase({ method, targetUri, headers: sig.components }, parsed.params.components, parsed.serializedParams);
  } catch (e) {
    return (e as Error).message;
  }
  // Strict Ed25519 (signature/strict.ts): a small-order or non-canonical key or R, or S ≥ L, is refused.
  const refused = await baseSignatureProblem(rawPublicKey(key.x), base, parsed.signature);
  return refused ? `${refused} (key ${sig.keyId})` : null;
}
