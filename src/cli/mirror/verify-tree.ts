// `gongkai verify <dir> [--trust <key>]`: a whole mirror checked again, offline. The stored log, entry by
// entry, against the pinned platform key (or the one --trust names): links, hashes, strict Ed25519
// signatures, and what each entry says; then every version the log names: a published one's files
// against its manifest, the manifest against the log, the department's signature against the keys the
// log registered; a withdrawn one's files no longer served and its tombstone the log's; nothing in the
// tree the log does not name (the whole tree is walked: no link, no file but the mirror's); every document
// and `latest` what the verified data gives. Nothing is written.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogEntry, LogHead } from '../../core/contract/log.ts';
import { versionPath } from '../../core/contract/urls.ts';
import { EMPTY_HEAD, entryProblem, fingerprint, headOf, parseEntry } from '../../core/log/chain.ts';
import { LogReplay } from '../../core/log/replay.ts';
import { CliError, EXIT } from '../exit.ts';
import { expectedTree, ownedPaths } from './expected.ts';
import { LOG_FILE } from './log.ts';
import { loadState, type MirrorState } from './state.ts';
import { filesByVersion, Tree, TOMBSTONE, INDEX } from './tree.ts';
import { parseTrust } from './trust.ts';
import { verifyVersion, type VerifyOptions } from './version.ts';

export interface TreeVerification {
  dir: string;
  platform: string;
  entries: number;
  versions: number;
  files: number;
  withdrawn: number;
  /** In the log but not held (refused or not yet fetched): the next mirror run fetches them. */
  pending: string[];
  failures: string[];
  /** The verified log's head, to compare out of band (verify --head on another copy). */
  head?: LogHead;
}

/** A log head given out of band ("size:hash", as a mirror run or another mirror prints it): the anchor state.json cannot be. */
export function parseHead(text: string): LogHead {
  const m = /^(\d{1,12}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new CliError(`--head "${text}" is not size:hash (the log head a mirror run prints, e.g. 42:3f…)`, EXIT.input);
  return { size: Number(m[1]), hash: m[2]! };
}

export async function verifyTree(dir: string, trust?: string, o: VerifyOptions & { head?: LogHead } = {}): Promise<TreeVerification> {
  const tree = new Tree(dir);
  const { state, upgraded } = await loadState(tree);
  if (upgraded) throw new CliError(`${tree.root} was mirrored before the transparency log; run \`gongkai mirror <url> ${dir} --trust <key>\` on it first`, EXIT.input);
  if (!state) throw new CliError(`${tree.root} is not a mirror (no ${join('.gongkai-mirror', 'state.json')}); make one with \`gongkai mirror <url> ${dir} --trust <key>\``, EXIT.input);
  const given = trust === undefined ? null : await parseTrust(trust);
  // The key --trust names is used over the stored one (whose fingerprint loadState checked); a stored key of the same fingerprint is that key.
  const pin = !given ? state.platform : { fingerprint: given.fingerprint, x: given.x ?? (given.fingerprint === state.platform.fingerprint ? state.platform.x : null) };
  const failures: string[] = [];
  if (given && given.fingerprint !== state.platform.fingerprint) failures.push(`the mirror is pinned to platform key ${state.platform.fingerprint}, not the trusted ${given.fingerprint}`);
  const out: TreeVerification = { dir: tree.root, platform: pin.fingerprint, entries: 0, versions: 0, files: 0, withdrawn: 0, pending: [], failures };

  // 1. The log.
  const { entries, replay, head } = await verifyLog(tree, state, pin, failures);
  out.entries = entries.length;
  if (head.size !== state.head.size || head.hash !== state.head.hash) failures.push(`the stored log ends at entry ${head.size} (${head.hash}), but the mirror recorded head ${state.head.size} (${state.head.hash})`);
  out.head = head;
  // A head known from elsewhere: the stored log must reach it and hold it (a log cut back with its state is caught here).
  if (o.head && o.head.size > 0) {
    const at = entries[o.head.size - 1];
    if (!at) failures.push(`the stored log has ${entries.length} entries, fewer than the head given (${o.head.size}:${o.head.hash}): it was cut back`);
    else if (at.hash !== o.head.hash) failures.push(`entry ${o.head.size} of the stored log has hash ${at.hash}, not the head given (${o.head.hash}): the log was rewritten`);
  }

  // The whole served tree, listed once (one readdir a directory, links never followed).
  const walked = tree.walk();
  const listing = filesByVersion(walked.files);

  // 2. Every version the log names.
  for (const [key, logged] of replay.versions) {
    const d = { departmentId: logged.departmentId, year: logged.year };
    const n = logged.version;
    const api = versionPath(d.departmentId, d.year, n);
    const held = state.versions[key];
    const onDisk = tree.versionFiles(d, n, listing);
    if (logged.status === 'withdrawn') {
      out.withdrawn++;
      if (onDisk.length) failures.push(`${api}: withdrawn by log entry ${logged.withdrawn!.seq}, but ${onDisk.length} of its file(s) are still served (${onDisk.slice(0, 3).join(', ')})`);
      if (!held || held.record.status !== 'withdrawn') failures.push(`${api}: withdrawn by log entry ${logged.withdrawn!.seq}, but the mirror has not applied the withdrawal`);
      if (!(await tree.read(join(tree.versionDir(d, n), TOMBSTONE)))) failures.push(`${api}: withdrawn, but its ${TOMBSTONE} is missing`);
      continue;
    }
    if (!held) {
      out.pending.push(api);
      if (onDisk.length) failures.push(`${api}: not verified by this mirror, yet ${onDisk.length} file(s) are at its path`);
      continue;
    }
    if (held.record.status !== 'published') {
      failures.push(`${api}: the log says it is published, the mirror's state that it is withdrawn`);
      continue;
    }
    const bodies = new Map<string, Uint8Array>();
    for (const p of onDisk) bodies.set(p, new Uint8Array(await readFile(join(tree.versionDir(d, n), p))));
    const r = await verifyVersion({ paths: () => onDisk, get: (p) => bodies.get(p) }, logged, replay.keys, o);
    if (!r.ok) {
      failures.push(`${api}: ${r.problem}`);
      continue;
    }
    if (JSON.stringify(r.version.record) !== JSON.stringify(held.record)) failures.push(`${api}: the mirror's record of it is not what its files say (the state file was altered)`);
    out.versions++;
    out.files += r.version.files.size;
  }

  // 3. Nothing in the tree that the log does not name: no link, no file but the mirror's.
  for (const o of walked.odd) failures.push(`/${o.path}: ${o.what}, which a mirror never makes`);
  const owned = ownedPaths(tree, state, { entries, head, replay }, { withdrawn: true });
  const unnamed = new Map<string, number>();
  for (const f of walked.files) {
    if (owned(f)) continue;
    const v = /^v1\/datasets\/([^/]+)\/(\d+)\/versions\/(\d+)\//.exec(f);
    if (v && !replay.versions.has(`${v[1]}/${v[2]}/${v[3]}`)) unnamed.set(v[0], (unnamed.get(v[0]) ?? 0) + 1);
    else failures.push(`/${f}: in the tree, but the log names nothing there`);
  }
  for (const [dir, n] of unnamed) failures.push(`/${dir.slice(0, -1)}: in the tree (${n} file(s)), but the log names no such version`);

  // 4. The documents and `latest`, as the verified data gives them.
  const expected = await expectedTree(tree, state, { entries, head, replay });
  failures.push(...expected.problems);
  for (const doc of expected.docs) {
    const held = await tree.read(doc.file);
    if (!held) failures.push(`${doc.what}: missing`);
    else if (Buffer.compare(Buffer.from(held), Buffer.from(doc.bytes)) !== 0) failures.push(`${doc.what}: differs from what the verified data gives`);
  }
  for (const l of expected.latest) {
    const latest = tree.versionDir(l.ref, 'latest');
    const path = versionPath(l.ref.departmentId, l.ref.year, 'latest');
    const there = tree.versionFiles(l.ref, 'latest', listing);
    if (l.version === null) {
      if (there.length) failures.push(`${path}: every version is withdrawn, but it still holds ${there.length} file(s)`);
      continue;
    }
    const want = tree.versionFiles(l.ref, l.version, listing);
    if (there.join('\n') !== want.join('\n')) failures.push(`${path}: does not hold the files of version ${l.version}`);
    for (const p of [...want, INDEX]) {
      const [a, b] = [await tree.read(join(tree.versionDir(l.ref, l.version), p)), await tree.read(join(latest, p))];
      if (!a || !b || Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) failures.push(`${path}/${p}: differs from version ${l.version}'s`);
    }
  }
  return out;
}

/** The stored log verified from its first entry: links, hashes and platform signatures, and what each entry says. */
async function verifyLog(tree: Tree, state: MirrorState, pin: { fingerprint: string; x: string | null }, failures: string[]) {
  const file = join(tree.control, LOG_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  const replay = new LogReplay();
  const entries: LogEntry[] = [];
  let head = EMPTY_HEAD;
  if (text === null) {
    failures.push(`${file}: missing`);
    return { entries, replay, head };
  }
  let x = pin.x;
  const lines = text.split('\n').filter((l) => l.length > 0).slice(0, state.head.size);
  for (const [i, line] of lines.entries()) {
    let json: unknown = null;
    try {
      json = JSON.parse(line);
    } catch { /* refused below */ }
    const parsed = parseEntry(json);
    if (!parsed.ok) {
      failures.push(`log entry ${i + 1}: ${parsed.problem}`);
      break;
    }
    const e = parsed.entry;
    if (e.seq === 1 && e.kind === 'platform-key' && x === null && (await fingerprint(e.x)) === pin.fingerprint) x = e.x;
    const problem = x === null ? `the log is not signed by the trusted platform key ${pin.fingerprint}` : ((await entryProblem(e, head, x)) ?? replay.apply(e));
    if (problem) {
      // The entries after one that does not verify cannot be trusted either.
      failures.push(`log entry ${e.seq}: ${problem}`);
      break;
    }
    entries.push(e);
    head = headOf(e);
  }
  return { entries, replay, head };
}

/** The command: a summary, each failure on its own line, exit 4 when there is any. */
export async function verifyCommand(dir: string, o: { trust?: string; reproduce?: boolean; head?: string }): Promise<TreeVerification> {
  const r = await verifyTree(dir, o.trust, { reproduce: o.reproduce === true, ...(o.head !== undefined ? { head: parseHead(o.head) } : {}) });
  const say = (line: string) => process.stdout.write(line + '\n');
  say(`Log: ${r.entries} entries checked against platform key ${r.platform}; head ${r.head ? `${r.head.size}:${r.head.hash}` : 'none'}.`);
  say(`Versions: ${r.versions} verified (${r.files} files against their manifests, the log and the department's signature${o.reproduce ? ', and re-derived from the signed submission' : ''}); ${r.withdrawn} withdrawn.`);
  if (r.pending.length) say(`${r.pending.length} version(s) in the log are not held yet (the next mirror run fetches them): ${r.pending.slice(0, 5).join(', ')}${r.pending.length > 5 ? ', …' : ''}`);
  if (r.failures.length) {
    process.stderr.write(`gongkai: ${r.dir} failed verification (${r.failures.length}):\n${r.failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = EXIT.verification;
  } else say(`${r.dir}: verified, nothing differs.`);
  return r;
}
