// Publication. The heavy work (rendering, hashing, compressing) happens before a number is given and
// touches nothing visible. Then the sequencer's commit gives the next number, renders the files that name
// it, and records the version, its files and its change-log entry in one transaction. The version's pack
// (one KV read per versioned URL) is written by the sequencer's alarm; until it lands, reads are answered
// from the sequencer. The request itself writes nothing to KV.
import type { CheckReport } from '../../core/checks/index.ts';
import type { Filing } from '../../core/model/filing.ts';
import type { Provenance } from '../../core/model/provenance.ts';
import { ORIGINAL_PATH } from '../../core/render/paths.ts';
import { renderVersionContent } from '../../core/render/version.ts';
import { sha256Hex, utf8 } from '../../core/signature/encoding.ts';
import { SUBMISSION_PATH, type ManifestFile, type StoredSignature } from '../../core/version/manifest.ts';
import { registry, type Env } from '../env.ts';
import { problem } from '../problem.ts';
import { encodePack } from '../storage/pack.ts';
import type { FindingsSummary } from '../storage/registry.ts';

export interface Submission {
  filing: Filing;
  body: Uint8Array<ArrayBuffer>;
  /** The body's sha-256 (hex), as the signature check computed it. */
  bodySha256: string;
  signature: StoredSignature;
  nonce: string;
  idempotencyKey: string | null;
  report: CheckReport;
  provenance?: Provenance;
  /** The report PDF the submission carried, its digest checked. */
  original?: { bytes: Uint8Array<ArrayBuffer>; sha256: string };
}

export interface PublishResult {
  status: number;
  body: string;
  replayed: boolean;
}

export async function publish(env: Env, s: Submission, origin: string): Promise<PublishResult> {
  const reg = registry(env);
  const keyId = s.signature.keyId;
  const requestSha256 = s.bodySha256;
  const begun = await reg.begin({ keyId, nonce: s.nonce, idempotencyKey: s.idempotencyKey, requestSha256, now: Date.now() });
  switch (begun.kind) {
    case 'idempotent':
      return { status: begun.status, body: begun.body, replayed: true };
    case 'replayed-nonce':
      return problem({ status: 401, type: 'replay', title: 'Replayed request', detail: `nonce "${s.nonce}" was already used: each signed request needs a fresh nonce`, headers: { 'www-authenticate': 'Signature' } });
    case 'idempotency-mismatch':
      return idempotencyMismatch(s.idempotencyKey);
    case 'in-progress':
      return problem({ status: 409, type: 'in-progress', title: 'Request in progress', detail: `a request with Idempotency-Key "${s.idempotencyKey}" is still being processed; retry shortly`, headers: { 'retry-after': '1' } });
  }
  let content: ManifestFile[];
  let filing: Filing;
  try {
    const rendered = renderVersionContent({ filing: s.filing, findings: s.report, ...(s.provenance ? { provenance: s.provenance } : {}) });
    filing = rendered.filing;
    const entries = [
      { path: SUBMISSION_PATH, mediaType: 'application/json', bytes: s.body.byteLength, sha256: requestSha256, body: s.body },
      ...(await Promise.all(rendered.files.map(async (f) => {
        const body = utf8.encode(f.body) as Uint8Array<ArrayBuffer>;
        return { path: f.path, mediaType: f.mediaType, bytes: body.byteLength, sha256: await sha256Hex(body), body };
      }))),
      ...(s.original ? [{ path: ORIGINAL_PATH, mediaType: 'application/pdf', bytes: s.original.bytes.byteLength, sha256: s.original.sha256, body: s.original.bytes }] : []),
    ];
    content = entries.map(({ body: _, ...file }) => file);
    // The bundle: every version-independent file in one pack.
    const bundle = encodePack(entries);

    let committed;
    try {
      committed = await reg.commit({
        keyId, idempotencyKey: s.idempotencyKey, requestSha256, content, bundle, signature: s.signature, findings: summarise(s.report), origin,
      });
    } catch (e) {
      // The commit may or may not have happened: say so, rather than "nothing is visible". Freeing the key is
      // safe either way (a commit records it as done), so a retry with it answers at once.
      await reg.abandon(keyId, s.idempotencyKey).catch(() => undefined);
      return problem({
        status: 503, type: 'storage', title: 'Outcome unknown',
        detail: `the sequencer did not answer the commit (${(e as Error).message}). Read ${origin}/v1/datasets/${filing.department.id}/${filing.year} to see whether it was published${s.idempotencyKey ? ', or retry with the same Idempotency-Key' : ''}.`,
        headers: { 'retry-after': '1' },
      });
    }
    if ('replayed' in committed) return { ...committed.replayed, replayed: true };
    if ('mismatch' in committed) return idempotencyMismatch(s.idempotencyKey);
    return { status: committed.response.status, body: committed.response.body, replayed: false };
  } catch (e) {
    await reg.abandon(keyId, s.idempotencyKey).catch(() => undefined);
    if (e instanceof Error && !('init' in e)) {
      problem({ status: 503, type: 'storage', title: 'Not published', detail: `preparing the version failed before it was committed; nothing is visible. Retry${s.idempotencyKey ? ' with the same Idempotency-Key' : ''}. (${e.message})`, headers: { 'retry-after': '1' } });
    }
    throw e;
  }
}

function idempotencyMismatch(key: string | null): never {
  return problem({ status: 422, type: 'idempotency-mismatch', title: 'Idempotency-Key reused', detail: `Idempotency-Key "${key}" was used before with a different body` });
}

export function summarise(report: CheckReport): FindingsSummary {
  const { error, warning, info, skipped, passed, unread } = report.summary;
  return { error, warning, info, skipped, passed, unread };
}
