// Publication. The heavy work (rendering, hashing, storing the bytes) happens before a number is
// given and touches nothing visible: the version-independent files go to KV as one content-addressed
// bundle. Then one synchronous sequencer commit gives the next number, renders the files that name
// it, and records the version and its change-log entry together. The public path copies (one KV read
// per versioned URL) are written after the answer; until they land, reads fall back to the bundle.
import type { CheckReport } from '../../core/checks/index.ts';
import type { Filing } from '../../core/model/filing.ts';
import { renderVersionContent } from '../../core/render/version.ts';
import { sha256Hex, utf8 } from '../../core/signature/encoding.ts';
import { SUBMISSION_PATH, type ManifestFile, type StoredSignature } from '../../core/version/manifest.ts';
import { registry, type Env } from '../env.ts';
import { problem } from '../problem.ts';
import { FileStore } from '../storage/files.ts';
import type { FindingsSummary } from '../storage/registry.ts';

export interface Submission {
  filing: Filing;
  body: Uint8Array<ArrayBuffer>;
  signature: StoredSignature;
  nonce: string;
  idempotencyKey: string | null;
  report: CheckReport;
}

export interface PublishResult {
  status: number;
  body: string;
  replayed: boolean;
}

export async function publish(env: Env, s: Submission, origin: string, waitUntil: (p: Promise<unknown>) => void): Promise<PublishResult> {
  const reg = registry(env);
  const keyId = s.signature.keyId;
  const begun = await reg.begin({ keyId, nonce: s.nonce, idempotencyKey: s.idempotencyKey, requestSha256: await sha256Hex(s.body), now: Date.now() });
  switch (begun.kind) {
    case 'idempotent':
      return { status: begun.status, body: begun.body, replayed: true };
    case 'replayed-nonce':
      return problem({ status: 401, type: 'replay', title: 'Replayed request', detail: `nonce "${s.nonce}" was already used: each signed request needs a fresh nonce`, headers: { 'www-authenticate': 'Signature' } });
    case 'idempotency-mismatch':
      return problem({ status: 422, type: 'idempotency-mismatch', title: 'Idempotency-Key reused', detail: `Idempotency-Key "${s.idempotencyKey}" was used before with a different body` });
    case 'in-progress':
      return problem({ status: 409, type: 'in-progress', title: 'Request in progress', detail: `a request with Idempotency-Key "${s.idempotencyKey}" is still being processed; retry shortly`, headers: { 'retry-after': '1' } });
  }
  const files = new FileStore(env.FILES);
  let content: { file: ManifestFile; body: string | Uint8Array<ArrayBuffer> }[];
  let filing: Filing;
  try {
    const rendered = renderVersionContent({ filing: s.filing, findings: s.report });
    filing = rendered.filing;
    content = await Promise.all([
      { path: SUBMISSION_PATH, mediaType: 'application/json', body: s.body as string | Uint8Array<ArrayBuffer> },
      ...rendered.files.map((f) => ({ path: f.path, mediaType: f.mediaType, body: f.body })),
    ].map(async (f) => {
      const bytes = typeof f.body === 'string' ? (utf8.encode(f.body) as Uint8Array<ArrayBuffer>) : f.body;
      return { file: { path: f.path, mediaType: f.mediaType, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) }, body: f.body };
    }));
    // The bundle: every version-independent file in one immutable, content-addressed KV value.
    const bundle = JSON.stringify(Object.fromEntries(content.map((c) => [c.file.path, typeof c.body === 'string' ? c.body : new TextDecoder().decode(c.body)])));
    const bundleSha256 = await sha256Hex(bundle);
    await files.putBlob(bundleSha256, bundle, { sha256: bundleSha256, mediaType: 'application/json', bytes: utf8.encode(bundle).byteLength });

    const committed = await reg.commit({
      keyId, idempotencyKey: s.idempotencyKey, filing, content: content.map((c) => c.file), bundleSha256, signature: s.signature, findings: summarise(s.report), origin,
    });
    const d = filing.department.id;
    const y = filing.year;
    const n = committed.version;
    const copies = [
      ...content.map((c) => files.putFile(d, y, n, c.file.path, c.body, { ...c.file, filename: downloadName(filing, n, c.file.path) })),
      ...committed.metadata.map((m) => files.putFile(d, y, n, m.path, m.body, { sha256: m.sha256, mediaType: m.mediaType, bytes: m.bytes, filename: downloadName(filing, n, m.path) })),
    ];
    waitUntil(Promise.all(copies).then(() => files.putLatest(d, y, n)).catch((e: Error) => console.warn(`${d}/${y} v${n}: path copies deferred to reads: ${e.message}`)));
    return { status: committed.response.status, body: committed.response.body, replayed: false };
  } catch (e) {
    await reg.abandon(keyId, s.idempotencyKey).catch(() => undefined);
    if (e instanceof Error && !('init' in e)) {
      problem({ status: 503, type: 'storage', title: 'Not published', detail: `storing the version failed before it was committed; nothing is visible. Retry${s.idempotencyKey ? ' with the same Idempotency-Key' : ''}. (${e.message})`, headers: { 'retry-after': '1' } });
    }
    throw e;
  }
}

export function summarise(report: CheckReport): FindingsSummary {
  const { error, warning, info, skipped, passed } = report.summary;
  return { error, warning, info, skipped, passed };
}

/** A download name a person recognises: 朔州市…局-2023-v1-公开01表-收入支出决算总表.csv */
export function downloadName(filing: Filing, version: number, path: string): string {
  const file = path.split('/').pop()!;
  const table = /^tables\/([a-z0-9-]+)\.(csv|json)$/.exec(path);
  const t = table ? filing.tables.find((x) => x.id === table[1]) : undefined;
  const what = t ? `${t.number ? t.number + '-' : ''}${t.title}.${table![2]}` : file;
  return `${filing.department.name}-${filing.year}-v${version}-${what}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
