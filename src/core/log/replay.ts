// What the log says, folded entry by entry: the department keys with their validity and revocation, and
// every version with its manifest digest and status. Each entry is also checked against what came before
// (a key id registered twice, a revocation of an unknown key, a version number skipped or given twice, a
// withdrawal of a version never published, a time before the entry before it): a log that says such a
// thing is refused, whoever signed it. Times never go back along the log (the Registry appends every entry
// in one Durable Object, storage/registry/log.ts), so that a time cannot put an entry before one it follows;
// the first entry, which names the platform key, is the log's start, and a store made before the log
// records its earlier history after it with its own times (storage/registry/backfill.ts).
import type { LogEntry, LogRef } from '../contract/log.ts';
import type { PublishedKey } from '../version/verify.ts';

export interface LoggedKey extends PublishedKey {
  registeredAt: string;
  revokedReason: string | null;
  /** The entries that registered and revoked it (as GET /v1/keys names them). */
  log: { registered: LogRef; revoked: LogRef | null };
}

export interface LoggedVersion {
  departmentId: string;
  year: number;
  version: number;
  manifestSha256: string;
  publishedAt: string;
  status: 'published' | 'withdrawn';
  seq: number;
  hash: string;
  withdrawn: { at: string; reason: string; seq: number; hash: string } | null;
}

export const loggedVersionKey = (d: string, y: number, n: number): string => `${d}/${y}/${n}`;

export class LogReplay {
  readonly keys = new Map<string, LoggedKey>();
  readonly versions = new Map<string, LoggedVersion>();
  private readonly latest = new Map<string, number>();
  /** The time of the last entry after the first. */
  private lastAt: { at: string; ms: number; seq: number } | null = null;
  platformX: string | null = null;

  /** Why the entry cannot follow what the log has said so far, or null (and it is applied). */
  apply(e: LogEntry): string | null {
    if (e.kind !== 'platform-key') {
      const ms = Date.parse(e.at);
      if (this.lastAt && !(ms >= this.lastAt.ms)) return `entry ${e.seq} is dated ${e.at}, before entry ${this.lastAt.seq} (${this.lastAt.at}); the log's times never go back`;
      const problem = this.applyKind(e);
      if (problem === null) this.lastAt = { at: e.at, ms, seq: e.seq };
      return problem;
    }
    return this.applyKind(e);
  }

  private applyKind(e: LogEntry): string | null {
    switch (e.kind) {
      case 'platform-key':
        if (this.platformX !== null) return `entry ${e.seq} names a second platform key`;
        this.platformX = e.x;
        return null;
      case 'key-registered': {
        if (this.keys.has(e.keyId)) return `entry ${e.seq} registers key ${e.keyId} again; key ids are never reused`;
        this.keys.set(e.keyId, { keyId: e.keyId, departmentId: e.departmentId, x: e.x, validFrom: e.validFrom, validUntil: e.validUntil, revokedAt: null, revokedReason: null, registeredAt: e.at, log: { registered: { seq: e.seq, hash: e.hash }, revoked: null } });
        return null;
      }
      case 'key-revoked': {
        const k = this.keys.get(e.keyId);
        if (!k) return `entry ${e.seq} revokes key ${e.keyId}, which the log never registered`;
        if (k.revokedAt) return `entry ${e.seq} revokes key ${e.keyId} again`;
        Object.assign(k, { revokedAt: e.at, revokedReason: e.reason });
        k.log.revoked = { seq: e.seq, hash: e.hash };
        return null;
      }
      case 'version-published': {
        const dataset = `${e.departmentId}/${e.year}`;
        const expected = (this.latest.get(dataset) ?? 0) + 1;
        if (e.version !== expected) return `entry ${e.seq} publishes ${dataset} version ${e.version}; the next number is ${expected}`;
        this.latest.set(dataset, e.version);
        this.versions.set(loggedVersionKey(e.departmentId, e.year, e.version), {
          departmentId: e.departmentId, year: e.year, version: e.version, manifestSha256: e.manifestSha256, publishedAt: e.at, status: 'published', seq: e.seq, hash: e.hash, withdrawn: null,
        });
        return null;
      }
      case 'version-withdrawn': {
        const v = this.versions.get(loggedVersionKey(e.departmentId, e.year, e.version));
        const what = `${e.departmentId}/${e.year} version ${e.version}`;
        if (!v) return `entry ${e.seq} withdraws ${what}, which the log never published`;
        if (v.manifestSha256 !== e.manifestSha256) return `entry ${e.seq} withdraws ${what} with another manifest than it was published with`;
        if (v.withdrawn) return `entry ${e.seq} withdraws ${what} again`;
        v.status = 'withdrawn';
        v.withdrawn = { at: e.at, reason: e.reason, seq: e.seq, hash: e.hash };
        return null;
      }
    }
  }

  /** The versions of a dataset the log knows, in order. */
  datasetVersions(d: string, y: number): LoggedVersion[] {
    const n = this.latest.get(`${d}/${y}`) ?? 0;
    return Array.from({ length: n }, (_, i) => this.versions.get(loggedVersionKey(d, y, i + 1))!);
  }
}
