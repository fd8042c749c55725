// The signed submission, made in the browser as the command line makes it (src/cli/client.ts, submit/envelope.ts):
// the body is the filing (indented, as `gongkai import` writes it), or the envelope gongkai.submission/1 with the
// provenance and the report PDF, whose sha256 the signature then covers with the rest of the body; the headers
// are the core's (src/core/signature/request.ts): RFC 9421 Ed25519 over @method @target-uri content-type
// content-digest idempotency-key, RFC 9530 Content-Digest. The private key is a non-extractable CryptoKey.
import { toBase64, utf8, type Bytes } from '../../core/bytes.ts';
import type { DryRun } from '../../core/contract/dry-run.ts';
import type { ProblemDocument } from '../../core/contract/problem.ts';
import type { Receipt } from '../../core/contract/receipt.ts';
import { absolute, submissionsPath } from '../../core/contract/urls.ts';
import { sha256Hex } from '../../core/hash.ts';
import type { Filing } from '../../core/model/filing.ts';
import type { Provenance } from '../../core/model/provenance.ts';
import { SUBMISSION_FORMAT } from '../../core/model/submission.ts';
import { signedHeaders } from '../../core/signature/request.ts';
import type { StoredKey } from './keys.ts';

export interface Original {
  name: string;
  bytes: Uint8Array;
}

/** A file name the envelope accepts: no path, no control character, ending .pdf. */
export function originalName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f]/g, '_').trim() || 'report';
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}

export async function submissionBody(filing: Filing, extra: { provenance?: Provenance; original?: Original } = {}): Promise<Bytes> {
  if (!extra.original && !extra.provenance) return utf8.encode(JSON.stringify(filing, null, 2) + '\n') as Bytes;
  const body: Record<string, unknown> = { format: SUBMISSION_FORMAT, filing };
  if (extra.original) {
    const bytes = new Uint8Array(extra.original.bytes) as Bytes;
    body.original = { name: originalName(extra.original.name), mediaType: 'application/pdf', sha256: await sha256Hex(bytes), base64: toBase64(bytes) };
  }
  if (extra.provenance) body.provenance = extra.provenance;
  return utf8.encode(JSON.stringify(body)) as Bytes;
}

export type Outcome =
  | { kind: 'dry-run'; doc: DryRun }
  | { kind: 'receipt'; doc: Receipt; replayed: boolean }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'unreachable'; detail: string };

/** Sign the body with the key and POST it to this origin's submissions endpoint. */
export async function send(body: Bytes, key: StoredKey, dryRun: boolean): Promise<Outcome> {
  const url = absolute(location.origin, submissionsPath({ dryRun }));
  // A retry of the same bytes is the same submission: the command line's idempotency key, from the body's digest.
  const idempotencyKey = dryRun ? undefined : `submit-${(await sha256Hex(body)).slice(0, 32)}`;
  const headers = await signedHeaders({ method: 'POST', url, body, keyId: key.kid, privateKey: key.privateKey, ...(idempotencyKey ? { idempotencyKey } : {}) });
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    return { kind: 'unreachable', detail: (e as Error).message };
  }
  const text = await res.text();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (dryRun && res.status === 200) return { kind: 'dry-run', doc: doc as DryRun };
  if (!dryRun && res.status === 201) return { kind: 'receipt', doc: doc as Receipt, replayed: res.headers.has('idempotent-replayed') };
  const p = doc as Partial<ProblemDocument> & { errors?: { path: string; message: string }[] } | undefined;
  const errors = p?.errors?.length ? ' — ' + p.errors.slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`).join('; ') : '';
  return { kind: 'refused', status: res.status, detail: p?.title ? `${res.status} ${p.title}: ${p.detail ?? ''}${errors}` : `HTTP ${res.status}: ${text.slice(0, 300)}` };
}
