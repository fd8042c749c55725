// What a mirror remembers between runs (.gongkai-mirror/state.json): the source, the platform key it is
// pinned to, the head of the log it has verified (whose entries are in log.ndjson beside it), and every
// version it has verified or seen withdrawn, with what its documents are rendered from and the size and
// modification time of each file as written (so that a later run notices a local edit). A lock file
// keeps two runs from writing the same tree at once.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { LogHeadSchema } from '../../core/contract/log.ts';
import { fingerprint } from '../../core/log/chain.ts';
import { VersionRecordSchema } from '../../core/ledger/records.ts';
import { CliError, EXIT } from '../exit.ts';
import type { Tree } from './tree.ts';

export const STATE_FORMAT = 'gongkai.mirror-state/2';
/** The format before the log: its versions were trusted from the server, so an upgrade verifies them again. */
const OLD_FORMAT = 'gongkai.mirror-state/1';

/** A dataset's names as its filing states them. */
export const NamesSchema = v.strictObject({ departmentName: v.string(), regionCode: v.string(), template: v.string() });
export type Names = v.InferOutput<typeof NamesSchema>;

const HeldVersionSchema = v.strictObject({
  /** What the version's and dataset's documents are rendered from. */
  record: VersionRecordSchema,
  /** From the version's filing.json; null when this mirror never held its files (withdrawn before it saw them). */
  names: v.nullable(NamesSchema),
  /** Each file as written (manifest.json included): [size, mtime in ms]. Empty once withdrawn. */
  files: v.record(v.string(), v.tuple([v.number(), v.number()])),
});
export type HeldVersion = v.InferOutput<typeof HeldVersionSchema>;

const StateSchema = v.strictObject({
  format: v.literal(STATE_FORMAT),
  source: v.string(),
  platform: v.strictObject({ fingerprint: v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/)), x: v.nullable(v.string()) }),
  head: LogHeadSchema,
  /** By "departmentId/year/version". */
  versions: v.record(v.string(), HeldVersionSchema),
  /** By "departmentId/year": names from the server's dataset document, for a dataset none of whose versions this mirror held. */
  names: v.record(v.string(), NamesSchema),
  /** Each document as written, by its path in the tree: [size, mtime in ms] (one that did not change is not rendered again). */
  docs: v.record(v.string(), v.tuple([v.number(), v.number()])),
  updatedAt: v.nullable(v.string()),
});
export type MirrorState = v.InferOutput<typeof StateSchema>;

export const versionKey = (d: string, y: number, n: number) => `${d}/${y}/${n}`;
export const datasetKey = (d: string, y: number) => `${d}/${y}`;

const statePath = (tree: Tree) => join(tree.control, 'state.json');

/** The stored state; null for a directory never mirrored into. `upgraded` when it was made by the mirror before the log. */
export async function loadState(tree: Tree, source?: string): Promise<{ state: MirrorState | null; upgraded: boolean }> {
  let text: string;
  try {
    text = await readFile(statePath(tree), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: null, upgraded: false };
    throw e;
  }
  let json: { format?: unknown; source?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new CliError(`${statePath(tree)} is damaged (not JSON); move the directory aside and mirror again`, EXIT.input);
  }
  if (source !== undefined && json?.source !== undefined && json.source !== source) throw new CliError(`${tree.root} mirrors ${String(json.source)}, not ${source}; use another directory`, EXIT.input);
  if (json?.format === OLD_FORMAT) return { state: null, upgraded: true };
  const r = v.safeParse(StateSchema, json);
  if (!r.success) throw new CliError(`${statePath(tree)} is not a Gongkai mirror state (${v.getDotPath(r.issues[0]) ?? '/'}: ${r.issues[0].message}); move the directory aside and mirror again`, EXIT.input);
  // The key pinned is the fingerprint's: a key put beside it (the state file altered) would sign another log.
  const { x, fingerprint: pinned } = r.output.platform;
  const actual = x === null ? pinned : await fingerprint(x).catch(() => 'not a key');
  if (actual !== pinned) throw new CliError(`${statePath(tree)} pins platform key ${pinned}, but the key it holds beside it is ${actual}: the state file was altered; check the tree with \`gongkai verify --trust <key>\`, or mirror into a new directory`, EXIT.verification);
  return { state: r.output, upgraded: false };
}

export function freshState(source: string, platform: { fingerprint: string; x: string | null }): MirrorState {
  return { format: STATE_FORMAT, source, platform: { ...platform }, head: { size: 0, hash: null }, versions: {}, names: {}, docs: {}, updatedAt: null };
}

export async function saveState(tree: Tree, state: MirrorState): Promise<void> {
  state.updatedAt = new Date().toISOString();
  await tree.write(statePath(tree), JSON.stringify(state) + '\n');
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
