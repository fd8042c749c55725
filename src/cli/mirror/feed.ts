// Reading the change feed (GET /v1/changes) and turning a page into work: one task per version,
// the last word on it winning (a version published and withdrawn in the same page is only withdrawn).
import * as v from 'valibot';
import { CliError, EXIT } from '../exit.ts';
import { jsonOf, type Source } from './source.ts';

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Slug = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));

const ChangeSchema = v.object({
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  departmentId: Slug,
  year: v.pipe(v.number(), v.integer()),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  kind: v.picklist(['published', 'corrected', 'withdrawn']),
  at: v.string(),
  manifestSha256: Sha256,
  reason: v.optional(v.string()),
});

const PageSchema = v.object({
  results: v.array(ChangeSchema),
  next: v.pipe(v.string(), v.regex(/^\d+$/)),
  last: v.pipe(v.string(), v.regex(/^\d+$/)),
  caughtUp: v.boolean(),
});

export type Change = v.InferOutput<typeof ChangeSchema>;

export interface FeedPage {
  changes: Change[];
  next: number;
  last: number;
  caughtUp: boolean;
}

export const PAGE_SIZE = 1000;

export async function readPage(source: Source, since: number): Promise<FeedPage> {
  const res = await source.get(`/v1/changes?since=${since}&limit=${PAGE_SIZE}`, { accept: 'application/json' });
  if (res.status !== 200) throw new CliError(`the change feed answered ${res.status}; is ${source.base} a Gongkai server?`, EXIT.server);
  const parsed = v.safeParse(PageSchema, jsonOf(res));
  if (!parsed.success) throw new CliError(`the change feed of ${source.base} is not in the expected form: ${parsed.issues[0].message}`, EXIT.server);
  const { results, next, last, caughtUp } = parsed.output;
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
}

export function plan(changes: readonly Change[]): VersionTask[] {
  const tasks = new Map<string, VersionTask>();
  for (const c of changes) {
    const key = `${c.departmentId}/${c.year}/${c.version}`;
    const seen = tasks.get(key);
    const kind = c.kind === 'withdrawn' ? 'withdraw' : 'publish';
    if (seen) {
      seen.seqs.push(c.seq);
      if (kind === 'withdraw') Object.assign(seen, { kind, reason: c.reason ?? null, at: c.at, manifestSha256: c.manifestSha256 });
    } else {
      tasks.set(key, { departmentId: c.departmentId, year: c.year, version: c.version, kind, manifestSha256: c.manifestSha256, reason: c.reason ?? null, at: c.at, seqs: [c.seq] });
    }
  }
  return [...tasks.values()];
}
