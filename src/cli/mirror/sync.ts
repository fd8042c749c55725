// One mirror run: follow the signed log from the head this mirror verified, then bring every version the
// log names to what the log says: a published version fetched as one pack and verified whole before it is
// written, a withdrawal (a signed entry, never anything else) applied by moving the files aside. A version
// once verified never changes: the log cannot name it again (a rewrite is refused), and nothing else is
// listened to — not /v1/changes, not /v1/keys, not the server's documents.
import { join, relative, sep } from 'node:path';
import type { GenericSchema } from 'valibot';
import { MANIFEST_PATH } from '../../core/contract/files.ts';
import type { LogEntry } from '../../core/contract/log.ts';
import { DatasetSchema } from '../../core/contract/dataset.ts';
import { datasetPath, LOG_PATH, packPath, versionPath } from '../../core/contract/urls.ts';
import { VersionDocumentSchema } from '../../core/contract/version.ts';
import type { VersionRecord } from '../../core/ledger/records.ts';
import { loggedVersionKey, type LoggedVersion } from '../../core/log/replay.ts';
import { inflatePack } from '../../core/pack.ts';
import { fetchDoc } from './docs.ts';
import { follow, type HeldLog } from './log.ts';
import { formatBytes, type Progress } from './progress.ts';
import { tombstoneBytes, versionDocBytes } from './render.ts';
import { LIMITS, sizeText, TooLarge, type Fetched, type Source } from './source.ts';
import { datasetKey, versionKey, type HeldVersion, type MirrorState } from './state.ts';
import type { Pin } from './trust.ts';
import { TOMBSTONE, type DatasetRef, type Tree } from './tree.ts';
import { claimHeld, verifyVersion, type FileSet, type VerifiedVersion, type VerifyOptions } from './version.ts';

export interface Refusal {
  /** The API path of what was refused. */
  path: string;
  problem: string;
}

export interface SyncCounts {
  logAdded: number;
  versionsAdded: number;
  /** Verified from what an earlier run left on disk (killed after writing, or a mirror made before the log): nothing fetched. */
  versionsAdopted: number;
  versionsWithdrawn: number;
  /** Withdrawn after the log was read (the pack answered 410, and the log read again withdraws it): the next run applies the withdrawal. */
  versionsGone: number;
  packsFetched: number;
  packBytes: number;
  refused: Refusal[];
  /** The source failed to give something (not a verification failure). */
  errors: string[];
}

export type Outcome = 'ok' | 'gone' | 'refused' | 'error';

/**
 * At most n tasks at once. The first failure stops the others from starting, and is thrown once every
 * task begun has ended: nothing still writes when a run gives up (and lets go of its lock).
 */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      try {
        await fn(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

export const refOf = (v: { departmentId: string; year: number }): DatasetRef => ({ departmentId: v.departmentId, year: v.year });

export class Sync {
  readonly counts: SyncCounts = { logAdded: 0, versionsAdded: 0, versionsAdopted: 0, versionsWithdrawn: 0, versionsGone: 0, packsFetched: 0, packBytes: 0, refused: [], errors: [] };
  /** Datasets whose versions changed in this run (their documents are expected to change). */
  readonly touched = new Set<string>();
  private savedAt = Date.now();
  private pin: Pin | null = null;
  /** This run read the log to the head the server reported (no entry refused). */
  private logComplete = true;
  /** The log read again after a pack answered 410 (once a run, however many do). */
  private reread: Promise<boolean> | null = null;

  constructor(
    private readonly source: Source,
    private readonly tree: Tree,
    private readonly state: MirrorState,
    readonly log: HeldLog,
    private readonly progress: Progress,
    private readonly concurrency: number,
    private readonly save: () => Promise<void>,
    private readonly verifying: VerifyOptions = {},
  ) {}

  /** The log, then the versions. A log that does not extend the held one throws (exit 4) before anything is written. */
  async run(pin: Pin): Promise<void> {
    this.pin = pin;
    await this.readLog();
    const work = [...this.log.replay.versions.values()].filter((v) => this.needsWork(v));
    if (work.some((v) => v.status === 'published')) await this.claimHeldSignatures(work);
    this.progress.expect(work.filter((v) => v.status === 'published').length);
    await pool(work, this.concurrency, async (v) => {
      await this.settle(v);
      await this.saveSoon();
    });
  }

  /** Read the server's log on from the held head; false when the reading stopped short of its head (refused). */
  private async readLog(): Promise<boolean> {
    const followed = await follow(this.source, this.log, this.pin!, async (entries: LogEntry[], x) => {
      await this.log.append(entries);
      this.state.head = this.log.head;
      this.state.platform.x = x;
      this.counts.logAdded += entries.length;
      await this.save();
    });
    if (followed.problem) {
      this.logComplete = false;
      this.refuse(LOG_PATH, `${followed.problem}; the log is kept up to the entry before, and the next run reads on from there`);
    }
    return !followed.problem;
  }

  /** The signatures of the versions held from earlier runs, so that a later entry replaying one is refused (one read each). */
  private async claimHeldSignatures(work: readonly LoggedVersion[]): Promise<void> {
    const pending = new Set(work.map((v) => versionKey(v.departmentId, v.year, v.version)));
    for (const v of this.log.replay.versions.values()) {
      const held = this.state.versions[versionKey(v.departmentId, v.year, v.version)];
      if (!held || pending.has(versionKey(v.departmentId, v.year, v.version))) continue;
      const m = await this.tree.heldManifest(refOf(v), v.version, held.record.manifestSha256);
      if (m) claimHeld(this.log.replay.keys, v, m.manifest);
    }
  }

  private needsWork(v: LoggedVersion): boolean {
    const held = this.state.versions[versionKey(v.departmentId, v.year, v.version)];
    return !held || held.record.status !== v.status || held.record.manifestSha256 !== v.manifestSha256;
  }

  /** Record verified versions now and then, so that a killed run loses little. */
  private async saveSoon(): Promise<void> {
    if (Date.now() - this.savedAt < 1000) return;
    this.savedAt = Date.now();
    await this.save();
  }

  refuse(path: string, problem: string): 'refused' {
    this.counts.refused.push({ path, problem });
    this.progress.line(`! refused ${path}: ${problem}`);
    return 'refused';
  }

  error(problem: string): 'error' {
    this.counts.errors.push(problem);
    this.progress.line(`! ${problem}`);
    return 'error';
  }

  private async settle(v: LoggedVersion): Promise<Outcome> {
    const held = this.state.versions[versionKey(v.departmentId, v.year, v.version)];
    const api = versionPath(v.departmentId, v.year, v.version);
    if (held && held.record.manifestSha256 !== v.manifestSha256) {
      // The log cannot say this (the replay refuses a version named twice): the state or the log file was altered.
      return this.refuse(api, `the log names it with manifest sha256 ${v.manifestSha256}, but this mirror verified it with ${held.record.manifestSha256}; a version never changes, so the mirror keeps what it verified`);
    }
    if (held?.record.status === 'withdrawn') return this.refuse(api, 'this mirror holds it as withdrawn, but its log says it is published: the state or the log file was altered');
    if (v.status === 'published') return this.publish(v);
    return held ? this.withdraw(v, held) : this.withdrawnUnseen(v);
  }

  // ---- a publication ------------------------------------------------------------------------------

  /** Verify the version from disk (a killed run, an upgraded mirror) or else from its pack, and keep it. */
  async publish(v: LoggedVersion, restoring = false): Promise<Outcome> {
    const d = refOf(v);
    if (!restoring) {
      const disk = await this.diskSet(d, v.version);
      if (disk.get(MANIFEST_PATH)) {
        const r = await verifyVersion(disk, v, this.log.replay.keys, this.verifying);
        if (r.ok) {
          await this.keep(v, r.version, 'adopted');
          return 'ok';
        }
      }
    }
    const path = packPath(v.departmentId, v.year, v.version);
    let res: Fetched;
    try {
      res = await this.source.get(path, { accept: 'application/gzip' }, LIMITS.packBytes);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      if (!restoring) await this.tree.remove(this.tree.versionDir(d, v.version));
      return this.refuse(path, `${e.message}; nothing of this version is kept`);
    }
    if (res.status === 410) return this.gone(v, path);
    if (res.status !== 200) return this.error(`${path} answered ${res.status}`);
    this.counts.packsFetched++;
    this.counts.packBytes += res.body.byteLength;
    this.progress.file(res.body.byteLength);
    // Inflated as a stream and given up past the cap: a gzip bomb is refused, never held whole.
    const inflated = await inflatePack(res.body as Uint8Array<ArrayBuffer>, LIMITS.packInflatedBytes);
    const r: { ok: false; problem: string } | Awaited<ReturnType<typeof verifyVersion>> = !inflated.ok
      ? { ok: false, problem: inflated.tooLarge ? `${this.source.url(path)}: inflated, it is more than ${sizeText(LIMITS.packInflatedBytes)}, the most a mirror accepts for a pack; not inflated further, nothing of this version is kept` : inflated.problem }
      : inflated.pack.withdrawn !== undefined
        ? { ok: false, problem: `the server answers it as withdrawn (${inflated.pack.withdrawn}), but the log names no withdrawal` }
        : await verifyVersion({ paths: () => inflated.pack.paths(), get: (p) => inflated.pack.get(p)?.body }, v, this.log.replay.keys, this.verifying);
    if (!r.ok) {
      // What is at the version's path was never verified (or is an edited copy): it is not served.
      if (!restoring) await this.tree.remove(this.tree.versionDir(d, v.version));
      return this.refuse(path, r.problem);
    }
    await this.keep(v, r.version, restoring ? 'restored' : 'fetched');
    return 'ok';
  }

  /**
   * The pack of a version the log publishes answered 410 (withdrawn). If it was withdrawn after this run
   * read the log, the log says so now: it is read again (once a run). A withdrawal there, or a log whose
   * reading stopped short of its head (a withdrawal may lie beyond), leaves the version for the next run.
   * Otherwise the server withholds a version its own log publishes: a failure (exit 3), and the version is
   * not recorded, so that every run asks for it again until it is given or the log withdraws it.
   */
  private async gone(v: LoggedVersion, path: string): Promise<Outcome> {
    if (this.logComplete) {
      this.reread ??= this.readLog();
      await this.reread;
    }
    const now = this.log.replay.versions.get(loggedVersionKey(v.departmentId, v.year, v.version));
    if (!this.logComplete || now?.status === 'withdrawn') {
      this.counts.versionsGone++;
      this.progress.line(`~ ${v.departmentId}/${v.year} v${v.version}: withdrawn since the log was read; the next run applies the withdrawal`);
      return 'gone';
    }
    return this.error(
      `${v.departmentId}/${v.year} v${v.version}: ${this.source.url(path)} answered 410 (withdrawn), but the log, read to its head (entry ${this.log.head.size}), publishes this version and withdraws it nowhere; ` +
        'the version is not kept, and the next run asks for it again',
    );
  }

  private async keep(v: LoggedVersion, verified: VerifiedVersion, how: 'fetched' | 'adopted' | 'restored'): Promise<void> {
    const d = refOf(v);
    const manifestBody = verified.files.get(MANIFEST_PATH)!;
    // A copy of the manifest outside the served tree: the version's document is rendered from it after a withdrawal too.
    await this.tree.write(this.tree.manifestCopy(d, v.version), manifestBody);
    const doc = versionDocBytes(verified.record, verified.manifest, manifestBody.byteLength, v);
    const files = await this.tree.writeVersion(d, v.version, verified.files, doc);
    this.state.versions[versionKey(v.departmentId, v.year, v.version)] = { record: verified.record, names: verified.names, files };
    this.touched.add(datasetKey(v.departmentId, v.year));
    if (how === 'restored') return;
    if (how === 'adopted') {
      this.counts.versionsAdopted++;
      this.progress.file(0);
    } else this.counts.versionsAdded++;
    const bytes = [...verified.files.values()].reduce((s, b) => s + b.byteLength, 0);
    this.progress.line(`+ ${v.departmentId}/${v.year} v${v.version}: ${verified.files.size} files, ${formatBytes(bytes)}${how === 'adopted' ? ' (verified on disk)' : ''}`);
  }

  /** A version's files as a previous run left them at its path. */
  async diskSet(d: DatasetRef, n: number): Promise<FileSet> {
    const paths = await this.tree.versionFiles(d, n);
    const bodies = new Map<string, Uint8Array>();
    for (const p of paths) bodies.set(p, (await this.tree.read(join(this.tree.versionDir(d, n), p)))!);
    return { paths: () => paths, get: (p) => bodies.get(p) };
  }

  // ---- a withdrawal -------------------------------------------------------------------------------

  /**
   * A signed withdrawal of a version this mirror holds: the tombstone with the log's reason at its path
   * (a static server answers 410 for its files from then on), its files moved aside (deleted only by
   * --purge-withdrawn), its document rendered as withdrawn.
   */
  private async withdraw(v: LoggedVersion, held: HeldVersion): Promise<Outcome> {
    const d = refOf(v);
    const w = v.withdrawn!;
    await this.tree.write(join(this.tree.versionDir(d, v.version), TOMBSTONE), tombstoneBytes(v));
    const moved = await this.tree.moveAside(d, v.version);
    const record: VersionRecord = { ...held.record, status: 'withdrawn', withdrawnAt: w.at, withdrawnReason: w.reason };
    const manifest = await this.tree.heldManifest(d, v.version, held.record.manifestSha256);
    if (manifest) await this.tree.write(this.tree.docFile(versionPath(v.departmentId, v.year, v.version)), versionDocBytes(record, manifest.manifest, manifest.bytes, v));
    else this.error(`${this.tree.manifestCopy(d, v.version)} is missing or damaged, so the withdrawn version's document was not rendered again`);
    this.state.versions[versionKey(v.departmentId, v.year, v.version)] = { ...held, record, files: {} };
    this.touched.add(datasetKey(v.departmentId, v.year));
    this.counts.versionsWithdrawn++;
    const aside = moved ? ` (${moved} file(s) moved aside to ${relative(this.tree.root, this.tree.asideDir(d, v.version)).split(sep).join('/')})` : '';
    this.progress.line(`- ${v.departmentId}/${v.year} v${v.version} withdrawn: ${w.reason}${aside}`);
    return 'ok';
  }

  /**
   * A version withdrawn before this mirror held it: its files are gone from the server, so only the
   * tombstone is kept, and its document is the server's, read against the schema and checked against
   * every member the log states (manifest sha256, times, reason, entries); its file list, key id and
   * findings cannot be verified here.
   */
  private async withdrawnUnseen(v: LoggedVersion): Promise<Outcome> {
    const d = refOf(v);
    const w = v.withdrawn!;
    const api = versionPath(v.departmentId, v.year, v.version);
    const got = await this.doc(api, VersionDocumentSchema);
    if (!got.ok) return this.error(got.problem);
    const doc = got.doc;
    const disagrees = [
      doc.departmentId !== v.departmentId || doc.year !== v.year || doc.version !== v.version ? 'another version' : null,
      doc.sha256 !== v.manifestSha256 ? `manifest sha256 ${doc.sha256}` : null,
      doc.status !== 'withdrawn' || doc.withdrawnAt !== w.at || doc.withdrawnReason !== w.reason ? 'another withdrawal' : null,
      doc.publishedAt !== v.publishedAt ? `published at ${doc.publishedAt}` : null,
      doc.log.published?.hash !== v.hash || doc.log.withdrawn?.hash !== w.hash ? 'other log entries' : null,
    ].filter((x) => x !== null);
    if (disagrees.length) return this.refuse(api, `the server's document of this withdrawn version does not agree with the log: ${disagrees.join(', ')}`);
    const record: VersionRecord = {
      departmentId: v.departmentId, year: v.year, version: v.version, publishedAt: v.publishedAt, status: 'withdrawn', withdrawnAt: w.at, withdrawnReason: w.reason,
      filingSha256: doc.filingSha256, manifestSha256: v.manifestSha256, keyId: doc.keyId, findings: doc.findings,
    };
    // Whatever was at its path was never verified (a refused attempt): only the tombstone and the document stay.
    await this.tree.remove(this.tree.versionDir(d, v.version));
    await this.tree.write(join(this.tree.versionDir(d, v.version), TOMBSTONE), tombstoneBytes(v));
    const docFile = this.tree.docFile(api);
    await this.tree.write(docFile, `${JSON.stringify(doc, null, 2)}\n`);
    this.state.docs[this.tree.relative(docFile)] = this.tree.stat(docFile)!;
    this.state.versions[versionKey(v.departmentId, v.year, v.version)] = { record, names: null, files: {} };
    this.touched.add(datasetKey(v.departmentId, v.year));
    this.counts.versionsWithdrawn++;
    this.progress.line(`- ${v.departmentId}/${v.year} v${v.version} withdrawn before this mirror held it: ${w.reason}`);
    return 'ok';
  }

  /** A document of the server (docs.ts); one larger than a document may be is a failure of that document, not of the run. */
  private async doc<S extends GenericSchema>(api: string, schema: S): ReturnType<typeof fetchDoc<S>> {
    try {
      return await fetchDoc(this.source, api, schema);
    } catch (e) {
      if (e instanceof TooLarge) return { ok: false, problem: e.message };
      throw e;
    }
  }

  /** Names for a dataset none of whose versions this mirror held: from the server's dataset document (they are not signed). */
  async fetchNames(d: DatasetRef): Promise<boolean> {
    const got = await this.doc(datasetPath(d.departmentId, d.year), DatasetSchema);
    if (!got.ok) {
      this.error(got.problem);
      return false;
    }
    this.state.names[datasetKey(d.departmentId, d.year)] = { departmentName: got.doc.departmentName, regionCode: got.doc.regionCode, template: got.doc.template };
    return true;
  }
}
