// The transparency log as a mirror keeps it: every entry it has verified, in .gongkai-mirror/log.ndjson
// (one entry a line, appended), up to the head recorded in state.json; and the reading of the server's
// log from that head: continuity first (a reset, a rewrite or a fork stops the run before anything is
// touched), then every entry's link, hash and platform signature (core/log/chain.ts) and what it says
// against what came before (core/log/replay.ts).
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LogPageSchema, type LogEntry, type LogHead } from '../../core/contract/log.ts';
import { parseDocument } from '../../core/contract/issues.ts';
import { logPath } from '../../core/contract/urls.ts';
import { canonicalText, continuityProblem, EMPTY_HEAD, entryProblem, fingerprint, headOf, parseEntry } from '../../core/log/chain.ts';
import { LogReplay } from '../../core/log/replay.ts';
import { CliError, EXIT } from '../exit.ts';
import { jsonOf, type Source } from './source.ts';
import type { Pin } from './trust.ts';
import { sha256Hex, type Tree } from './tree.ts';

export const LOG_FILE = 'log.ndjson';
export const LOG_PAGE = 1000;

export class HeldLog {
  readonly replay = new LogReplay();
  private constructor(
    private readonly file: string,
    readonly entries: LogEntry[],
    public head: LogHead,
  ) {}

  /**
   * The entries verified by earlier runs, up to `head` (lines after it were appended by a run killed before
   * it recorded them: they are dropped and fetched again). Their links and hashes are checked again, and
   * replayed; their signatures were checked when they arrived (`gongkai verify` checks them again). The
   * first entry's key is checked against the pin (here when it is given; `follow` always, before reading on).
   */
  static async load(tree: Tree, head: LogHead, pin?: Pin): Promise<HeldLog> {
    const file = join(tree.control, LOG_FILE);
    const text = head.size === 0 ? '' : await readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.length > 0);
    const damaged = (why: string) => new CliError(`${file} is damaged: ${why}; check the tree with \`gongkai verify\`, or mirror into a new directory`, EXIT.verification);
    if (lines.length < head.size) throw damaged(`it holds ${lines.length} entries, but the mirror verified ${head.size}`);
    const log = new HeldLog(file, [], EMPTY_HEAD);
    for (const line of lines.slice(0, head.size)) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw damaged(`line ${log.entries.length + 1} is not JSON`);
      }
      const parsed = parseEntry(json);
      if (!parsed.ok) throw damaged(`line ${log.entries.length + 1}: ${parsed.problem}`);
      const e = parsed.entry;
      if (e.seq !== log.head.size + 1 || e.prev !== log.head.hash || sha256Hex(canonicalText(e)) !== e.hash) throw damaged(`entry ${e.seq} does not link to the one before or its hash is wrong`);
      const problem = log.replay.apply(e);
      if (problem) throw damaged(problem);
      log.entries.push(e);
      log.head = headOf(e);
    }
    if (log.head.hash !== head.hash) throw damaged(`its entry ${head.size} is not the head the mirror recorded (${head.hash})`);
    if (pin) await log.pinned(pin);
    if (lines.length > head.size) await tree.write(file, lines.slice(0, head.size).map((l) => l + '\n').join(''));
    return log;
  }

  /**
   * The platform key the held log's first entry names, which must be the pinned one (exit 4 otherwise: the
   * log or the state was altered, and entries signed by another key would be taken as verified); null for an empty log.
   */
  async pinned(pin: Pin): Promise<string | null> {
    const first = this.entries[0];
    if (!first) return null;
    const named = first.kind === 'platform-key' ? first.x : null;
    if (named !== null && (await fingerprint(named)) === pin.fingerprint && (pin.x === null || named === pin.x)) return named;
    const what = named === null ? 'does not name the platform key' : `names platform key ${await fingerprint(named)}`;
    throw new CliError(`${this.file}: its first entry ${what}, but this mirror is pinned to ${pin.fingerprint}: the log or the state file was altered; check the tree with \`gongkai verify --trust <key>\`, or mirror into a new directory`, EXIT.verification);
  }

  /** Entries verified by `follow`, stored (the caller then records the new head in state.json). */
  async append(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await appendFile(this.file, entries.map((e) => JSON.stringify(e) + '\n').join(''));
    this.entries.push(...entries);
    this.head = headOf(entries.at(-1)!);
  }
}

export interface Followed {
  /** Entries verified and stored by this run. */
  added: number;
  /** The head the server reported last. */
  served: LogHead;
  /** Why the run stopped short of the server's head: an entry that did not verify (the entries before it are kept). */
  problem: string | null;
  /** The platform key, once the log's first entry has named it. */
  x: string | null;
}

/**
 * Read the server's log from the held head to its end. Each page's entries are verified one by one and
 * stored (`store`) before the next page is read. A log that does not extend the held one is refused with
 * exit 4 before anything is stored; an entry that does not verify stops the reading there.
 */
export async function follow(source: Source, held: HeldLog, pin: Pin, store: (entries: LogEntry[], x: string | null) => Promise<void>): Promise<Followed> {
  // The held log is checked again against the pin before anything is read on from it.
  let x = (await held.pinned(pin)) ?? pin.x;
  let added = 0;
  let served: LogHead = held.head;
  let first = true;
  for (;;) {
    const path = logPath({ since: held.head.size, limit: LOG_PAGE });
    const res = await source.get(path, { accept: 'application/json' });
    if (res.status === 404) throw new CliError(`${source.url(path)} answered 404: ${source.base} has no transparency log (a Gongkai server from before the log cannot be mirrored with verification)`, EXIT.server);
    if (res.status !== 200) throw new CliError(`the log (${source.url(path)}) answered ${res.status}`, EXIT.server);
    const parsed = parseDocument(LogPageSchema, jsonOf(res), `the log (${source.url(path)})`);
    if (!parsed.ok) throw new CliError(parsed.problem, EXIT.server);
    const page = parsed.value;
    served = page.head;
    if (first) {
      const broken = continuityProblem(held.head, page.head, page.entries[0]);
      if (broken) throw new CliError(`${source.base}: ${broken}. This mirror keeps what it verified, up to entry ${held.head.size} (${held.head.hash})`, EXIT.verification);
      first = false;
    }
    const verified: LogEntry[] = [];
    let head = held.head;
    let problem: string | null = null;
    for (const e of page.entries) {
      if (e.seq === 1 && x === null) {
        // Pinned by fingerprint only: the first entry names the key, which must be the one pinned.
        const named = e.kind === 'platform-key' ? await fingerprint(e.x) : null;
        if (named !== pin.fingerprint) {
          problem = named ? `the log is signed by platform key ${named}, not the trusted ${pin.fingerprint}` : 'the first entry does not name the platform key';
          break;
        }
        x = (e as { x: string }).x;
      }
      if (x === null) {
        problem = 'the mirror does not hold the log\'s first entry, so it cannot know the key that signs it';
        break;
      }
      problem = (await entryProblem(e, head, x)) ?? held.replay.apply(e);
      if (problem) break;
      verified.push(e);
      head = headOf(e);
    }
    if (verified.length) {
      await store(verified, x);
      added += verified.length;
    }
    if (problem) return { added, served, problem: `log entry ${head.size + 1}: ${problem}`, x };
    if (page.entries.length === 0 || page.next === null) break;
  }
  if (held.head.size === served.size && held.head.hash !== served.hash) {
    return { added, served, problem: `the server reports head ${served.hash} at entry ${served.size}, but its entries end with ${held.head.hash}: its log does not agree with itself`, x };
  }
  return { added, served, problem: null, x };
}
