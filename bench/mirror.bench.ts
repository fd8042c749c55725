// Mirror sync cost, the new format beside the old one, against the same server: a full mirror of N
// generated filings, then 10 changes (corrections and withdrawals) and an incremental sync — wall time,
// requests and bytes of each, with the ratios. The new mirror follows the signed log and fetches one pack
// per version; the old one (the mirror code at BENCH_BASELINE, checked out with `git worktree` and run
// from there) follows /v1/changes and fetches every file, which the server still serves. Goals: ≤ 1.1
// requests per version and ≤ 15 % of the old bytes for a full mirror; incremental ≤ 2 % of a full one.
// One `BENCH {json}` line at the end (scripts/bench.mjs).
// Run: npm run bench -- mirror                 (N = 1000)
//      MIRROR_BENCH_N=100 npm run bench -- mirror
//      BENCH_BASELINE=<commit> …               (default 16acb27, the mirror before the log)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { mirror, type MirrorReport } from '../src/cli/mirror/index.ts';
import { formatBytes } from '../src/cli/mirror/progress.ts';
import { correct, publishMany, withdraw } from '../test/node/mirror/support.ts';
import { startServer } from '../test/node/support/server.ts';
import { report } from './support.ts';

const N = Number(process.env.MIRROR_BENCH_N ?? 1000);
const PARALLEL = Number(process.env.MIRROR_BENCH_PARALLEL ?? 8);
const BASELINE = process.env.BENCH_BASELINE ?? '16acb27';
const CHANGES = 10;
const GOALS = { requestsPerVersion: 1.1, fullBytesOfOld: 0.15, incrementalOfFull: 0.02 };
const ROOT = join(import.meta.dirname, '..');
const log = (line: string) => process.stdout.write(line + '\n');
const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

/** What both mirrors report (the old one's report has these members too). */
interface Run {
  ms: number;
  requests: number;
  bytes: number;
  versionsAdded: number;
  versionsWithdrawn: number;
  refused: unknown[];
  errors: unknown[];
}
type OldMirror = (o: { source: string; dir: string; out: NodeJS.WritableStream; tty: boolean }) => Promise<Run>;

// The old mirror's code, as it was at the baseline: a worktree inside node_modules (ignored by git, and
// its imports of packages resolve to this checkout's node_modules).
const worktree = join(ROOT, 'node_modules', '.cache', 'gongkai-bench', `baseline-${BASELINE}`);
if (!existsSync(join(worktree, 'src'))) {
  mkdirSync(join(worktree, '..'), { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', '--force', worktree, BASELINE], { cwd: ROOT, stdio: 'ignore' });
}
const oldMirror = ((await import(pathToFileURL(join(worktree, 'src/cli/mirror/index.ts')).href)) as { mirror: OldMirror }).mirror;

const server = await startServer();
const dirs = { new: mkdtempSync(join(tmpdir(), 'gongkai-mirror-bench-new-')), old: mkdtempSync(join(tmpdir(), 'gongkai-mirror-bench-old-')) };
try {
  let t = performance.now();
  const pubs = await publishMany(server, 'bench', N, PARALLEL);
  const publishMs = Math.round(performance.now() - t);
  log(`published ${N} filings in ${(publishMs / 1000).toFixed(1)} s; baseline mirror from ${BASELINE}`);

  const runNew = () => mirror({ source: server.url, dir: dirs.new, trust: server.platform.file, out: quiet, tty: false });
  const runOld = () => oldMirror({ source: server.url, dir: dirs.old, out: quiet, tty: false });

  // The new mirror first: whatever the server has warmed by then favours the old one, not the new.
  const full = { new: whole('new full', await runNew(), N, 0), old: whole('old full', await runOld(), N, 0) };

  // 10 changes: half corrections, half withdrawals, spread over the catalog.
  t = performance.now();
  const step = Math.max(1, Math.floor(N / CHANGES));
  for (let i = 0; i < CHANGES; i++) {
    const p = pubs[(i * step) % N]!;
    if (i % 2 === 0) await correct(server, p, `更正 ${i}`);
    else await withdraw(server, p.departmentId, p.year, 1, `基准测试撤回 ${i}`);
  }
  log(`made ${CHANGES} changes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const incremental = { new: whole('new incremental', await runNew(), CHANGES / 2, CHANGES / 2), old: whole('old incremental', await runOld(), CHANGES / 2, CHANGES / 2) };

  const ratios = {
    requestsPerVersion: full.new.requests / N,
    oldRequestsPerVersion: full.old.requests / N,
    fullBytesOfOld: full.new.bytes / full.old.bytes,
    fullRequestsOfOld: full.new.requests / full.old.requests,
    fullTimeOfOld: full.new.ms / full.old.ms,
    incrementalOfFull: incremental.new.bytes / full.new.bytes,
    oldIncrementalOfFull: incremental.old.bytes / full.old.bytes,
    incrementalBytesOfOld: incremental.new.bytes / incremental.old.bytes,
  };
  const ok = ratios.requestsPerVersion <= GOALS.requestsPerVersion && ratios.fullBytesOfOld <= GOALS.fullBytesOfOld && ratios.incrementalOfFull <= GOALS.incrementalOfFull;
  log('');
  log(`                 ${'new'.padStart(28)} ${'old'.padStart(28)}   new/old`);
  for (const [name, a, b] of [['full', full.new, full.old], ['incremental', incremental.new, incremental.old]] as const) {
    log(`${name.padEnd(12)} req ${String(a.requests).padStart(24)} ${String(b.requests).padStart(28)}   ${(a.requests / b.requests).toFixed(3)}`);
    log(`${''.padEnd(12)} bytes ${formatBytes(a.bytes).padStart(22)} ${formatBytes(b.bytes).padStart(28)}   ${(a.bytes / b.bytes).toFixed(3)}`);
    log(`${''.padEnd(12)} time ${`${(a.ms / 1000).toFixed(1)} s`.padStart(23)} ${`${(b.ms / 1000).toFixed(1)} s`.padStart(28)}   ${(a.ms / b.ms).toFixed(3)}`);
  }
  log(`requests per version (full): new ${ratios.requestsPerVersion.toFixed(3)} (goal ≤ ${GOALS.requestsPerVersion}), old ${ratios.oldRequestsPerVersion.toFixed(1)}`);
  log(`full bytes, new / old: ${(ratios.fullBytesOfOld * 100).toFixed(1)}% (goal ≤ ${GOALS.fullBytesOfOld * 100}%)`);
  log(`incremental / full bytes: new ${(ratios.incrementalOfFull * 100).toFixed(3)}% (goal ≤ ${GOALS.incrementalOfFull * 100}%), old ${(ratios.oldIncrementalOfFull * 100).toFixed(3)}%`);
  // The corrections' packs alone are CHANGES / 2 of N versions: below 250 filings the goal cannot be met by any mirror.
  if (CHANGES / 2 / N > GOALS.incrementalOfFull) log(`(at ${N} filings the ${CHANGES / 2} corrections alone are ${((CHANGES / 2 / N) * 100).toFixed(1)}% of the versions; the incremental goal is for 1,000)`);
  log(ok ? 'all goals met' : 'a goal is not met');
  report('mirror', {
    filings: N, changes: CHANGES, baseline: BASELINE, publishMs, full, incremental,
    ratios: Object.fromEntries(Object.entries(ratios).map(([k, x]) => [k, Number(x.toFixed(5))])), goals: GOALS, ok,
  });
} finally {
  await server.stop();
  for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
}

/** A run's figures, after checking that it did all it should (a benchmark of an incomplete run means nothing). */
function whole(name: string, r: Run | MirrorReport, added: number, withdrawn: number) {
  if (r.refused.length || r.errors.length || r.versionsAdded !== added || r.versionsWithdrawn !== withdrawn) {
    throw new Error(`the ${name} mirror is incomplete: ${JSON.stringify(r).slice(0, 600)}`);
  }
  log(`${name}: ${(r.ms / 1000).toFixed(1)} s, ${r.requests} requests, ${formatBytes(r.bytes)} (${r.bytes} bytes); +${r.versionsAdded} -${r.versionsWithdrawn} versions`);
  return { ms: r.ms, requests: r.requests, bytes: r.bytes };
}
