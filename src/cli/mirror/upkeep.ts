// After the versions are settled: what a mirror checks and renders on every run. First what is in the
// served tree but not the mirror's (any symbolic link, a file where the log names nothing): reported and
// removed, links unlinked and never followed. Then local edits: every
// file of every held version is compared by size and modification time with what was written, and one
// that changed is compared with its manifest (a touched file is only recorded again; an edited, missing or
// added one makes the version be restored from its pack). Then every document is rendered from the
// verified data and written where it differs (a difference nobody expected is reported as an edit), each
// dataset's `latest` is made a whole copy of its newest verified live version, and the catalog, the key
// list and the log are written for the static server.
import { join } from 'node:path';
import { MANIFEST_PATH } from '../../core/contract/files.ts';
import { LOG_PATH, versionPath } from '../../core/contract/urls.ts';
import { byDataset, datasetsWithoutNames, documentFiles, expectedTree, ownedPaths } from './expected.ts';
import { nginxSnippet } from './nginx.ts';
import { datasetKey, type HeldVersion, type MirrorState } from './state.ts';
import { pool, refOf, type Sync } from './sync.ts';
import { filesByVersion, INDEX, type DatasetRef, type Tree } from './tree.ts';

type Listing = ReadonlyMap<string, string[]>;
import { fileProblem } from './verify.ts';

export interface Upkeep {
  filesChecked: number;
  /** What differed from what was verified, one line each (a file, a document, a `latest`). */
  edits: string[];
  /** Versions whose local copy was edited and that were restored from their packs. */
  restored: number;
  datasets: number;
}

export async function upkeep(sync: Sync, tree: Tree, state: MirrorState, o: { concurrency: number; expectAll: boolean }): Promise<Upkeep> {
  const u: Upkeep = { filesChecked: 0, edits: [], restored: 0, datasets: 0 };
  const listing = await strays(sync, tree, state, u);
  await localEdits(sync, tree, state, u, o.concurrency, listing);
  await documents(sync, tree, state, u, o.expectAll, listing);
  await tree.writeIfChanged(join(tree.control, 'nginx.conf'), nginxSnippet());
  return u;
}

/**
 * The whole served tree walked (one readdir a directory): a link anywhere, and a file that is not a
 * document, a version's or `latest`'s, is reported and removed (the link itself, never what it names;
 * nothing outside the tree). Before the versions' files are compared: one that loses a file so is restored.
 */
async function strays(sync: Sync, tree: Tree, state: MirrorState, u: Upkeep): Promise<Listing> {
  const walked = tree.walk();
  const owned = ownedPaths(tree, state, sync.log, { withdrawn: false });
  const found = [
    ...walked.odd.map((o) => ({ path: o.path, why: `${o.what}, which this mirror never makes` })),
    ...walked.files.filter((f) => !owned(f)).map((path) => ({ path, why: 'not the mirror\'s (the log names nothing there)' })),
  ];
  for (const f of found) {
    await tree.removeStray(f.path);
    u.edits.push(`/${f.path}: ${f.why}; removed`);
  }
  // The versions' and `latest`'s files as found (what was removed was not among them): no second readdir of theirs.
  return filesByVersion(walked.files);
}

async function localEdits(sync: Sync, tree: Tree, state: MirrorState, u: Upkeep, concurrency: number, listing: Listing): Promise<void> {
  const held = Object.entries(state.versions).filter(([, h]) => h.record.status === 'published');
  await pool(held, concurrency * 2, async ([key, h]) => {
    const d = refOf(h.record);
    const n = h.record.version;
    const dir = tree.versionDir(d, n);
    let changed = false;
    for (const [path, [size, mtime]] of Object.entries(h.files)) {
      u.filesChecked++;
      const s = tree.stat(`${dir}/${path}`);
      if (!s || s[0] !== size || s[1] !== mtime) changed = true;
    }
    const present = tree.versionFiles(d, n, listing);
    if (!changed && present.every((p) => p in h.files)) return;
    const found = await differences(tree, d, n, h, present);
    if (found.length === 0) {
      // Touched, not changed: remember the new times.
      for (const path of Object.keys(h.files)) h.files[path] = tree.stat(join(dir, path))!;
      return;
    }
    const api = versionPath(d.departmentId, d.year, n);
    u.edits.push(...found.map((f) => `${api}/${f}`));
    const logged = sync.log.replay.versions.get(key);
    if (!logged) return;
    if ((await sync.publish(logged, true)) === 'ok') {
      u.restored++;
      sync.touched.add(datasetKey(d.departmentId, d.year));
    }
  });
}

/** Each way the version's files on disk differ from its verified manifest. */
async function differences(tree: Tree, d: DatasetRef, n: number, h: HeldVersion, present: string[]): Promise<string[]> {
  const held = await tree.heldManifest(d, n, h.record.manifestSha256);
  if (!held) return [`${MANIFEST_PATH}: the verified copy is missing or damaged`];
  const found: string[] = [];
  const dir = tree.versionDir(d, n);
  const manifestBody = await tree.read(join(dir, MANIFEST_PATH));
  if (!manifestBody || manifestBody.byteLength !== held.bytes || !(await tree.holds(join(dir, MANIFEST_PATH), held.bytes, h.record.manifestSha256))) found.push(`${MANIFEST_PATH}: ${manifestBody ? 'edited' : 'missing'}`);
  for (const f of held.manifest.files) {
    const body = await tree.read(join(dir, f.path));
    const problem = body ? fileProblem(body, f) : 'missing';
    if (problem) found.push(`${f.path}: ${problem}`);
  }
  const listed = new Set([MANIFEST_PATH, ...held.manifest.files.map((f) => f.path)]);
  for (const p of present) if (!listed.has(p)) found.push(`${p}: added (not in the manifest)`);
  return found;
}

async function documents(sync: Sync, tree: Tree, state: MirrorState, u: Upkeep, expectAll: boolean, listing: Listing): Promise<void> {
  const problems: string[] = [];
  const groups = byDataset(state, sync.log.replay, problems);
  for (const ref of datasetsWithoutNames(state, groups)) await sync.fetchNames(ref);
  const key = (file: string) => tree.relative(file);
  // A document is rendered again when its dataset changed, or when the file is not as it was written.
  const asWritten = (file: string) => {
    const [s, r] = [tree.stat(file), state.docs[key(file)]];
    return s !== null && r !== undefined && s[0] === r[0] && s[1] === r[1];
  };
  const isExpected = (dataset: string | null) => expectAll || dataset === null || sync.touched.has(dataset);
  const render = (dk: string) => isExpected(dk) || !documentFiles(tree, groups.get(dk)!.ref, groups.get(dk)!.versions).every(asWritten);
  const expected = await expectedTree(tree, state, sync.log, (dk) => groups.has(dk) && render(dk));
  for (const p of expected.problems) sync.error(p);
  await pool(expected.docs, 16, async (doc) => {
    if (doc.what.startsWith(`${LOG_PATH}/`) && asWritten(doc.file)) return; // an entry never changes
    if ((await tree.writeIfChanged(doc.file, doc.bytes)) && !isExpected(doc.dataset)) u.edits.push(`${doc.what}: differed from what the verified data gives; written again`);
    state.docs[key(doc.file)] = tree.stat(doc.file)!;
  });
  await pool(expected.latest, 16, async (l) => {
    if (!latestStale(tree, l.ref, l.version, l.held, listing)) return;
    await tree.setLatest(l.ref, l.version);
    if (!isExpected(l.dataset)) u.edits.push(`${versionPath(l.ref.departmentId, l.ref.year, 'latest')}: not a whole copy of ${l.version ? `version ${l.version}` : 'nothing (every version is withdrawn)'}; made again`);
  });
  u.datasets = expected.datasets;
}

/** Is `latest` anything but version n's files and document, linked (or copied) as they are? */
function latestStale(tree: Tree, d: DatasetRef, n: number | null, held: HeldVersion | null, listing: Listing): boolean {
  const latest = tree.versionDir(d, 'latest');
  if (n === null || !held) return tree.stat(join(latest, INDEX)) !== null || tree.versionFiles(d, 'latest', listing).length > 0;
  // The version's files were just found as written; a link to each has the same size and time.
  for (const [path, [size, mtime]] of Object.entries(held.files)) {
    const b = tree.stat(`${latest}/${path}`);
    if (!b || b[0] !== size || b[1] !== mtime) return true;
  }
  const [a, b] = [tree.stat(join(tree.versionDir(d, n), INDEX)), tree.stat(join(latest, INDEX))];
  if (!a || !b || a[0] !== b[0] || a[1] !== b[1]) return true;
  return tree.versionFiles(d, 'latest', listing).some((p) => !(p in held.files));
}
