// Strict Ed25519 (RFC 8032 §5.1.7 with the checks of "Taming the many EdDSAs", Chalkias et al. 2020):
// the one rule the Worker, the command line, mirrors and the portal verify with, so that a signature
// means the same thing everywhere, whatever WebCrypto the runtime has.
//   - A (public key) and R (first half of the signature): canonical encodings (y < p, and no "negative
//     zero": x = 0 with the sign bit set), points on the curve, and not of small order (the eight
//     points of the torsion subgroup, which let one fixed signature verify for many messages with no
//     private key: with A = 32 zero bytes, R = identity and S = 0, for 1 message in 4);
//   - S: canonical, 0 <= S < L;
//   - the cofactored equation [8][S]B = [8]R + [8][k]A (noble's verify with zip215: false).
// Registration goes further: a key must also be torsion-free (in the prime-order subgroup), which every
// key made by a real Ed25519 implementation is; it rules out keys whose signatures verify under a
// cofactored verifier and not under a cofactorless one.
// Pure JavaScript (@noble/curves, audited): the same answer in workerd, Node and every browser, with
// or without WebCrypto Ed25519, for a few milliseconds of CPU a verification.
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';

const P = 2n ** 255n - 19n;
/** The order of the prime-order subgroup. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The canonical encodings of the eight points of order 1, 2, 4 or 8: once an encoding is known canonical, small order is a lookup. */
const SMALL_ORDER = new Set<string>(ED25519_TORSION_SUBGROUP);

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Why a 32-byte point encoding is refused without decoding it (form, canonicity, small order), or null. */
function encodingProblem(bytes: Uint8Array, what: string): string | null {
  if (bytes.length !== 32) return `${what} is ${bytes.length} bytes, not 32`;
  const sign = (bytes[31]! & 0x80) !== 0;
  const y = littleEndian(bytes) & ((1n << 255n) - 1n);
  if (y >= P) return `${what} is not canonically encoded (y ≥ 2^255 − 19)`;
  // x = 0 only at y = ±1 (the points of order 1 and 2); their sign bit must be clear.
  if (sign && (y === 1n || y === P - 1n)) return `${what} is not canonically encoded (x = 0 with the sign bit set)`;
  if (SMALL_ORDER.has(hex(bytes))) return `${what} is a small-order point (order ≤ 8)`;
  return null;
}

function onCurve(bytes: Uint8Array): boolean {
  try {
    ed25519.Point.fromBytes(bytes, false);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why these 32 bytes may not be registered as an Ed25519 public key, or null: not canonical, not on
 * the curve, of small order, or with a small-order component.
 */
export function publicKeyProblem(raw: Uint8Array): string | null {
  const form = encodingProblem(raw, 'the public key');
  if (form) return form;
  let point;
  try {
    point = ed25519.Point.fromBytes(raw, false);
  } catch {
    return 'the public key is not a point on Ed25519';
  }
  if (!point.isTorsionFree()) return 'the public key has a small-order component (it is not in the prime-order subgroup)';
  return null;
}

/** Why the signature does not verify strictly over the message with the raw public key, or null when it does. */
export function strictSignatureProblem(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): string | null {
  const a = encodingProblem(publicKey, 'the public key');
  if (a) return a;
  if (signature.length !== 64) return `the signature is ${signature.length} bytes, not 64`;
  const r = signature.subarray(0, 32);
  const rProblem = encodingProblem(r, 'the signature’s R');
  if (rProblem) return rProblem;
  if (littleEndian(signature.subarray(32, 64)) >= L) return 'the signature’s S is not canonical (S ≥ L)';
  // Decodes A and R strictly (and refuses a small-order A once more) and checks the cofactored equation.
  let ok = false;
  try {
    ok = ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  if (ok) return null;
  if (!onCurve(publicKey)) return 'the public key is not a point on Ed25519';
  if (!onCurve(r)) return 'the signature’s R is not a point on Ed25519';
  return 'the Ed25519 signature does not verify';
}

/**
 * strictSignatureProblem, with the equation checked by WebCrypto where the runtime has Ed25519 (workerd,
 * Node, recent browsers): about a tenth of the CPU. The byte checks above are made first, so what WebCrypto
 * is given has a canonical A and R of large order and S < L; its cofactorless equation then implies the
 * cofactored one, so whatever it accepts the pure check accepts too. A refusal is explained by the pure
 * check, and a runtime without Ed25519 uses it throughout.
 */
export async function signatureProblem(publicKey: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>): Promise<string | null> {
  const a = encodingProblem(publicKey, 'the public key');
  if (a) return a;
  if (signature.length !== 64) return `the signature is ${signature.length} bytes, not 64`;
  const r = encodingProblem(signature.subarray(0, 32), 'the signature’s R');
  if (r) return r;
  if (littleEndian(signature.subarray(32, 64)) >= L) return 'the signature’s S is not canonical (S ≥ L)';
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    if (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message)) return null;
  } catch { /* no Ed25519 in this runtime's WebCrypto, or a key it will not import: the pure check decides */ }
  return strictSignatureProblem(publicKey, message, signature);
}
