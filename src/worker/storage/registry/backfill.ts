// A store made before the transparency log already holds keys and versions: its first log records them,
// in the order they happened (registrations and revocations by time, versions in change-feed order), with
// their own times, so that a mirror verifies every version, old ones included, from the signed log.
import type { LogBody } from '../../../core/contract/log.ts';
import { changeRecord, keyRecord } from './rows.ts';

interface Event {
  at: string;
  body: LogBody;
}

export function backfill(sql: SqlStorage): Event[] {
  const keys = sql.exec('SELECT * FROM keys').toArray().map(keyRecord);
  const keyEvents: Event[] = [
    ...keys.map((k): Event => ({ at: k.createdAt, body: { kind: 'key-registered', keyId: k.keyId, departmentId: k.departmentId, x: k.x, validFrom: k.validFrom, validUntil: k.validUntil } })),
    ...keys.filter((k) => k.revokedAt).map((k): Event => ({ at: k.revokedAt!, body: { kind: 'key-revoked', keyId: k.keyId, reason: k.revokedReason ?? '' } })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.body.kind === 'key-registered' ? -1 : 1));
  const versionEvents = sql.exec('SELECT * FROM changes ORDER BY seq').toArray().map(changeRecord).map((c): Event => ({
    at: c.at,
    body: c.kind === 'withdrawn'
      ? { kind: 'version-withdrawn', departmentId: c.departmentId, year: c.year, version: c.version, manifestSha256: c.manifestSha256, reason: c.reason ?? '' }
      : { kind: 'version-published', departmentId: c.departmentId, year: c.year, version: c.version, manifestSha256: c.manifestSha256 },
  }));
  // Merged by time, each list keeping its own order: a key comes before the versions it signed.
  const out: Event[] = [];
  let i = 0;
  let j = 0;
  while (i < keyEvents.length || j < versionEvents.length) {
    if (j >= versionEvents.length || (i < keyEvents.length && keyEvents[i]!.at <= versionEvents[j]!.at)) out.push(keyEvents[i++]!);
    else out.push(versionEvents[j++]!);
  }
  return out;
}
