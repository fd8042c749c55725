// Every document a mirror's tree should hold, rendered from what it verified (the log, the manifests'
// verified copies, the records of its versions): what a mirror run writes where the tree differs, and what
// `gongkai verify` compares the tree with. Also, for each dataset, the version its `latest` should copy.
import type { LogEntry, LogHead } from '../../core/contract/log.ts';
import { DATASETS_PATH, datasetPath, KEYS_PATH, LOG_KEY_PATH, LOG_PATH, logEntryPath, versionPath } from '../../core/contract/urls.ts';
import type { LogReplay } from '../../core/log/replay.ts';
import { join } from 'node:path';
import { catalogBytes, datasetDocBytes, datasetRecord, keySetBytes, logPageBytes, platformKeyBytes, tombstoneBytes, versionDocBytes, type DatasetVersion } from './render.ts';
import { datasetKey, versionKey, type HeldVersion, type MirrorState } from './state.ts';
import { refOf } from './sync.ts';
import { TOMBSTONE, VERSION_DIR, type DatasetRef, type Tree } from './tree.ts';

export interface ExpectedDoc {
  file: string;
  bytes: string;
  /** The API path it stands for. */
  what: string;
  /** The dataset it belongs to ("d/y"), or null for the catalog, the keys and the log. */
  dataset: string | null;
}

export interface ExpectedLatest {
  ref: DatasetRef;
  dataset: string;
  /** The newest live version held, or null when none is (then there is no `latest`). */
  version: number | null;
  held: HeldVersion | null;
}

export interface Expected {
  docs: ExpectedDoc[];
  latest: ExpectedLatest[];
  datasets: number;
  /** What could not be rendered, one line each. */
  problems: string[];
}

export interface VerifiedLog {
  entries: readonly LogEntry[];
  head: LogHead;
  replay: LogReplay;
}

export type HeldByDataset = Map<string, { ref: DatasetRef; versions: (DatasetVersion & { held: HeldVersion })[] }>;

/** The held versions by dataset, each with its log entries; a version the log does not name is a problem. */
export function byDataset(state: MirrorState, replay: LogReplay, problems: string[]): HeldByDataset {
  const out: HeldByDataset = new Map();
  for (const [key, held] of Object.entries(state.versions)) {
    const logged = replay.versions.get(key);
    if (!logged) {
      problems.push(`the mirror's state names ${key}, which its log does not: the state file was altered`);
      continue;
    }
    const dk = datasetKey(held.record.departmentId, held.record.year);
    const entry = out.get(dk) ?? { ref: refOf(held.record), versions: [] };
    entry.versions.push({ record: held.record, logged, held });
    out.set(dk, entry);
  }
  return out;
}

/** Datasets none of whose versions gives names (every version withdrawn before this mirror held it), and no names kept for. */
export function datasetsWithoutNames(state: MirrorState, groups: HeldByDataset): DatasetRef[] {
  return [...groups].filter(([dk, g]) => !g.versions.some((x) => x.held.names) && !state.names[dk]).map(([, g]) => g.ref);
}

/** The files of a dataset's documents: its own, each version's, and each withdrawn version's tombstone. */
export function documentFiles(tree: Tree, ref: DatasetRef, versions: readonly { record: { version: number; status: string } }[]): string[] {
  return [
    tree.docFile(datasetPath(ref.departmentId, ref.year)),
    ...versions.flatMap((x) => [tree.docFile(versionPath(ref.departmentId, ref.year, x.record.version)), ...(x.record.status === 'withdrawn' ? [join(tree.versionDir(ref, x.record.version), TOMBSTONE)] : [])]),
  ];
}

/**
 * Whether a path of the served tree (relative, / separators) is the mirror's: the file of a document it
 * renders, or below a directory whose files are checked against a manifest elsewhere — each version the
 * log names (a withdrawn one's only with `withdrawn`: else its document and tombstone alone) and each
 * held dataset's `latest`. Anything else (and any link) is not: the log names nothing there.
 */
export function ownedPaths(tree: Tree, state: MirrorState, log: VerifiedLog, o: { withdrawn: boolean }): (path: string) => boolean {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const dirOf = (ref: DatasetRef, n: number | 'latest') => `${tree.relative(tree.versionDir(ref, n))}/`;
  for (const { ref, versions } of byDataset(state, log.replay, []).values()) {
    for (const f of documentFiles(tree, ref, versions)) files.add(tree.relative(f));
    dirs.add(dirOf(ref, 'latest'));
  }
  for (const v of log.replay.versions.values()) {
    if (o.withdrawn || state.versions[versionKey(v.departmentId, v.year, v.version)]?.record.status !== 'withdrawn') dirs.add(dirOf(v, v.version));
  }
  for (const api of [DATASETS_PATH, KEYS_PATH, ...(log.entries.length ? [LOG_PATH, LOG_KEY_PATH, ...log.entries.map((e) => logEntryPath(e.seq))] : [])]) files.add(tree.relative(tree.docFile(api)));
  return (path) => files.has(path) || dirs.has(VERSION_DIR.exec(path)?.[0] ?? '');
}

/**
 * The documents, and each dataset's `latest`. `render` says which datasets' documents to render (their
 * records, and so the catalog, are always computed: that needs no file).
 */
export async function expectedTree(tree: Tree, state: MirrorState, log: VerifiedLog, render: (dataset: string) => boolean = () => true): Promise<Expected> {
  const problems: string[] = [];
  const docs: ExpectedDoc[] = [];
  const latest: ExpectedLatest[] = [];
  const records = [];
  for (const [dk, { ref, versions }] of byDataset(state, log.replay, problems)) {
    const rendered = render(dk);
    for (const x of rendered ? versions : []) {
      const n = x.record.version;
      const api = versionPath(ref.departmentId, ref.year, n);
      if (x.record.status === 'withdrawn') docs.push({ file: join(tree.versionDir(ref, n), TOMBSTONE), bytes: tombstoneBytes(x.logged), what: `${api}/${TOMBSTONE}`, dataset: dk });
      if (x.held.names === null) continue; // withdrawn before this mirror held it: its document is the server's
      const manifest = await tree.heldManifest(ref, n, x.record.manifestSha256);
      if (manifest) docs.push({ file: tree.docFile(api), bytes: versionDocBytes(x.record, manifest.manifest, manifest.bytes, x.logged), what: api, dataset: dk });
      else problems.push(`${tree.manifestCopy(ref, n)} is missing or damaged: the document of ${api} cannot be rendered`);
    }
    const newest = [...versions].sort((a, b) => b.record.version - a.record.version);
    const live = newest.find((x) => x.record.status === 'published');
    latest.push({ ref, dataset: dk, version: live?.record.version ?? null, held: live?.held ?? null });
    const names = newest.find((x) => x.held.names)?.held.names ?? state.names[dk];
    if (!names) {
      problems.push(`${datasetPath(ref.departmentId, ref.year)}: no names for its document (every version was withdrawn before this mirror held it)`);
      continue;
    }
    const record = datasetRecord(names, versions);
    records.push(record);
    if (rendered) docs.push({ file: tree.docFile(datasetPath(ref.departmentId, ref.year)), bytes: datasetDocBytes(record, versions.map((x) => x.record)), what: datasetPath(ref.departmentId, ref.year), dataset: dk });
  }
  docs.push({ file: tree.docFile(DATASETS_PATH), bytes: catalogBytes(records), what: DATASETS_PATH, dataset: null });
  docs.push({ file: tree.docFile(KEYS_PATH), bytes: keySetBytes(log.replay.keys.values()), what: KEYS_PATH, dataset: null });
  if (log.entries.length) {
    docs.push({ file: tree.docFile(LOG_PATH), bytes: logPageBytes(log.entries, log.head), what: LOG_PATH, dataset: null });
    const key = platformKeyBytes(log.entries[0]!, state.platform.fingerprint);
    if (key) docs.push({ file: tree.docFile(LOG_KEY_PATH), bytes: key, what: LOG_KEY_PATH, dataset: null });
    for (const e of log.entries) docs.push({ file: tree.docFile(logEntryPath(e.seq)), bytes: `${JSON.stringify(e, null, 2)}\n`, what: logEntryPath(e.seq), dataset: null });
  }
  return { docs, latest, datasets: records.length, problems };
}
