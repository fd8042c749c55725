// `gongkai mirror <source-url> <dir> --trust <key>`: keep a verified, static copy of every dataset and
// version of a Gongkai server, trusting signatures, not the server (issue 15): the platform key pinned
// on the first run signs the log, the log names every department key and every version's manifest, and
// the department's signature vouches for each version. One request per version (its pack), and only for
// what changed since the last run. This module runs one sync and returns what it did; command.ts turns
// that into words and an exit code.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogHead } from '../../core/contract/log.ts';
import { HeldLog } from './log.ts';
import { progress as makeProgress } from './progress.ts';
import { Source, type FetchLike } from './source.ts';
import { freshState, loadState, lock, saveState } from './state.ts';
import { Sync, type Refusal } from './sync.ts';
import { Tree } from './tree.ts';
import { choosePin, parseTrust, trustNeeded } from './trust.ts';
import { upkeep } from './upkeep.ts';

export type { Refusal } from './sync.ts';

export interface MirrorOptions {
  source: string;
  dir: string;
  /**
   * The platform key to trust (--trust): its fingerprint (sha256:…), the key (base64url x) or a public
   * JWK file. Required on the first run, pinned after; one naming another key is refused.
   */
  trust?: string;
  /** Re-derive every file of each new version from its signed submission and refuse any that differs (version.ts). */
  reproduce?: boolean;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Delete the files of withdrawn versions kept aside in .gongkai-mirror/withdrawn/; without it they stay there, unpublished. */
  purgeWithdrawn?: boolean;
  /** For tests and benchmarks: count or alter what is fetched. */
  fetch?: FetchLike;
  /** Where progress goes (default stdout), and whether it is a terminal (a bar) or not (plain lines). */
  out?: NodeJS.WritableStream;
  tty?: boolean;
}

export interface MirrorReport {
  source: string;
  dir: string;
  /** The pinned platform key's fingerprint. */
  platform: string;
  /** The log this mirror has verified, and how many entries this run added. */
  head: LogHead;
  logAdded: number;
  versionsAdded: number;
  /** Verified from what was already on disk: nothing fetched. */
  versionsAdopted: number;
  versionsWithdrawn: number;
  /** Withdrawn since the log was read: applied by the next run. */
  versionsGone: number;
  withdrawnPurged: number;
  versionsHeld: number;
  datasets: number;
  packsFetched: number;
  packBytes: number;
  /** Files compared with what was written (size and time), and what differed from what was verified. */
  filesChecked: number;
  edits: string[];
  /** Versions restored from their packs after a local edit. */
  restored: number;
  /** The directory held a mirror made before the log: every version was verified again. */
  upgraded: boolean;
  requests: number;
  bytes: number;
  refused: Refusal[];
  errors: string[];
  ms: number;
}

export async function mirror(o: MirrorOptions): Promise<MirrorReport> {
  const started = performance.now();
  const concurrency = o.concurrency ?? 8;
  const source = new Source(o.source, o.fetch, concurrency);
  const given = o.trust === undefined ? null : await parseTrust(o.trust);
  const tree = new Tree(o.dir);
  // A new mirror without a key to trust is refused before anything is made.
  if (!given && !existsSync(join(tree.control, 'state.json'))) throw trustNeeded(source.base);
  await mkdir(tree.control, { recursive: true });
  const unlock = await lock(tree);
  try {
    await tree.prepare();
    const { state: stored, upgraded } = await loadState(tree, source.base);
    const pin = choosePin(stored?.platform ?? null, given, source.base);
    const state = stored ?? freshState(source.base, pin);
    const log = await HeldLog.load(tree, state.head);
    const out = o.out ?? process.stdout;
    const progress = makeProgress(out, o.tty ?? (out as NodeJS.WriteStream).isTTY === true);
    if (upgraded) progress.line('This directory holds a mirror made before the transparency log: every version it holds is verified again against the log (nothing is fetched for those that verify).');
    const save = () => saveState(tree, state);
    const sync = new Sync(source, tree, state, log, progress, concurrency, save, { reproduce: o.reproduce === true });
    let u = { filesChecked: 0, edits: [] as string[], restored: 0, datasets: 0 };
    let withdrawnPurged = 0;
    try {
      // A log that does not extend the held one throws here, before anything is written.
      await sync.run(pin);
      if (state.head.size > 0) {
        u = await upkeep(sync, tree, state, { concurrency, expectAll: stored === null });
        if (o.purgeWithdrawn) withdrawnPurged = await tree.purgeWithdrawn();
        await save();
      }
    } finally {
      progress.stop();
    }
    const c = sync.counts;
    return {
      source: source.base, dir: tree.root, platform: state.platform.fingerprint, head: state.head, logAdded: c.logAdded,
      versionsAdded: c.versionsAdded, versionsAdopted: c.versionsAdopted, versionsWithdrawn: c.versionsWithdrawn, versionsGone: c.versionsGone, withdrawnPurged,
      versionsHeld: Object.values(state.versions).filter((v) => v.record.status === 'published').length, datasets: u.datasets,
      packsFetched: c.packsFetched, packBytes: c.packBytes, filesChecked: u.filesChecked, edits: u.edits, restored: u.restored, upgraded,
      requests: source.traffic.requests, bytes: source.traffic.bytes, refused: c.refused, errors: c.errors, ms: Math.round(performance.now() - started),
    };
  } finally {
    await unlock();
  }
}
