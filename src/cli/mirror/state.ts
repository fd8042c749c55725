// What a mirror remembers between runs (.gongkai-mirror/state.json): the source, the change-feed
// cursor it has fully applied, and every version it has verified or withdrawn. A lock file keeps two
// runs from writing the same tree at once.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit.ts';
import type { Tree } from './tree.ts';

export const STATE_FORMAT = 'gongkai.mirror-state/1';

export interface VersionState {
  manifestSha256: string;
  status: 'published' | 'withdrawn';
}

export interface MirrorState {
  format: typeof STATE_FORMAT;
  source: string;
  /** Every change up to this sequence number is applied. */
  cursor: number;
  /** ETag of the key list last stored, for a conditional GET. */
  keysEtag: string | null;
  /** By "departmentId/year/version". */
  versions: Record<string, VersionState>;
  /** By "departmentId/year": the last change its stored document reflects. */
  datasets: Record<string, number>;
  updatedAt: string | null;
}

export const versionKey = (d: string, y: number, n: number) => `${d}/${y}/${n}`;

const statePath = (tree: Tree) => join(tree.control, 'state.json');

export async function loadState(tree: Tree, source: string): Promise<MirrorState> {
  let text: string;
  try {
    text = await readFile(statePath(tree), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: STATE_FORMAT, source, cursor: 0, keysEtag: null, versions: {}, datasets: {}, updatedAt: null };
    throw e;
  }
  let state: MirrorState;
  try {
    state = JSON.parse(text) as MirrorState;
  } catch {
    throw new CliError(`${statePath(tree)} is damaged (not JSON); move the directory aside and mirror again`, EXIT.input);
  }
  if (state.format !== STATE_FORMAT || typeof state.cursor !== 'number' || typeof state.versions !== 'object' || typeof state.datasets !== 'object') {
    throw new CliError(`${statePath(tree)} is not a Gongkai mirror state`, EXIT.input);
  }
  if (state.source !== source) {
    throw new CliError(`${tree.root} mirrors ${state.source}, not ${source}; use another directory`, EXIT.input);
  }
  return state;
}

export async function saveState(tree: Tree, state: MirrorState): Promise<void> {
  state.updatedAt = new Date().toISOString();
  await tree.write(statePath(tree), JSON.stringify(state, null, 2) + '\n');
}

/** Take the directory's lock, or say who holds it. A lock left by a dead process is taken over. */
export async function lock(tree: Tree): Promise<() => Promise<void>> {
  const path = join(tree.control, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (holder > 0 && holder !== process.pid && alive(holder)) {
        throw new CliError(`another mirror run (process ${holder}) is writing ${tree.root}; wait for it to finish`, EXIT.input);
      }
      await rm(path, { force: true });
    }
  }
  throw new CliError(`cannot take the lock ${path}`, EXIT.input);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
