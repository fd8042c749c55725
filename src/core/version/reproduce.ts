// Reproducible publication: every file of a version is a deterministic function of the department-signed
// submission.json and the manifest's context (number, time, signature). Re-deriving them with this code and
// comparing the bytes proves that the tables, descriptors and findings say what the department signed,
// without trusting the server that rendered them. A difference names the file; it can also mean that the
// version was rendered by another release of Gongkai (the renderers or checks changed since).
import { checkFiling } from '../checks/index.ts';
import { SUBMISSION_PATH } from '../contract/files.ts';
import type { Manifest } from '../contract/manifest.ts';
import { sha256Hex } from '../hash.ts';
import { unwrapSubmission } from '../model/envelope.ts';
import { parseFiling } from '../model/parse.ts';
import { assembleVersion, prepareVersion } from './assemble.ts';

export type Reproduction = { ok: true; files: number } | { ok: false; problems: string[] };

/** Re-derive the version the manifest describes from the signed submission, and compare every file with the manifest. */
export async function reproduceVersion(submission: Uint8Array<ArrayBuffer>, manifest: Manifest): Promise<Reproduction> {
  const fail = (problem: string): Reproduction => ({ ok: false, problems: [problem] });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(submission));
  } catch {
    return fail(`${SUBMISSION_PATH} is not JSON`);
  }
  const unwrapped = await unwrapSubmission(body);
  if (!unwrapped.ok) return fail(`${SUBMISSION_PATH} is not a submission: ${unwrapped.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`);
  const { filing: input, provenance, original } = unwrapped.value;
  const parsed = parseFiling(input);
  if (!parsed.ok) return fail(`${SUBMISSION_PATH} does not hold a valid filing: ${parsed.issues.slice(0, 3).map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`);
  if (parsed.filing.department.id !== manifest.departmentId || parsed.filing.year !== manifest.year) {
    return fail(`${SUBMISSION_PATH} is a filing for ${parsed.filing.department.id} ${parsed.filing.year}, not for ${manifest.departmentId} ${manifest.year}, which the manifest names`);
  }
  let assembled: Awaited<ReturnType<typeof assembleVersion>>;
  try {
    const report = checkFiling(parsed.filing, provenance ? { provenance } : {});
    const prepared = await prepareVersion({
      filing: parsed.filing, findings: report, submission: { bytes: submission, sha256: await sha256Hex(submission) },
      ...(provenance ? { provenance } : {}), ...(original ? { original } : {}),
    });
    const context = { departmentId: manifest.departmentId, year: manifest.year, version: manifest.version, publishedAt: manifest.publishedAt, ...(manifest.corrects ? { corrects: manifest.corrects } : {}) };
    assembled = await assembleVersion(prepared, context, manifest.signature);
  } catch (e) {
    // What the renderers cannot make a version of is not the version: a problem, never an exception.
    return fail(`${SUBMISSION_PATH} cannot be rendered as this version: ${(e as Error).message}`);
  }
  const want = new Map(manifest.files.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const f of assembled.manifest.files) {
    const listed = want.get(f.path);
    if (!listed) problems.push(`${f.path}: re-derived from ${SUBMISSION_PATH}, but the manifest does not list it`);
    else if (listed.sha256 !== f.sha256 || listed.bytes !== f.bytes) problems.push(`${f.path}: the published file (sha256 ${listed.sha256}) is not what ${SUBMISSION_PATH} renders to (sha256 ${f.sha256})`);
    want.delete(f.path);
  }
  for (const path of want.keys()) problems.push(`${path}: listed by the manifest, but not re-derived from ${SUBMISSION_PATH}`);
  return problems.length ? { ok: false, problems } : { ok: true, files: assembled.manifest.files.length };
}
