// A version in two steps, both pure. prepareVersion renders, hashes and lays out everything that does
// not depend on the version number, once per submission and before a number is given (on Cloudflare,
// in parallel isolates). assembleVersion, at the commit, adds what names the number: the descriptors'
// head members, the download names and the manifest. Nothing is parsed back, hashed twice or laid out
// again: the commit only joins strings and hashes the two descriptors and the manifest.
import * as v from 'valibot';
import type { Filing } from '../model/filing.ts';
import { BIDI_OR_INVISIBLE_CHARS } from '../model/key.ts';
import type { Provenance } from '../model/provenance.ts';
import { sha256Hex } from '../hash.ts';
import { layOut, utf8 } from '../bytes.ts';
import { datasetFacts, type DatasetFacts } from '../render/datapackage.ts';
import { DESCRIPTORS, MEDIA_TYPES, renderDescriptorBodies, renderDescriptors, renderVersionContent } from '../render/version.ts';
import type { VersionContext } from '../render/types.ts';
import { FILING_PATH, MANIFEST_PATH, ORIGINAL_PATH, SUBMISSION_PATH } from '../contract/files.ts';
import { DepartmentIdSchema, Sha256Schema, YearSchema } from '../contract/fields.ts';
import { MANIFEST_FORMAT, ManifestFileSchema, serializeManifest, type Manifest, type StoredSignature } from '../contract/manifest.ts';

const FileSchema = v.strictObject({
  path: ManifestFileSchema.entries.path,
  mediaType: v.string(),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** Where its bytes start in the prepared body (files with the same bytes share them). */
  offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The end of its download name, after department, year and version: "公开01表-收入支出决算总表.csv". */
  label: v.string(),
});

/** What crosses from the Worker to the sequencer's commit: checked there, as anything crossing a boundary is. */
export const PreparedVersionSchema = v.strictObject({
  dataset: v.strictObject({
    departmentId: DepartmentIdSchema, departmentName: v.string(), regionCode: v.string(), year: YearSchema,
    unit: v.string(), template: v.string(), title: v.string(),
  }),
  filingSha256: Sha256Schema,
  /** The version-independent files, in manifest order. */
  files: v.array(FileSchema),
  /** Their bytes, back to back. */
  body: v.instance(Uint8Array),
  /** The descriptors' bodies (the members that do not name the version), as rendered JSON text, in DESCRIPTORS order. */
  descriptors: v.array(v.string()),
});
/**
 * What a prepared version's shape cannot say: paths unique and none of them a file the commit adds, every
 * body inside the prepared bytes, one body a descriptor, and the filing's digest its own. Null when it holds.
 */
export function preparedProblem(p: PreparedVersion): string | null {
  const reserved = new Set([...DESCRIPTORS.map((d) => d.path), MANIFEST_PATH]);
  const paths = new Set<string>();
  for (const f of p.files) {
    if (reserved.has(f.path)) return `${f.path} is the commit's to write`;
    if (paths.has(f.path)) return `${f.path} appears twice`;
    paths.add(f.path);
    if (f.offset + f.bytes > p.body.byteLength) return `${f.path} lies past the end of the prepared bytes`;
  }
  if (!paths.has(SUBMISSION_PATH) || !paths.has(FILING_PATH)) return `the version has no ${paths.has(FILING_PATH) ? SUBMISSION_PATH : FILING_PATH}`;
  if (p.files.find((f) => f.path === FILING_PATH)!.sha256 !== p.filingSha256) return `filingSha256 is not ${FILING_PATH}'s digest`;
  if (p.descriptors.length !== DESCRIPTORS.length) return `${p.descriptors.length} descriptor bodies for ${DESCRIPTORS.length} descriptors`;
  return null;
}

export type PreparedVersion = Omit<v.InferOutput<typeof PreparedVersionSchema>, 'body' | 'dataset'> & { dataset: DatasetFacts; body: Uint8Array<ArrayBuffer> };
export type PreparedFile = v.InferOutput<typeof FileSchema>;

export interface PrepareInput {
  filing: Filing;
  findings: unknown;
  provenance?: Provenance;
  /** The request body as signed, and its sha256 (the signature check computed it). */
  submission: { bytes: Uint8Array<ArrayBuffer>; sha256: string };
  /** The report PDF, its digest checked, and the name it was sent under (a .pdf name without a path: the submission schema says so). */
  original?: { bytes: Uint8Array<ArrayBuffer>; sha256: string; name?: string };
}

/** A file of the assembled version: its bytes are at `offset` in the concatenation of `parts`. */
export interface AssembledFile extends Omit<PreparedFile, 'label'> {
  filename: string;
}

export interface AssembledVersion {
  manifest: Manifest;
  manifestText: string;
  manifestSha256: string;
  /** Every file, the manifest last, in manifest order. */
  files: AssembledFile[];
  parts: Uint8Array<ArrayBuffer>[];
}

export async function prepareVersion(input: PrepareInput): Promise<PreparedVersion> {
  const rendered = renderVersionContent({ filing: input.filing, findings: input.findings, ...(input.provenance ? { provenance: input.provenance } : {}) });
  const { filing, layouts } = rendered;
  const labels = new Map<string, string>(layouts.flatMap(({ table: t }) => ['csv', 'json'].map((ext) => [`tables/${t.id}.${ext}`, `${t.number ? t.number + '-' : ''}${t.title}.${ext}`] as const)));
  const sources: { path: string; mediaType: string; bytes: Uint8Array<ArrayBuffer>; sha256?: string; label?: string }[] = [
    { path: SUBMISSION_PATH, mediaType: MEDIA_TYPES.json, bytes: input.submission.bytes, sha256: input.submission.sha256 },
    ...rendered.files.map((f) => ({ path: f.path, mediaType: f.mediaType, bytes: utf8.encode(f.body) as Uint8Array<ArrayBuffer> })),
    ...(input.original ? [{ path: ORIGINAL_PATH, mediaType: 'application/pdf', bytes: input.original.bytes, sha256: input.original.sha256, ...(input.original.name ? { label: input.original.name } : {}) }] : []),
  ];
  const hashed = await Promise.all(sources.map(async (s) => ({ ...s, sha256: s.sha256 ?? (await sha256Hex(s.bytes)) })));
  const { offsets, parts, length } = layOut(hashed.map((s) => ({ key: s.sha256, bytes: s.bytes })));
  const files: PreparedFile[] = hashed.map((s, i) => ({
    path: s.path, mediaType: s.mediaType, bytes: s.bytes.byteLength, sha256: s.sha256, offset: offsets[i]!,
    label: s.label ?? labels.get(s.path) ?? s.path.split('/').pop()!,
  }));
  const body = new Uint8Array(length);
  parts.reduce((at, c) => (body.set(c, at), at + c.byteLength), 0);
  const digests = new Map(files.map((f) => [f.path, f]));
  return {
    dataset: datasetFacts(filing),
    filingSha256: digests.get(FILING_PATH)!.sha256,
    files,
    body,
    descriptors: renderDescriptorBodies(filing, digests, layouts),
  };
}

/** The version as published under `context`: called once, at the commit that gives the number. */
export async function assembleVersion(prepared: PreparedVersion, context: VersionContext, signature: StoredSignature): Promise<AssembledVersion> {
  const { dataset } = prepared;
  const name = (label: string) => downloadName(dataset, context.version, label);
  const descriptors = renderDescriptors(dataset, context, prepared.descriptors);
  const parts: Uint8Array<ArrayBuffer>[] = [prepared.body];
  const files: AssembledFile[] = prepared.files.map(({ label, ...f }) => ({ ...f, filename: name(label) }));
  let end = prepared.body.byteLength;
  for (const d of descriptors) {
    const bytes = utf8.encode(d.body) as Uint8Array<ArrayBuffer>;
    files.push({ path: d.path, mediaType: d.mediaType, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), offset: end, filename: name(d.path) });
    parts.push(bytes);
    end += bytes.byteLength;
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT, departmentId: dataset.departmentId, year: dataset.year, version: context.version, publishedAt: context.publishedAt,
    ...(context.corrects ? { corrects: context.corrects } : {}),
    filingSha256: prepared.filingSha256,
    files: files.map(({ path, mediaType, bytes, sha256 }) => ({ path, mediaType, bytes, sha256 })),
    signature,
  };
  const manifestText = serializeManifest(manifest);
  const manifestBytes = utf8.encode(manifestText) as Uint8Array<ArrayBuffer>;
  const manifestSha256 = await sha256Hex(manifestBytes);
  files.push({ path: MANIFEST_PATH, mediaType: MEDIA_TYPES.json, bytes: manifestBytes.byteLength, sha256: manifestSha256, offset: end, filename: name(MANIFEST_PATH) });
  parts.push(manifestBytes);
  return { manifest, manifestText, manifestSha256, files, parts };
}

/** Path and shell characters, C0 and C1 controls, line separators, and the bidi and invisible characters names refuse. */
const UNSAFE_IN_NAMES = new RegExp(`[\\\\/:*?"<>|\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI_OR_INVISIBLE_CHARS}]`, 'g');

/** A download name a person recognises: 朔州市…局-2023-v1-公开01表-收入支出决算总表.csv */
export function downloadName(dataset: Pick<DatasetFacts, 'departmentName' | 'year'>, version: number, label: string): string {
  return `${dataset.departmentName}-${dataset.year}-v${version}-${label}`.replace(UNSAFE_IN_NAMES, '_');
}
