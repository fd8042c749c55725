// The mirror on disk: the API's paths as a static tree. A document whose path is also a directory
// (/v1/datasets/{d}/{y}, …/versions/{n}) or has no extension (/v1/keys) is stored as index.json
// inside it, so that a static server maps /x to x/index.json (see nginx.ts).
//
// Every write goes to a temporary file under .gongkai-mirror/tmp and is renamed into place, and a
// version's directory is built there whole and swapped in: a reader, or a run killed half-way, never
// sees a partial file or version. A withdrawn version's files are moved aside to
// .gongkai-mirror/withdrawn/<the version's path> (not served), and deleted only on request. The mirror
// never makes a symbolic link, and never writes, moves or removes below one: a link planted in the tree
// would take its writes elsewhere (walk() finds every link and every file of the served tree).
import { createHash, randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync, rmdirSync, statSync, type Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile, copyFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MANIFEST_PATH } from '../../core/contract/files.ts';
import { parseManifest, type Manifest } from '../../core/contract/manifest.ts';
import { CliError, EXIT } from '../exit.ts';

export const CONTROL_DIR = '.gongkai-mirror';
export const TOMBSTONE = 'WITHDRAWN.json';
export const INDEX = 'index.json';
export const WITHDRAWN_DIR = 'withdrawn';
export const MANIFESTS_DIR = 'manifests';

/** The served tree as found: every regular file, and whatever is neither file nor directory (a link…), relative. */
export interface Walked {
  files: string[];
  odd: { path: string; what: string }[];
}

/** The version directory (v1/datasets/{d}/{y}/versions/{n or latest}/) a relative path of the tree is below. */
export const VERSION_DIR = /^v1\/datasets\/[^/]+\/[^/]+\/versions\/[^/]+\//;

/** A walk's files by the version directory they are below, each relative to it (its document and tombstone left out, as versionFiles gives them). */
export function filesByVersion(files: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    const dir = VERSION_DIR.exec(f)?.[0];
    if (!dir) continue;
    const path = f.slice(dir.length);
    if (path === INDEX || path === TOMBSTONE) continue;
    const list = out.get(dir) ?? [];
    list.push(path);
    out.set(dir, list);
  }
  return out;
}

export interface DatasetRef {
  departmentId: string;
  year: number;
}

export class Tree {
  readonly root: string;
  readonly control: string;
  private readonly tmp: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.control = join(this.root, CONTROL_DIR);
    this.tmp = join(this.control, 'tmp');
  }

  /** Leftovers of a killed run are incomplete by definition: drop them. */
  async prepare(): Promise<void> {
    this.inside(this.tmp);
    await rm(this.tmp, { recursive: true, force: true });
    await mkdir(this.tmp, { recursive: true });
  }

  datasetDir(d: DatasetRef): string {
    return join(this.root, 'v1', 'datasets', d.departmentId, String(d.year));
  }

  versionDir(d: DatasetRef, n: number | 'latest'): string {
    return join(this.datasetDir(d), 'versions', String(n));
  }

  /** The verified copy of a version's manifest, outside the served tree (it outlives a purge). */
  manifestCopy(d: DatasetRef, n: number): string {
    return join(this.control, MANIFESTS_DIR, d.departmentId, String(d.year), `${n}.json`);
  }

  /** The version's manifest with these bytes (the copy, else the served or moved-aside one), or null. */
  async heldManifest(d: DatasetRef, n: number, sha256: string): Promise<{ manifest: Manifest; bytes: number } | null> {
    for (const file of [this.manifestCopy(d, n), join(this.versionDir(d, n), MANIFEST_PATH), join(this.asideDir(d, n), MANIFEST_PATH)]) {
      const body = await this.read(file);
      if (!body || sha256Hex(body) !== sha256) continue;
      const manifest = parseManifest(new TextDecoder().decode(body));
      if (manifest) return { manifest, bytes: body.byteLength };
    }
    return null;
  }

  /** Where a withdrawn version's files are kept: the control directory, which a static server does not publish. */
  asideDir(d: DatasetRef, n: number): string {
    return join(this.control, WITHDRAWN_DIR, relative(this.root, this.versionDir(d, n)));
  }

  /**
   * Move a version's files (all but its document and tombstone) aside, file by file, over what an
   * interrupted earlier move left there; the emptied directories are removed.
   */
  async moveAside(d: DatasetRef, n: number): Promise<number> {
    this.inside(this.versionDir(d, n));
    this.inside(this.asideDir(d, n));
    const move = async (from: string, to: string, top: boolean): Promise<number> => {
      let moved = 0;
      for (const e of await readdir(from, { withFileTypes: true }).catch(() => [])) {
        if (top && (e.name === INDEX || e.name === TOMBSTONE)) continue;
        const a = join(from, e.name);
        const b = join(to, e.name);
        if (e.isDirectory()) {
          moved += await move(a, b, false);
          await rm(a, { recursive: true, force: true });
        } else {
          await mkdir(to, { recursive: true });
          await rename(a, b);
          moved++;
        }
      }
      return moved;
    };
    return move(this.versionDir(d, n), this.asideDir(d, n), true);
  }

  /** Delete every withdrawn version's files kept aside; the number of versions whose files were deleted. */
  async purgeWithdrawn(): Promise<number> {
    const root = this.inside(join(this.control, WITHDRAWN_DIR));
    let versions = 0;
    for (const e of await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory() && /^\d+$/.test(e.name) && basename(e.parentPath) === 'versions') versions++;
    }
    await rm(root, { recursive: true, force: true });
    return versions;
  }

  /** Where a version's file goes; null when the path would leave the version's directory or take a name the mirror uses. */
  versionFile(d: DatasetRef, n: number, path: string): string | null {
    const base = this.versionDir(d, n);
    const target = resolve(base, path);
    if (!target.startsWith(base + sep) || path === INDEX || path === TOMBSTONE) return null;
    return target;
  }

  /** A path of the tree, relative to its root, with / separators. */
  relative(target: string): string {
    return relative(this.root, target).split(sep).join('/');
  }

  /** The file that holds the document served at an API path (/v1/datasets → v1/datasets/index.json). */
  docFile(apiPath: string): string {
    return join(this.root, ...apiPath.split('/').filter(Boolean), INDEX);
  }

  async write(target: string, bytes: Uint8Array | string): Promise<void> {
    this.inside(target);
    const temp = join(this.tmp, randomUUID());
    await writeFile(temp, bytes);
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
  }

  /** Write unless the file already has these bytes; whether it was written. */
  async writeIfChanged(target: string, bytes: string): Promise<boolean> {
    const held = await this.read(target);
    if (held && Buffer.from(held.buffer, held.byteOffset, held.byteLength).equals(Buffer.from(bytes))) return false;
    await this.write(target, bytes);
    return true;
  }

  /**
   * Put a verified version in place whole: its files and its document built in a temporary directory,
   * then swapped for whatever was at the version's path (never a verified version: only what a killed
   * run or an edit left). The size and modification time of each file as written, by path.
   */
  async writeVersion(d: DatasetRef, n: number, files: ReadonlyMap<string, Uint8Array>, doc: string): Promise<Record<string, [number, number]>> {
    const fresh = join(this.tmp, `version-${randomUUID()}`);
    for (const [path, body] of files) {
      const target = resolve(fresh, path);
      if (!target.startsWith(fresh + sep) || path === INDEX || path === TOMBSTONE) throw new Error(`refusing to write ${path} outside its version`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
    }
    await writeFile(join(fresh, INDEX), doc);
    const dir = this.inside(this.versionDir(d, n));
    const old = join(this.tmp, `old-${randomUUID()}`);
    await mkdir(dirname(dir), { recursive: true });
    await rename(dir, old).catch(() => undefined);
    await rename(fresh, dir);
    await rm(old, { recursive: true, force: true });
    const stats: Record<string, [number, number]> = {};
    for (const path of files.keys()) stats[path] = this.stat(join(dir, path))!;
    return stats;
  }

  /**
   * A file's size and modification time, or null when it is not a file. Synchronous: a run looks at every
   * file of the tree, and a stat is several times faster without the thread pool's round trip.
   */
  stat(target: string): [number, number] | null {
    const s = statSync(target, { throwIfNoEntry: false });
    return s?.isFile() ? [s.size, s.mtimeMs] : null;
  }

  /** The files under a version's directory, relative (its document and tombstone left out); from a walk's listing (filesByVersion) when given. */
  versionFiles(d: DatasetRef, n: number | 'latest', listing?: ReadonlyMap<string, string[]>): string[] {
    if (listing) return [...(listing.get(`${this.relative(this.versionDir(d, n))}/`) ?? [])];
    const base = this.versionDir(d, n);
    const out: string[] = [];
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(base, { recursive: true, withFileTypes: true });
    } catch { /* no such version */ }
    for (const e of entries) {
      if (!e.isFile()) continue;
      // parentPath is base or below it: slicing is the relative path, without path.relative's cost on every file.
      const under = e.parentPath.length > base.length ? e.parentPath.slice(base.length + 1).split(sep).join('/') + '/' : '';
      const path = under + e.name;
      if (path !== INDEX && path !== TOMBSTONE) out.push(path);
    }
    return out.sort();
  }

  async read(target: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(target));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw e;
    }
  }

  /** True when the file is there with this size and sha256 (checked again: a disk can rot, a person can edit). */
  async holds(target: string, bytes: number, sha256: string): Promise<boolean> {
    try {
      if ((await stat(target)).size !== bytes) return false;
    } catch {
      return false;
    }
    const body = await this.read(target);
    return body !== null && sha256Hex(body) === sha256;
  }

  async remove(target: string): Promise<void> {
    // rm does not follow a link it removes, nor one below it; inside() refuses one above it.
    await rm(this.inside(target), { recursive: true, force: true });
  }

  /**
   * Make `latest` a copy of version n (hard links where the file system allows), built aside and
   * swapped in, so that a static server always finds a whole version there.
   */
  async setLatest(d: DatasetRef, n: number | null): Promise<void> {
    const latest = this.inside(this.versionDir(d, 'latest'));
    const old = join(this.tmp, `old-${randomUUID()}`);
    if (n === null) {
      await rename(latest, old).catch(() => undefined);
      await rm(old, { recursive: true, force: true });
      return;
    }
    const fresh = join(this.tmp, `latest-${randomUUID()}`);
    await copyTree(this.versionDir(d, n), fresh);
    await rename(latest, old).catch(() => undefined);
    await mkdir(dirname(latest), { recursive: true });
    await rename(fresh, latest);
    await rm(old, { recursive: true, force: true });
  }

  /**
   * The target, when it is inside the tree and no directory above it (from the root down) is a symbolic
   * link or not a directory; else a refusal (exit 4): writing, moving or removing there would act outside
   * the tree. A link at the target itself is safe: rename and rm act on the link, not what it names.
   */
  inside(target: string): string {
    const rel = relative(this.root, target);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new CliError(`refusing to write ${target}: it is not inside the mirror ${this.root}`, EXIT.verification);
    let dir = this.root;
    for (const part of rel.split(sep).slice(0, -1)) {
      dir = join(dir, part);
      const s = lstatSync(dir, { throwIfNoEntry: false });
      if (!s) break; // made by the write (mkdir), as a directory
      if (s.isDirectory()) continue;
      const what = s.isSymbolicLink() ? `a symbolic link (to ${linkTarget(dir)})` : 'not a directory';
      throw new CliError(`refusing to write ${this.relative(target)}: ${this.relative(dir)} is ${what}, which this mirror never makes, so a write there would land elsewhere; remove it (\`gongkai verify\` names everything in the tree that is not the mirror's) and run again`, EXIT.verification);
    }
    return target;
  }

  /**
   * The served tree (all but the control directory) as it is: one readdir a directory, nothing followed
   * (a link is listed as one, never entered), regular files and the rest apart.
   */
  walk(): Walked {
    const out: Walked = { files: [], odd: [] };
    const visit = (dir: string, under: string) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const path = under + e.name;
        if (path === CONTROL_DIR) continue;
        if (e.isDirectory()) visit(join(dir, e.name), `${path}/`);
        else if (e.isFile()) out.files.push(path);
        else out.odd.push({ path, what: e.isSymbolicLink() ? `a symbolic link (to ${linkTarget(join(dir, e.name))})` : 'neither a file nor a directory' });
      }
    };
    visit(this.root, '');
    out.files.sort();
    return out;
  }

  /** Remove an entry walk() found that is not the mirror's (a link is unlinked, never followed), and the directories above it it leaves empty. */
  async removeStray(path: string): Promise<void> {
    const target = this.inside(join(this.root, ...path.split('/')));
    await unlink(target).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    for (let dir = dirname(target); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break; // not empty
      }
    }
  }

  /** Every file of the static tree (not the control directory), relative, with / separators. */
  async files(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== this.control) await walk(p);
        } else out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    await walk(this.root);
    return out.sort();
  }
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    const a = join(from, e.name);
    const b = join(to, e.name);
    if (e.isDirectory()) await copyTree(a, b);
    else await link(a, b).catch(() => copyFile(a, b));
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
