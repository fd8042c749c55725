// Reading the change feed (GET /v1/changes) and turning a page into work: one task per version,
// the last word on it winning (a version published and withdrawn in the same page is only withdrawn);
// two changes that name a version with different manifests are marked as a conflict, to be refused.
import type { Change as FeedChange } from '../../core/contract/change.ts';
import { ChangesPageSchema } from '../../core/contract/changes-page.ts';
import { parseDocument } from '../../core/contract/issues.ts';
import { changesPath } from '../../core/contract/urls.ts';
import { CliError, EXIT } from '../exit.ts';
import { jsonOf, type Source } from './source.ts';

/** What the mirror uses of a change (the feed's entries carry links too). */
export type Change = Pick<FeedChange, 'seq' | 'departmentId' | 'year' | 'version' | 'kind' | 'at' | 'manifestSha256' | 'reason'>;

export interface FeedPage {
  changes: Change[];
  next: number;
  last: number;
  caughtUp: boolean;
}

export const PAGE_SIZE = 1000;

export async function readPage(source: Source, since: number): Promise<FeedPage> {
  const path = changesPath({ since, limit: PAGE_SIZE });
  const res = await source.get(path, { accept: 'application/json' });
  if (res.status !== 200) throw new CliError(`the change feed answered ${res.status}; is ${source.base} a Gongkai server?`, EXIT.server);
  const parsed = parseDocument(ChangesPageSchema, jsonOf(res), `the change feed (${source.url(path)})`);
  if (!parsed.ok) throw new CliError(parsed.problem, EXIT.server);
  const { results, next, last, caughtUp } = parsed.value;
  // A feed that goes backwards or repeats would make a cursor skip entries: refuse it.
  let previous = since;
  for (const c of results) {
    if (c.seq <= previous) throw new CliError(`the change feed is out of order at ${c.seq} (after ${previous})`, EXIT.server);
    previous = c.seq;
  }
  return { changes: results, next: Number(next), last: Number(last), caughtUp };
}

export interface VersionTask {
  departmentId: string;
  year: number;
  version: number;
  /** The final state of the version after this page. */
  kind: 'publish' | 'withdraw';
  manifestSha256: string;
  reason: string | null;
  at: string;
  /** Every change this task settles. */
  seqs: number[];
  /** A later change in the page that names the version with another manifest (the mirror refuses both). */
  conflict?: { seq: number; manifestSha256: string };
}

export function plan(changes: readonly Change[]): VersionTask[] {
  const tasks = new Map<string, VersionTask>();
  for (const c of changes) {
    const key = `${c.departmentId}/${c.year}/${c.version}`;
    const seen = tasks.get(key);
    const kind = c.kind === 'withdrawn' ? 'withdraw' : 'publish';
    if (seen) {
      seen.seqs.push(c.seq);
      if (c.manifestSha256 !== seen.manifestSha256) {
        seen.conflict ??= { seq: c.seq, manifestSha256: c.manifestSha256 };
        continue;
      }
      if (kind === 'withdraw') Object.assign(seen, { kind, reason: c.reason ?? null, at: c.at, manifestSha256: c.manifestSha256 });
    } else {
      tasks.set(key, { departmentId: c.departmentId, year: c.year, version: c.version, kind, manifestSha256: c.manifestSha256, reason: c.reason ?? null, at: c.at, seqs: [c.seq] });
    }
  }
  return [...tasks.values()];
}
