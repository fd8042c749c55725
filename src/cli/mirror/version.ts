// A version checked whole before any of it is kept, from its pack (GET /v1/packs/{d}/{y}/{n}, one request)
// or from what an earlier run left on disk: manifest.json is the one the signed log names (its sha256),
// for this version and time; the files are exactly the manifest's, each with its sha256 and size; and the
// department's signature over submission.json verifies under a key the log registered for the department
// before the version's entry, valid and not revoked when the version was published. The pack's own
// header (paths, digests, media types) is never trusted: only the bytes and the manifest are.
import * as v from 'valibot';
import { FILING_PATH, FINDINGS_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { Manifest } from '../../core/contract/manifest.ts';
import { FindingsSummarySchema, findingsSummary, type VersionRecord } from '../../core/ledger/records.ts';
import type { LoggedKey, LoggedVersion } from '../../core/log/replay.ts';
import { reproduceVersion } from '../../core/version/reproduce.ts';
import { parseJson } from './source.ts';
import type { Names } from './state.ts';
import { INDEX, TOMBSTONE } from './tree.ts';
import { checkManifest, fileProblem, versionSignatureProblem } from './verify.ts';

/** The files of a version as some source has them: a pack, or a directory. */
export interface FileSet {
  paths(): string[];
  get(path: string): Uint8Array | undefined;
}

export interface VerifiedVersion {
  manifest: Manifest;
  /** Every file, manifest.json included, by path. */
  files: Map<string, Uint8Array>;
  record: VersionRecord;
  names: Names;
}

const FilingNamesSchema = v.object({ department: v.object({ name: v.string(), regionCode: v.string() }), template: v.string() });
const FindingsSchema = v.object({ summary: v.object({ ...FindingsSummarySchema.entries }) });

const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]+$/;

export type Verification = { ok: true; version: VerifiedVersion } | { ok: false; problem: string };

export interface VerifyOptions {
  /**
   * Re-derive every file from the signed submission.json with this release's renderers and checks, and
   * refuse a version whose files differ (core/version/reproduce.ts): then not even the platform key's
   * holder can alter a table of a genuine submission. Off by default: a version rendered by another
   * release of Gongkai may differ without anyone having altered it.
   */
  reproduce?: boolean;
}

export async function verifyVersion(set: FileSet, entry: LoggedVersion, keys: ReadonlyMap<string, LoggedKey>, o: VerifyOptions = {}): Promise<Verification> {
  const refuse = (problem: string): Verification => ({ ok: false, problem });
  const manifestBody = set.get(MANIFEST_PATH);
  if (!manifestBody) return refuse(`it has no ${MANIFEST_PATH}`);
  const checked = checkManifest(manifestBody, entry.manifestSha256, entry, `the log's (entry ${entry.seq})`);
  if (!checked.ok) return refuse(`${MANIFEST_PATH}: ${checked.problem}`);
  const manifest = checked.value;
  if (manifest.publishedAt !== entry.publishedAt) return refuse(`${MANIFEST_PATH} says it was published at ${manifest.publishedAt}, the log (entry ${entry.seq}) at ${entry.publishedAt}`);

  // Exactly the manifest's files: one more could be served beside verified ones, one fewer is not the version.
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (listed.size !== manifest.files.length) return refuse(`${MANIFEST_PATH} lists a path twice`);
  for (const path of listed.keys()) {
    if (!SAFE_PATH.test(path) || path === INDEX || path === TOMBSTONE || path === MANIFEST_PATH) return refuse(`${MANIFEST_PATH} lists ${JSON.stringify(path)}, a path a mirror does not write`);
  }
  const extra = set.paths().filter((p) => p !== MANIFEST_PATH && !listed.has(p));
  if (extra.length) return refuse(`it holds ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''}, which the manifest does not list`);
  if (listed.get(FILING_PATH)?.sha256 !== manifest.filingSha256) return refuse(`the manifest's ${FILING_PATH} is not the filing it names (filingSha256 ${manifest.filingSha256})`);
  const files = new Map<string, Uint8Array>([[MANIFEST_PATH, manifestBody]]);
  for (const f of manifest.files) {
    const body = set.get(f.path);
    if (!body) return refuse(`it lacks ${f.path}, which the manifest lists`);
    const problem = fileProblem(body, f);
    if (problem) return refuse(`${f.path}: ${problem}`);
    files.set(f.path, body);
  }

  // The department's signature, under a key the log had registered for it when the version was logged.
  const submission = files.get(SUBMISSION_PATH);
  if (!submission || manifest.signature.signedFile !== SUBMISSION_PATH) return refuse(`the manifest lists no ${SUBMISSION_PATH}, so the department's signature cannot be checked`);
  const key = keys.get(manifest.signature.keyId);
  if (!key) return refuse(`the department's signature is by key ${manifest.signature.keyId}, which the transparency log never registered; keys come only from the log, never from /v1/keys`);
  if (key.log.registered.seq > entry.seq) return refuse(`the department's signature is by key ${key.keyId}, which the log registered (entry ${key.log.registered.seq}) only after the version (entry ${entry.seq})`);
  const signature = await versionSignatureProblem(manifest, submission, keys);
  if (signature) return refuse(`the department's signature does not verify: ${signature}`);
  if (o.reproduce) {
    const r = await reproduceVersion(new Uint8Array(submission), manifest);
    if (!r.ok) return refuse(`re-derived from the department's ${SUBMISSION_PATH}, ${r.problems.length} file(s) differ: ${r.problems.slice(0, 3).join('; ')}${r.problems.length > 3 ? '; …' : ''}`);
  }

  const filing = v.safeParse(FilingNamesSchema, parseJson(files.get(FILING_PATH) ?? new Uint8Array()));
  if (!filing.success) return refuse(`${FILING_PATH} does not name the department, its region and the template`);
  const findings = v.safeParse(FindingsSchema, parseJson(files.get(FINDINGS_PATH) ?? new Uint8Array()));
  if (!findings.success) return refuse(`${FINDINGS_PATH} has no summary of the findings`);
  const withdrawn = entry.withdrawn;
  const record: VersionRecord = {
    departmentId: entry.departmentId, year: entry.year, version: entry.version, publishedAt: entry.publishedAt,
    status: withdrawn ? 'withdrawn' : 'published', withdrawnAt: withdrawn?.at ?? null, withdrawnReason: withdrawn?.reason ?? null,
    filingSha256: manifest.filingSha256, manifestSha256: entry.manifestSha256, keyId: manifest.signature.keyId,
    findings: findingsSummary(findings.output),
  };
  return { ok: true, version: { manifest, files, record, names: { departmentName: filing.output.department.name, regionCode: filing.output.department.regionCode, template: filing.output.template } } };
}
