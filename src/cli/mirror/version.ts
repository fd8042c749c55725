// A version checked whole before any of it is kept, from its pack (GET /v1/packs/{d}/{y}/{n}, one request)
// or from what an earlier run left on disk: manifest.json is the one the signed log names (its sha256),
// for this version and time; the files are exactly the manifest's, each with its sha256 and size; and the
// department's signature over submission.json verifies under a key the log registered for the department
// before the version's entry, valid and not revoked when the version was published (and not revoked by
// an entry before it: the log's order, not the times the platform wrote, decides); the signed filing is
// for the department and year the log names; the signature is not one an earlier version already used
// (a replay: a genuine submission published again, as a later version or under another year). The
// pack's own header (paths, digests, media types) is never trusted: only the bytes and the manifest are.
import * as v from 'valibot';
import { FILING_PATH, FINDINGS_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import type { Manifest } from '../../core/contract/manifest.ts';
import { FindingsSummarySchema, findingsSummary, type VersionRecord } from '../../core/ledger/records.ts';
import type { LoggedKey, LoggedVersion } from '../../core/log/replay.ts';
import { unwrapSubmission } from '../../core/model/envelope.ts';
import { parseSignature, type ParsedSignature } from '../../core/signature/message.ts';
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

/** Non-empty segments of safe characters, none "." or "..", no leading or trailing "/" (as core/contract/files.ts names them). */
const SAFE_PATH = /^(?!\.\.?(?:\/|$))(?!.*\/\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** Why a manifest's paths cannot all be files of one directory tree (a path that is also another's directory), or null. */
export function pathsProblem(paths: readonly string[]): string | null {
  const files = new Set([...paths, MANIFEST_PATH, INDEX, TOMBSTONE]);
  for (const path of paths) {
    if (!SAFE_PATH.test(path) || path === INDEX || path === TOMBSTONE || path === MANIFEST_PATH) return `${MANIFEST_PATH} lists ${JSON.stringify(path)}, a path a mirror does not write`;
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (files.has(dir)) return `${MANIFEST_PATH} lists ${JSON.stringify(path)} and ${JSON.stringify(dir)}: a file cannot also be a directory`;
    }
  }
  return null;
}

/**
 * How far a signature's created may lie after the entry that published it, or before its key's registration:
 * the Worker admits a request created within ±300 s of its clock (worker/submission/authenticate.ts), and the
 * log's times are that clock's.
 */
export const CLOCK_SKEW_MS = 300_000;

/** The dataset the department signed a filing for: a bare filing, or the filing an envelope (gongkai.submission/1) carries. */
const SignedFilingSchema = v.object({ department: v.object({ id: v.string() }), year: v.number() });

async function signedDataset(submission: Uint8Array): Promise<{ ok: true; departmentId: string; year: number } | { ok: false; problem: string }> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(submission));
  } catch {
    return { ok: false, problem: `the department's ${SUBMISSION_PATH} is not JSON` };
  }
  const unwrapped = await unwrapSubmission(body);
  if (!unwrapped.ok) return { ok: false, problem: `the department's ${SUBMISSION_PATH} is not a submission: ${unwrapped.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}` };
  const filing = v.safeParse(SignedFilingSchema, unwrapped.value.filing);
  if (!filing.success) return { ok: false, problem: `the department's ${SUBMISSION_PATH} does not name the filing's department id and year` };
  return { ok: true, departmentId: filing.output.department.id, year: filing.output.year };
}

/**
 * The department signatures a run's versions claim, by the log replay's key map (one per run): each
 * version claims its signature (key and nonce; nonces are per key, as the Worker keeps them) before its
 * checks and settles the claim with their outcome, so that a later version in the log waits for an earlier
 * one claiming the same signature and is refused when that one was kept. Not the content digest: a
 * department may sign the same bytes again (a filing withdrawn by mistake, submitted again). Bounded by
 * the versions the run verifies and those it holds (claimHeld).
 */
interface Claim {
  seq: number;
  what: string;
  kept: Promise<boolean>;
}
const claims = new WeakMap<object, Map<string, Claim[]>>();

function claim(keys: object, id: string, c: Claim): void {
  let byId = claims.get(keys);
  if (!byId) claims.set(keys, (byId = new Map()));
  byId.set(id, [...(byId.get(id) ?? []), c]);
}

/**
 * A version an earlier run kept (published or since withdrawn) claims its signature for this run, so that a
 * replay of it published later in the log is refused across runs as within one. Its manifest is the one the
 * mirror verified (its sha256 is the log's); a manifest whose signature cannot be read claims nothing.
 */
export function claimHeld(keys: object, entry: LoggedVersion, manifest: Manifest): void {
  const { signed, id } = signatureOf(manifest);
  if (signed?.params.nonce) claim(keys, id, { seq: entry.seq, what: claimName(entry), kept: Promise.resolve(true) });
}

/** The manifest's department signature, parsed (null when it cannot be), and the claim it makes: key and nonce. */
function signatureOf(manifest: Manifest): { signed: ParsedSignature | null; id: string } {
  let signed: ParsedSignature | null = null;
  try {
    signed = parseSignature(manifest.signature.signatureInput, manifest.signature.signature, manifest.signature.label);
  } catch {
    // Not a signature: refused where the signature is verified.
  }
  return { signed, id: `${manifest.signature.keyId}\n${signed?.params.nonce ?? ''}` };
}

const claimName = (entry: LoggedVersion) => `${entry.departmentId}/${entry.year} version ${entry.version} (entry ${entry.seq})`;

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
  const manifestBody = set.get(MANIFEST_PATH);
  if (!manifestBody) return { ok: false, problem: `it has no ${MANIFEST_PATH}` };
  const checked = checkManifest(manifestBody, entry.manifestSha256, entry, `the log's (entry ${entry.seq})`);
  if (!checked.ok) return { ok: false, problem: `${MANIFEST_PATH}: ${checked.problem}` };
  const manifest = checked.value;
  const { signed, id } = signatureOf(manifest);
  // Claimed at once (nothing awaited yet), settled with the outcome whatever it is.
  let settle: (kept: boolean) => void = () => {};
  if (signed?.params.nonce) claim(keys, id, { seq: entry.seq, what: claimName(entry), kept: new Promise<boolean>((r) => (settle = r)) });
  // Read when the replay is judged, so that an earlier version's claim made after this one's counts too.
  const earlier = () => (claims.get(keys)?.get(id) ?? []).filter((c) => c.seq < entry.seq);
  let r: Verification = { ok: false, problem: 'the verification did not finish' };
  try {
    r = await checkVersion(set, entry, keys, o, manifestBody, manifest, signed, earlier);
  } finally {
    settle(r.ok);
  }
  return r;
}

async function checkVersion(
  set: FileSet, entry: LoggedVersion, keys: ReadonlyMap<string, LoggedKey>, o: VerifyOptions,
  manifestBody: Uint8Array, manifest: Manifest, signed: ParsedSignature | null, earlier: () => Claim[],
): Promise<Verification> {
  const refuse = (problem: string): Verification => ({ ok: false, problem });
  const what = `${entry.departmentId}/${entry.year} version ${entry.version}`;
  if (manifest.publishedAt !== entry.publishedAt) return refuse(`${MANIFEST_PATH} says it was published at ${manifest.publishedAt}, the log (entry ${entry.seq}) at ${entry.publishedAt}`);

  // Exactly the manifest's files: one more could be served beside verified ones, one fewer is not the version.
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (listed.size !== manifest.files.length) return refuse(`${MANIFEST_PATH} lists a path twice`);
  const paths = pathsProblem([...listed.keys()]);
  if (paths) return refuse(paths);
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
  // By the log's order, whatever times the platform wrote: a key revoked by an earlier entry signs nothing later.
  if (key.log.revoked && key.log.revoked.seq < entry.seq) return refuse(`the department's signature is by key ${key.keyId}, which the log revoked (entry ${key.log.revoked.seq}) before the version (entry ${entry.seq})`);
  const signature = await versionSignatureProblem(manifest, submission, keys);
  if (signature) return refuse(`the department's signature does not verify: ${signature}`);
  if (!signed) return refuse(`the department's signature does not verify: its Signature-Input cannot be read`);
  const created = signed.params.created;
  if (created === undefined || !signed.params.nonce) return refuse(`the department's signature has no ${created === undefined ? 'created' : 'nonce'} parameter, which every submission's carries`);
  const createdAt = new Date(created * 1000).toISOString();
  if (created * 1000 > Date.parse(entry.publishedAt) + CLOCK_SKEW_MS) return refuse(`the department's signature was created at ${createdAt}, after the version was published (${entry.publishedAt}, entry ${entry.seq}) by more than ${CLOCK_SKEW_MS / 1000} s`);
  if (created * 1000 < Date.parse(key.registeredAt) - CLOCK_SKEW_MS) return refuse(`the department's signature was created at ${createdAt}, before its key ${key.keyId} was registered (${key.registeredAt}, entry ${key.log.registered.seq}) by more than ${CLOCK_SKEW_MS / 1000} s`);
  // The signed filing names the dataset: a genuine submission is not another year's or department's.
  const dataset = await signedDataset(submission);
  if (!dataset.ok) return refuse(dataset.problem);
  if (dataset.departmentId !== entry.departmentId || dataset.year !== entry.year) {
    return refuse(`the department signed a filing for ${dataset.departmentId} ${dataset.year}, but the log (entry ${entry.seq}) publishes it as ${what}`);
  }
  // A replay: the signature (key and nonce) of an earlier version in the log, published again.
  for (const c of earlier()) {
    if (await c.kept) return refuse(`the department's signature (key ${key.keyId}, nonce ${signed.params.nonce}) is the one ${c.what} was published with: a submission is published once, so this is a replay`);
  }
  if (o.reproduce) {
    let r: Awaited<ReturnType<typeof reproduceVersion>>;
    try {
      r = await reproduceVersion(new Uint8Array(submission), manifest);
    } catch (e) {
      return refuse(`it cannot be re-derived from the department's ${SUBMISSION_PATH}: ${(e as Error).message}`);
    }
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
