// One mirror run: read the change feed from the cursor, fetch and verify every new version, apply
// withdrawals, refresh the documents of the datasets touched, and advance the cursor only past
// changes that are fully applied (so a refusal or a crash is retried by the next run).
// A version once verified never changes: a feed entry that names it with another manifest is refused
// (a correction is always a new version), and a withdrawal moves its files aside rather than deleting them.
import { join, relative, sep } from 'node:path';
import { DatasetSchema } from '../../core/contract/dataset.ts';
import { MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import { parseDocument } from '../../core/contract/issues.ts';
import { KeySetSchema } from '../../core/contract/key-set.ts';
import type { Manifest, ManifestFile } from '../../core/contract/manifest.ts';
import { datasetPath, filePath, KEYS_PATH, versionPath } from '../../core/contract/urls.ts';
import { VersionDocumentSchema } from '../../core/contract/version.ts';
import type { PublishedKey } from '../../core/version/verify.ts';
import { CliError, EXIT } from '../exit.ts';
import { fetchDoc, heldDoc } from './docs.ts';
import { plan, readPage, type VersionTask } from './feed.ts';
import { formatBytes, type Progress } from './progress.ts';
import { jsonOf, type Source } from './source.ts';
import { versionKey, type MirrorState } from './state.ts';
import { TOMBSTONE, type DatasetRef, type Tree } from './tree.ts';
import { checkManifest, fileProblem, publishedKeys, versionSignatureProblem } from './verify.ts';

export interface Refusal {
  /** The API path of what was refused. */
  path: string;
  problem: string;
}

export interface SyncCounts {
  versionsAdded: number;
  versionsWithdrawn: number;
  filesFetched: number;
  /** Files already verified on disk (a resumed run) or copied from an earlier version with the same sha256. */
  filesReused: number;
  fileBytes: number;
  datasetsTouched: number;
  refused: Refusal[];
  /** The source failed to give something (not a verification failure). */
  errors: string[];
}

type Outcome = 'ok' | 'gone' | 'refused' | 'error';

async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export class Sync {
  readonly counts: SyncCounts = { versionsAdded: 0, versionsWithdrawn: 0, filesFetched: 0, filesReused: 0, fileBytes: 0, datasetsTouched: 0, refused: [], errors: [] };
  last = 0;
  private keys: Promise<Map<string, PublishedKey>> | null = null;
  private keysRefreshed = false;
  private savedAt = Date.now();

  constructor(
    private readonly source: Source,
    private readonly tree: Tree,
    private readonly state: MirrorState,
    private readonly progress: Progress,
    private readonly concurrency: number,
    private readonly save: () => Promise<void>,
  ) {}

  async run(): Promise<void> {
    await this.loadKeys(false);
    let since = this.state.cursor;
    let blocked = false;
    for (;;) {
      const page = await readPage(this.source, since);
      this.last = page.last;
      if (page.changes.length === 0) break;
      const all = plan(page.changes);
      const tasks = all.filter((t) => !this.settled(t));
      const outcomes = new Map<VersionTask, Outcome>();
      await pool(tasks, this.concurrency, async (t) => {
        const changed = this.changed(t);
        outcomes.set(t, changed ? this.refuse(versionPath(t.departmentId, t.year, t.version), changed) : t.kind === 'withdraw' ? await this.withdraw(t) : await this.publish(t));
        await this.saveSoon();
      });
      // A dataset's document is fetched again when it has not yet reflected its latest change.
      const datasets = new Map<string, { ref: DatasetRef; seq: number }>();
      for (const t of all) {
        const key = `${t.departmentId}/${t.year}`;
        const seq = Math.max(...t.seqs, datasets.get(key)?.seq ?? 0);
        datasets.set(key, { ref: { departmentId: t.departmentId, year: t.year }, seq });
      }
      const stale = [...datasets].filter(([key, d]) => (this.state.datasets[key] ?? 0) < d.seq);
      // A dataset with a version still to verify is looked at again next run (its `latest` may move then).
      const incomplete = new Set(tasks.filter((t) => outcomes.get(t) === 'refused' || outcomes.get(t) === 'error').map((t) => `${t.departmentId}/${t.year}`));
      const datasetFailed = new Set<string>();
      await pool(stale, this.concurrency, async ([key, d]) => {
        if (!(await this.dataset(d.ref))) datasetFailed.add(key);
        else if (!incomplete.has(key)) this.state.datasets[key] = d.seq;
      });
      this.counts.datasetsTouched += stale.length;
      // The cursor moves past a change only when it and every change before it are applied.
      const unsettled = all
        .filter((t) => outcomes.get(t) === 'refused' || outcomes.get(t) === 'error' || datasetFailed.has(`${t.departmentId}/${t.year}`))
        .flatMap((t) => t.seqs);
      if (!blocked) {
        if (unsettled.length) {
          this.state.cursor = Math.min(...unsettled) - 1;
          blocked = true;
        } else this.state.cursor = page.changes.at(-1)!.seq;
      }
      await this.save();
      since = page.changes.at(-1)!.seq;
      if (page.caughtUp) break;
    }
  }

  /** Record verified versions now and then, so that a killed run loses little (the cursor moves per page). */
  private async saveSoon(): Promise<void> {
    if (Date.now() - this.savedAt < 1000) return;
    this.savedAt = Date.now();
    await this.save();
  }

  /** Already done by an earlier run (the cursor lags behind a refusal, or a run was killed). */
  private settled(t: VersionTask): boolean {
    if (t.conflict) return false; // refused again by every run
    const known = this.state.versions[versionKey(t.departmentId, t.year, t.version)];
    if (!known) return false;
    if (known.manifestSha256 !== t.manifestSha256) return false; // refused by changed()
    if (known.status === 'withdrawn') return true; // withdrawal is final
    return t.kind === 'publish';
  }

  /**
   * Why the task would change a version the mirror holds, or that the feed names with two manifests;
   * null when it does not. Nothing is fetched or written for such a task.
   */
  private changed(t: VersionTask): string | null {
    const v = `${t.departmentId}/${t.year} version ${t.version}`;
    const known = this.state.versions[versionKey(t.departmentId, t.year, t.version)];
    if (known && known.manifestSha256 !== t.manifestSha256) {
      const held = known.status === 'published' ? 'was verified' : 'was withdrawn';
      return `the change feed names ${v} with manifest sha256 ${t.manifestSha256}, but it ${held} with manifest sha256 ${known.manifestSha256}; a version never changes (a correction is a new version), so the mirror keeps what it verified`;
    }
    if (t.conflict) {
      return `the change feed names ${v} with manifest sha256 ${t.manifestSha256} and then (change ${t.conflict.seq}) with ${t.conflict.manifestSha256}; a version never changes, so neither is fetched`;
    }
    return null;
  }

  private refuse(path: string, problem: string): 'refused' {
    this.counts.refused.push({ path, problem });
    this.progress.line(`! refused ${path}: ${problem}`);
    return 'refused';
  }

  private error(problem: string): 'error' {
    this.counts.errors.push(problem);
    this.progress.line(`! ${problem}`);
    return 'error';
  }

  // ---- keys -------------------------------------------------------------------------------------

  /** GET /v1/keys (conditional on the stored ETag); the mirror keeps it at v1/keys/index.json. */
  private loadKeys(force: boolean): Promise<Map<string, PublishedKey>> {
    if (this.keys && !force) return this.keys;
    this.keys = (async () => {
      const file = this.tree.docFile(KEYS_PATH);
      const local = this.state.keysEtag && !force ? await this.tree.read(file) : null;
      const res = await this.source.get(KEYS_PATH, local ? { 'if-none-match': this.state.keysEtag! } : {});
      if (res.status === 304 && local) return publishedKeys(JSON.parse(new TextDecoder().decode(local)));
      if (res.status !== 200) throw new CliError(`GET ${KEYS_PATH} answered ${res.status}; cannot verify signatures`, EXIT.server);
      const doc = jsonOf(res);
      if (!doc) throw new CliError(`GET ${KEYS_PATH} is not JSON; cannot verify signatures`, EXIT.server);
      const parsed = parseDocument(KeySetSchema, doc, this.source.url(KEYS_PATH));
      if (!parsed.ok) throw new CliError(`${parsed.problem}; cannot verify signatures`, EXIT.server);
      await this.tree.write(file, res.body);
      this.state.keysEtag = res.headers.get('etag');
      return publishedKeys(parsed.value);
    })();
    return this.keys;
  }

  /** The key list, fetched again once per run when it does not name a key (registered since). */
  private async keyList(keyId: string): Promise<Map<string, PublishedKey>> {
    const keys = await this.loadKeys(false);
    if (keys.has(keyId) || this.keysRefreshed) return keys;
    this.keysRefreshed = true;
    return this.loadKeys(true);
  }

  // ---- a version --------------------------------------------------------------------------------

  private async publish(t: VersionTask): Promise<Outcome> {
    const d: DatasetRef = { departmentId: t.departmentId, year: t.year };
    const n = t.version;
    const api = versionPath(d.departmentId, d.year, n);
    const manifestApi = filePath(d.departmentId, d.year, n, MANIFEST_PATH);
    const manifestFile = join(this.tree.versionDir(d, n), MANIFEST_PATH);

    // 1. The manifest, bound to the feed by its sha256 (kept from a killed run when it still matches).
    let body = await this.tree.read(manifestFile);
    let fetched = false;
    if (!body || checkManifest(body, t.manifestSha256, { ...d, version: n }).ok === false) {
      const res = await this.source.get(manifestApi);
      if (res.status === 410) return 'gone';
      if (res.status !== 200) return this.error(`${manifestApi} answered ${res.status}`);
      body = res.body;
      fetched = true;
    }
    const checked = checkManifest(body, t.manifestSha256, { ...d, version: n });
    if (!checked.ok) {
      await this.tree.remove(manifestFile);
      return this.refuse(manifestApi, checked.problem);
    }
    const manifest = checked.value;
    if (fetched) {
      await this.tree.write(manifestFile, body);
      this.counts.filesFetched++;
      this.counts.fileBytes += body.byteLength;
    }
    this.progress.expect(manifest.files.length + 1);
    this.progress.file(fetched ? body.byteLength : 0);

    // 2. submission.json and the department's signature over it, before anything else is fetched.
    const submission = manifest.files.find((f) => f.path === SUBMISSION_PATH);
    if (!submission) return this.refuse(manifestApi, `it lists no ${SUBMISSION_PATH}, so the signature cannot be checked`);
    const sub = await this.file(d, n, submission, true);
    if (sub.outcome !== 'ok') return sub.outcome;
    const signature = await versionSignatureProblem(manifest, sub.body!, await this.keyList(manifest.signature.keyId));
    if (signature) {
      await this.tree.remove(this.tree.versionDir(d, n));
      return this.refuse(api, `the department's signature does not verify: ${signature}`);
    }

    // 3. Every other file, verified against the manifest one by one.
    const rest = await Promise.all(manifest.files.filter((f) => f !== submission).map((f) => this.file(d, n, f, false)));
    const outcomes = rest.map((r) => r.outcome);
    if (outcomes.includes('gone')) return 'gone';
    if (outcomes.includes('refused')) return 'refused';
    if (outcomes.includes('error')) return 'error';

    // 4. The version document, as the API serves it.
    const doc = await this.versionDoc(d, n, t.manifestSha256);
    if (doc !== 'ok') return doc;
    this.state.versions[versionKey(d.departmentId, d.year, n)] = { manifestSha256: t.manifestSha256, status: 'published' };
    this.counts.versionsAdded++;
    this.progress.line(`+ ${d.departmentId}/${d.year} v${n}: ${manifest.files.length + 1} files, ${formatBytes(totalBytes(manifest) + body.byteLength)}`);
    return 'ok';
  }

  /**
   * One file of a version: already on disk and intact → kept; the same bytes in another version of
   * the dataset → copied; otherwise fetched, verified, and only then put in place.
   */
  private async file(d: DatasetRef, n: number, entry: ManifestFile, wantBody: boolean): Promise<{ outcome: Outcome; body?: Uint8Array }> {
    const path = filePath(d.departmentId, d.year, n, entry.path);
    const target = this.tree.versionFile(d, n, entry.path);
    if (!target) return { outcome: this.refuse(path, 'the path leaves the version directory or takes a name the mirror uses') };
    if (await this.tree.holds(target, entry.bytes, entry.sha256)) {
      this.counts.filesReused++;
      this.progress.file(0);
      return { outcome: 'ok', ...(wantBody ? { body: (await this.tree.read(target))! } : {}) };
    }
    const copy = await this.sameBytesElsewhere(d, n, entry);
    if (copy) {
      await this.tree.write(target, copy);
      this.counts.filesReused++;
      this.progress.file(0);
      return { outcome: 'ok', body: copy };
    }
    const res = await this.source.get(path);
    if (res.status === 410) return { outcome: 'gone' };
    if (res.status !== 200) return { outcome: this.error(`${path} answered ${res.status}`) };
    const problem = fileProblem(res.body, entry);
    if (problem) {
      await this.tree.remove(target); // a stale or damaged copy is not kept either
      return { outcome: this.refuse(path, problem) };
    }
    await this.tree.write(target, res.body);
    this.counts.filesFetched++;
    this.counts.fileBytes += res.body.byteLength;
    this.progress.file(res.body.byteLength);
    return { outcome: 'ok', body: res.body };
  }

  /** A correction changes a few tables: the others are the same bytes as in the version before. */
  private async sameBytesElsewhere(d: DatasetRef, n: number, entry: ManifestFile): Promise<Uint8Array | null> {
    for (let m = n - 1; m >= 1; m--) {
      const known = this.state.versions[versionKey(d.departmentId, d.year, m)];
      if (known?.status !== 'published') continue;
      const other = this.tree.versionFile(d, m, entry.path);
      if (other && (await this.tree.holds(other, entry.bytes, entry.sha256))) return this.tree.read(other);
      return null; // only the latest verified version before this one is worth a look
    }
    return null;
  }

  private async versionDoc(d: DatasetRef, n: number, manifestSha256: string): Promise<'ok' | 'refused' | 'error'> {
    const api = versionPath(d.departmentId, d.year, n);
    // A published version's document does not change until a withdrawal (which fetches it anew).
    const held = await heldDoc(this.tree, this.tree.docFile(api), VersionDocumentSchema);
    if (held?.sha256 === manifestSha256 && held.status === 'published') return 'ok';
    const got = await fetchDoc(this.source, api, VersionDocumentSchema);
    if (!got.ok) return this.error(got.problem);
    if (got.doc.sha256 !== manifestSha256) return this.refuse(api, 'the version document names another manifest than the change feed');
    await this.tree.write(this.tree.docFile(api), got.fetched.body);
    return 'ok';
  }

  // ---- a withdrawal -----------------------------------------------------------------------------

  /**
   * Leave a tombstone with the reason at the version's path (a static server answers 410 for its files
   * from then on), move the files aside (deleted only by --purge-withdrawn), keep the (withdrawn)
   * version document.
   */
  private async withdraw(t: VersionTask): Promise<Outcome> {
    const d: DatasetRef = { departmentId: t.departmentId, year: t.year };
    const n = t.version;
    const api = versionPath(d.departmentId, d.year, n);
    const got = await fetchDoc(this.source, api, VersionDocumentSchema);
    if (!got.ok) return this.error(got.problem);
    const dir = this.tree.versionDir(d, n);
    const tombstone = { status: 'withdrawn', departmentId: d.departmentId, year: d.year, version: n, withdrawnAt: t.at, reason: t.reason, manifestSha256: t.manifestSha256, seq: Math.max(...t.seqs) };
    await this.tree.write(join(dir, TOMBSTONE), JSON.stringify(tombstone, null, 2) + '\n');
    const moved = await this.tree.moveAside(d, n);
    await this.tree.write(this.tree.docFile(api), got.fetched.body);
    this.state.versions[versionKey(d.departmentId, d.year, n)] = { manifestSha256: t.manifestSha256, status: 'withdrawn' };
    this.counts.versionsWithdrawn++;
    const aside = moved ? ` (${moved} file(s) moved aside to ${relative(this.tree.root, this.tree.asideDir(d, n)).split(sep).join('/')})` : '';
    this.progress.line(`- ${d.departmentId}/${d.year} v${n} withdrawn: ${t.reason ?? '(no reason given)'}${aside}`);
    return 'ok';
  }

  // ---- a dataset --------------------------------------------------------------------------------

  /** The dataset document as served now, and `latest` as the newest version the mirror has verified. */
  private async dataset(d: DatasetRef): Promise<boolean> {
    const api = datasetPath(d.departmentId, d.year);
    const got = await fetchDoc(this.source, api, DatasetSchema);
    if (!got.ok) {
      this.error(got.problem);
      return false;
    }
    await this.tree.write(this.tree.docFile(api), got.fetched.body);
    const doc = got.doc;
    const latest = this.state.versions[versionKey(d.departmentId, d.year, doc.latestVersion)];
    if (doc.status === 'withdrawn') await this.tree.setLatest(d, null);
    else if (latest?.status === 'published') await this.tree.setLatest(d, doc.latestVersion);
    // Otherwise the latest version is not verified yet: the previous `latest` stays until it is.
    return true;
  }
}

function totalBytes(m: Manifest): number {
  return m.files.reduce((s, f) => s + f.bytes, 0);
}
