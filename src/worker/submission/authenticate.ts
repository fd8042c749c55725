// Who signed this request, and did they? RFC 9421 with Ed25519, RFC 9530 Content-Digest.
import { sha256FromContentDigest } from '../../core/signature/digest.ts';
import { toHex } from '../../core/bytes.ts';
import { sha256 } from '../../core/hash.ts';
import { rawPublicKey } from '../../core/signature/keys.ts';
import { componentValue, parseSignature, REQUIRED_COMPONENTS, signatureBase, SignatureFormatError, baseSignatureProblem, type ParsedSignature } from '../../core/signature/message.ts';
import { SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { StoredSignature } from '../../core/contract/manifest.ts';
import { problem } from '../problem.ts';
import { keyRefusal, type KeyRecord } from '../../core/ledger/records.ts';

export const CLOCK_SKEW_SECONDS = 300;

const unauthorized = (detail: string, type = 'bad-signature') =>
  problem({ status: 401, type, title: 'Signature required', detail, headers: { 'www-authenticate': 'Signature' } });

/** Parse and vet the signature's form; no key or body needed yet. */
export function readSignature(request: Request, now: number): ParsedSignature & { keyid: string; nonce: string } {
  const input = request.headers.get('signature-input');
  const signature = request.headers.get('signature');
  if (!input || !signature) unauthorized('the request carries no Signature-Input and Signature headers (RFC 9421)');
  let parsed: ParsedSignature;
  try {
    parsed = parseSignature(input!, signature!);
  } catch (e) {
    if (e instanceof SignatureFormatError) unauthorized(e.message);
    throw e;
  }
  const { params } = parsed!;
  const missing = REQUIRED_COMPONENTS.filter((c) => !params.components.includes(c));
  if (missing.length) unauthorized(`the signature must cover ${REQUIRED_COMPONENTS.map((c) => `"${c}"`).join(' ')}; it lacks ${missing.map((c) => `"${c}"`).join(' ')}`);
  // A retry may repeat its nonce under the same Idempotency-Key: so the key must be signed, or a captured
  // request could be replayed under a new one.
  if (request.headers.has('idempotency-key') && !params.components.includes('idempotency-key')) {
    unauthorized('an Idempotency-Key must be covered by the signature ("idempotency-key" in Signature-Input)');
  }
  if (params.alg !== undefined && params.alg !== 'ed25519') unauthorized(`algorithm "${params.alg}" is not accepted; use ed25519`);
  if (!params.keyid) unauthorized('the signature has no keyid parameter');
  if (!params.nonce || params.nonce.length < 8 || params.nonce.length > 128) unauthorized('the signature needs a nonce parameter of 8 to 128 characters');
  if (params.created === undefined) unauthorized('the signature has no created parameter');
  const skew = Math.abs(now / 1000 - params.created!);
  if (skew > CLOCK_SKEW_SECONDS) {
    unauthorized(`the signature was created ${Math.round(skew)} s away from the server's clock; the window is ±${CLOCK_SKEW_SECONDS} s (refused as a possible replay)`, 'replay');
  }
  if (params.expires !== undefined && params.expires < now / 1000) unauthorized('the signature has expired', 'replay');
  return { ...parsed!, keyid: params.keyid!, nonce: params.nonce! };
}

/** Refuse a key that may not sign now. */
export function vetKey(key: KeyRecord | null, keyid: string, now: number): KeyRecord {
  const refusal = keyRefusal(key, keyid, now);
  if (refusal) problem({ status: 403, type: 'key-refused', title: 'Key not allowed', detail: refusal });
  return key!;
}

/**
 * Verify the signature over the request and the body's digest. Returns what a mirror needs to re-verify it,
 * and the body's sha-256 (hex), which the publication reuses rather than hashing the body again.
 */
export async function verifyRequest(request: Request, body: Uint8Array<ArrayBuffer>, sig: ParsedSignature, key: KeyRecord): Promise<{ signature: StoredSignature; bodySha256: string }> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const message = { method: request.method, targetUri: request.url, headers };
  let base: string;
  try {
    base = signatureBase(message, sig.params.components, sig.serializedParams);
  } catch (e) {
    return unauthorized((e as Error).message);
  }
  const refused = await baseSignatureProblem(rawPublicKey(key.x), base, sig.signature);
  if (refused) unauthorized(`${refused} (key "${key.keyId}", over ${sig.params.components.join(' ')}; strict Ed25519)`);
  const claimed = sha256FromContentDigest(headers['content-digest'] ?? '');
  if (!claimed) problem({ status: 400, type: 'bad-digest', title: 'Bad Content-Digest', detail: 'Content-Digest must carry a sha-256 member (RFC 9530), e.g. sha-256=:…:' });
  const actual = await sha256(body);
  if (claimed!.length !== actual.length || claimed!.some((b, i) => b !== actual[i])) {
    problem({ status: 400, type: 'bad-digest', title: 'Content-Digest mismatch', detail: 'the body does not match its Content-Digest: it was altered or truncated' });
  }
  const components: Record<string, string> = {};
  for (const name of sig.params.components) components[name] = componentValue(message, name);
  const signature: StoredSignature = {
    algorithm: 'ed25519',
    keyId: key.keyId,
    label: sig.label,
    signatureInput: request.headers.get('signature-input') ?? '',
    signature: request.headers.get('signature') ?? '',
    components,
    signedFile: SUBMISSION_PATH,
  };
  return { signature, bodySha256: toHex(actual) };
}
