// Publication: reserve the next number, render and store every file content-addressed, commit the
// version and its change-log entry in one sequencer transaction, then expose the files at their paths.
// A failure before the commit leaves nothing visible; a failure after it is repaired on read.
import type { CheckReport } from '../../core/checks/index.ts';
import type { Filing } from '../../core/model/filing.ts';
import { renderVersionFiles } from '../../core/render/index.ts';
import type { RenderedFile } from '../../core/render/types.ts';
import { sha256Hex, utf8 } from '../../core/signature/encoding.ts';
import { MANIFEST_FORMAT, MANIFEST_PATH, serializeManifest, SUBMISSION_PATH, type Manifest, type StoredSignature } from '../../core/version/manifest.ts';
import { registry, type Env } from '../env.ts';
import { problem } from '../problem.ts';
import { FileStore } from '../storage/files.ts';
import type { FindingsSummary, ReserveResult } from '../storage/registry.ts';

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

export async function publish(env: Env, s: Submission, origin: string): Promise<PublishResult> {
  const reg = registry(env);
  const { filing } = s;
  const d = filing.department.id;
  const y = filing.year;
  const requestSha256 = await sha256Hex(s.body);
  const reserved: ReserveResult = await reg.reserve({
    departmentId: d, year: y, keyId: s.signature.keyId, nonce: s.nonce, idempotencyKey: s.idempotencyKey, requestSha256, now: Date.now(),
  });
  switch (reserved.kind) {
    case 'idempotent':
      return { status: reserved.status, body: reserved.body, replayed: true };
    case 'replayed-nonce':
      return problem({ status: 401, type: 'replay', title: 'Replayed request', detail: `nonce "${s.nonce}" was already used: each signed request needs a fresh nonce`, headers: { 'www-authenticate': 'Signature' } });
    case 'idempotency-mismatch':
      return problem({ status: 422, type: 'idempotency-mismatch', title: 'Idempotency-Key reused', detail: `Idempotency-Key "${s.idempotencyKey}" was used before with a different body` });
    case 'in-progress':
      return problem({ status: 409, type: 'in-progress', title: 'Request in progress', detail: `a request with Idempotency-Key "${s.idempotencyKey}" is still being processed; retry shortly`, headers: { 'retry-after': '1' } });
    case 'busy':
      return problem({ status: 503, type: 'busy', title: 'Dataset busy', detail: `other submissions for ${d}/${y} are being published; retry shortly`, headers: { 'retry-after': '2' } });
  }
  const { lease, version, publishedAt } = reserved;
  const files = new FileStore(env.FILES);
  try {
    const rendered: RenderedFile[] = await renderVersionFiles({
      filing, findings: s.report, context: { departmentId: d, year: y, version, publishedAt, ...(version > 1 ? { corrects: version - 1 } : {}) },
    });
    const bodies = new Map<string, { bytes: Uint8Array; mediaType: string }>();
    bodies.set(SUBMISSION_PATH, { bytes: s.body, mediaType: 'application/json' });
    for (const f of rendered) bodies.set(f.path, { bytes: utf8.encode(f.body), mediaType: f.mediaType });
    const entries = await Promise.all(
      [...bodies].map(async ([path, b]) => ({ path, mediaType: b.mediaType, bytes: b.bytes.byteLength, sha256: await sha256Hex(b.bytes as Uint8Array<ArrayBuffer>), body: b.bytes })),
    );
    const filingEntry = entries.find((e) => e.path === 'filing.json');
    const manifest: Manifest = {
      format: MANIFEST_FORMAT, departmentId: d, year: y, version, publishedAt, ...(version > 1 ? { corrects: version - 1 } : {}),
      filingSha256: filingEntry?.sha256 ?? '', files: entries.map(({ path, mediaType, bytes, sha256 }) => ({ path, mediaType, bytes, sha256 })), signature: s.signature,
    };
    const manifestText = serializeManifest(manifest);
    const manifestBytes = utf8.encode(manifestText) as Uint8Array<ArrayBuffer>;
    const manifestSha256 = await sha256Hex(manifestBytes);
    entries.push({ path: MANIFEST_PATH, mediaType: 'application/json', bytes: manifestBytes.byteLength, sha256: manifestSha256, body: manifestBytes });

    // 1. content-addressed blobs: invisible until the commit names them
    await Promise.all(entries.map((e) => files.putBlob(e.sha256, e.body, { sha256: e.sha256, mediaType: e.mediaType, bytes: e.bytes })));

    // 2. the commit: number, version row and change-log entry in one transaction
    const summary = summarise(s.report);
    const response = JSON.stringify(receipt(origin, d, y, version, publishedAt, manifestSha256, summary), null, 2) + '\n';
    const committed = await reg.commit({
      lease,
      dataset: { departmentId: d, departmentName: filing.department.name, regionCode: filing.department.regionCode, year: y, template: filing.template },
      filingSha256: manifest.filingSha256, manifest: manifestText, manifestSha256, findings: summary, response: { status: 201, body: response },
    });
    if (!committed.ok) problem({ status: 503, type: 'storage', title: 'Not published', detail: committed.reason, headers: { 'retry-after': '1' } });

    // 3. public paths (one KV read per versioned URL); a failure here is repaired on read from the blobs
    try {
      await Promise.all(entries.map((e) => files.putFile(d, y, version, e.path, e.body, { sha256: e.sha256, mediaType: e.mediaType, bytes: e.bytes, filename: downloadName(filing, version, e.path) })));
      await files.putLatest(d, y, version);
    } catch (e) {
      console.warn(`published ${d}/${y} v${version}; path copies deferred: ${(e as Error).message}`);
    }
    return { status: 201, body: response, replayed: false };
  } catch (e) {
    await reg.abandon(lease).catch(() => undefined);
    throw e;
  }
}

export function summarise(report: CheckReport): FindingsSummary {
  const { error, warning, info, skipped, passed } = report.summary;
  return { error, warning, info, skipped, passed };
}

function receipt(origin: string, d: string, y: number, n: number, publishedAt: string, manifestSha256: string, findings: FindingsSummary) {
  const base = `${origin}/v1/datasets/${d}/${y}`;
  return {
    status: n === 1 ? 'published' : 'corrected',
    departmentId: d,
    year: y,
    version: n,
    publishedAt,
    manifestSha256,
    findings,
    links: { self: `${base}/versions/${n}`, dataset: base, manifest: `${base}/versions/${n}/manifest.json`, findings: `${base}/versions/${n}/findings.json` },
  };
}

/** A download name a person recognises: 朔州市…局-2023-v1-公开01表-收入支出决算总表.csv */
export function downloadName(filing: Filing, version: number, path: string): string {
  const file = path.split('/').pop()!;
  const table = /^tables\/([a-z0-9-]+)\.(csv|json)$/.exec(path);
  const t = table ? filing.tables.find((x) => x.id === table[1]) : undefined;
  const what = t ? `${t.number ? t.number + '-' : ''}${t.title}.${table![2]}` : file;
  return `${filing.department.name}-${filing.year}-v${version}-${what}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
