// The transparency log's chain, pure: an entry's canonical text, its hash, its platform signature, and the
// checks a verifier makes on each entry (sequence, link to the one before, hash, strict Ed25519). The
// Registry seals entries with these functions; mirrors, `gongkai verify` and the portal check them.
import * as v from 'valibot';
import { fromBase64Url, toBase64Url, toHex, utf8, type Bytes } from '../bytes.ts';
import { sha256, sha256Hex } from '../hash.ts';
import { LOG_FORMAT, LogEntrySchema, type LogBody, type LogEntry, type LogHead, type UnsignedEntry } from '../contract/log.ts';
import { signatureProblem } from '../signature/strict.ts';

export const EMPTY_HEAD: LogHead = { size: 0, hash: null };

/** The members in sorted order at every depth: one text per entry, whatever order a producer wrote. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** What the hash covers: every member but hash and signature. */
export function canonicalText(e: UnsignedEntry | LogEntry): string {
  const { hash: _h, signature: _s, ...rest } = e as LogEntry;
  return canonicalJson(rest);
}

/** What the platform signs: the format as a domain separator, then the canonical text. */
export const signedBytes = (text: string): Bytes => utf8.encode(`${LOG_FORMAT}\n${text}`) as Bytes;

export type Signer = (message: Bytes) => Promise<Bytes>;

/** The next entry after `head`, hashed and signed. */
export async function sealEntry(head: LogHead, at: string, body: LogBody, sign: Signer): Promise<LogEntry> {
  const unsigned = { format: LOG_FORMAT, seq: head.size + 1, at, prev: head.hash, ...body } as UnsignedEntry;
  const text = canonicalText(unsigned);
  const [hash, signature] = await Promise.all([sha256Hex(text), sign(signedBytes(text))]);
  return { ...unsigned, hash, signature: toBase64Url(signature) } as LogEntry;
}

/** A signer over a private JWK's key (WebCrypto Ed25519; the key is not extractable). */
export async function jwkSigner(jwk: { x: string; d: string }): Promise<Signer> {
  const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, { name: 'Ed25519' }, false, ['sign']);
  return async (message) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, message)) as Bytes;
}

/** A public key's fingerprint: "sha256:" and the SHA-256 of its 32 raw bytes. */
export async function fingerprint(x: string): Promise<string> {
  return `sha256:${toHex(await sha256(fromBase64Url(x)))}`;
}

/** An entry as received: checked against the schema (an unknown member or kind is refused). */
export function parseEntry(doc: unknown): { ok: true; entry: LogEntry } | { ok: false; problem: string } {
  const r = v.safeParse(LogEntrySchema, doc);
  if (r.success) return { ok: true, entry: r.output };
  const i = r.issues[0];
  return { ok: false, problem: `not a log entry: ${v.getDotPath(i) ?? '/'}: ${i.message}` };
}

/**
 * Why `entry` is not the signed successor of `head`, or null. `platformX` is the key the log is pinned to:
 * the first entry must name it, and every entry must verify under it (strict Ed25519).
 */
export async function entryProblem(entry: LogEntry, head: LogHead, platformX: string): Promise<string | null> {
  if (entry.seq !== head.size + 1) return `entry ${entry.seq} follows entry ${head.size}: the log skips or repeats`;
  if (entry.prev !== head.hash) {
    return head.size === 0 ? 'the first entry names a previous entry' : `entry ${entry.seq} does not extend entry ${head.size} (prev ${entry.prev}, expected ${head.hash})`;
  }
  if (entry.seq === 1 && (entry.kind !== 'platform-key' || entry.x !== platformX)) {
    return entry.kind !== 'platform-key' ? 'the first entry does not name the platform key' : `the log is signed by platform key ${await fingerprint(entry.x)}, not the trusted ${await fingerprint(platformX)}`;
  }
  if (entry.seq > 1 && entry.kind === 'platform-key') return `entry ${entry.seq} names another platform key; this log has one`;
  return sealProblem(entry, platformX);
}

/** Why the entry's hash or platform signature (strict Ed25519) is not right, or null: an entry checked on its own. */
export async function sealProblem(entry: LogEntry, platformX: string): Promise<string | null> {
  const text = canonicalText(entry);
  if ((await sha256Hex(text)) !== entry.hash) return `entry ${entry.seq}'s hash is not the hash of its content`;
  const problem = await signatureProblem(fromBase64Url(platformX), signedBytes(text), fromBase64Url(entry.signature));
  return problem ? `entry ${entry.seq}'s platform signature does not verify: ${problem}` : null;
}

export const headOf = (entry: LogEntry): LogHead => ({ size: entry.seq, hash: entry.hash });

/**
 * Why the server's log cannot be the one a verifier holds (`held`), judged from the head the server
 * reports and the first entry after `held` it gives: a reset (shorter), a rewrite (same length, another
 * head) or a fork (the next entry does not extend `held`). Null when it may extend it.
 */
export function continuityProblem(held: LogHead, served: LogHead, next: LogEntry | undefined): string | null {
  if (held.size === 0) return null;
  if (served.size < held.size) {
    return `the server's log has ${served.size} entries, but this copy verified ${held.size}: the server's store was reset or its log rewritten; refusing to go on`;
  }
  if (served.size === held.size && served.hash !== held.hash) {
    return `the server's log head at entry ${served.size} is ${served.hash}, but this copy verified ${held.hash}: the log was rewritten; refusing to go on`;
  }
  if (next && next.prev !== held.hash) {
    return `entry ${next.seq} does not extend entry ${held.size} that this copy verified (prev ${next.prev}, verified ${held.hash}): the log forked; refusing to go on`;
  }
  return null;
}
