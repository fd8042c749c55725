// `gongkai mirror <source-url> <dir>`: keep a verified, static copy of every dataset and version of a
// Gongkai server, fetching only what changed since the last run (issue 6). This module runs one sync
// and returns what it did; command.ts turns that into words and an exit code.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rebuildCatalog } from './docs.ts';
import { nginxSnippet } from './nginx.ts';
import { progress as makeProgress } from './progress.ts';
import { Source, type FetchLike } from './source.ts';
import { loadState, lock, saveState } from './state.ts';
import { Sync, type Refusal } from './sync.ts';
import { Tree } from './tree.ts';

export type { Refusal } from './sync.ts';

export interface MirrorOptions {
  source: string;
  dir: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /**
   * Delete the files of withdrawn versions that earlier runs (or this one) moved aside to
   * .gongkai-mirror/withdrawn/; without it they are kept there, unpublished.
   */
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
  /** The change-feed position fully applied, and the feed's last entry. */
  cursor: number;
  last: number;
  versionsAdded: number;
  versionsWithdrawn: number;
  /** Withdrawn versions whose files kept aside were deleted (--purge-withdrawn). */
  withdrawnPurged: number;
  versionsHeld: number;
  datasets: number;
  filesFetched: number;
  filesReused: number;
  fileBytes: number;
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
  const tree = new Tree(o.dir);
  await mkdir(tree.control, { recursive: true });
  const unlock = await lock(tree);
  try {
    await tree.prepare();
    const state = await loadState(tree, source.base);
    const out = o.out ?? process.stdout;
    const progress = makeProgress(out, o.tty ?? (out as NodeJS.WriteStream).isTTY === true);
    const sync = new Sync(source, tree, state, progress, concurrency, () => saveState(tree, state));
    let datasets = 0;
    let withdrawnPurged = 0;
    try {
      await sync.run();
      if (o.purgeWithdrawn) withdrawnPurged = await tree.purgeWithdrawn();
    } finally {
      progress.stop();
      // What was verified stays recorded even when the run stops early (killed, source gone).
      await saveState(tree, state);
      datasets = await rebuildCatalog(tree);
      await tree.write(join(tree.control, 'nginx.conf'), nginxSnippet());
    }
    const c = sync.counts;
    return {
      source: source.base, dir: tree.root, cursor: state.cursor, last: sync.last,
      versionsAdded: c.versionsAdded, versionsWithdrawn: c.versionsWithdrawn, withdrawnPurged,
      versionsHeld: Object.values(state.versions).filter((v) => v.status === 'published').length, datasets,
      filesFetched: c.filesFetched, filesReused: c.filesReused, fileBytes: c.fileBytes,
      requests: source.traffic.requests, bytes: source.traffic.bytes,
      refused: c.refused, errors: c.errors, ms: Math.round(performance.now() - started),
    };
  } finally {
    await unlock();
  }
}
