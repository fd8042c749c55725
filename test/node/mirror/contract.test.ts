// The mirror and the command line read what they fetch with the API's schemas (src/core/contract): a
// source that answers a document of another shape is refused with the place of each mismatch and the
// URL, not trusted; a member they do not know (a later server's, a compatible change) is ignored where
// nothing signs the document (a log entry's members are all covered by its hash).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentOf, type Answer } from '../../../src/cli/client.ts';
import { fetchDoc } from '../../../src/cli/mirror/docs.ts';
import { follow, HeldLog } from '../../../src/cli/mirror/log.ts';
import { Source } from '../../../src/cli/mirror/source.ts';
import { Tree } from '../../../src/cli/mirror/tree.ts';
import { DatasetSchema } from '../../../src/core/contract/dataset.ts';
import { ReceiptSchema } from '../../../src/core/contract/receipt.ts';
import { datasetPath, logPath } from '../../../src/core/contract/urls.ts';
import { CliError } from '../../../src/cli/exit.ts';

const BASE = 'http://source.test';
const sha = 'a'.repeat(64);
const summary = { error: 0, warning: 0, info: 0, skipped: 0, passed: 1, unread: 0 };
let held: HeldLog | undefined;
/** A log holding nothing (a fresh mirror's), loaded from an empty directory. */
const emptyLog = () => held!;
beforeAll(async () => {
  held = await HeldLog.load(new Tree(mkdtempSync(join(tmpdir(), 'gongkai-contract-'))), { size: 0, hash: null });
});

/** A source answering one JSON document per path. */
function source(docs: Record<string, unknown>): Source {
  return new Source(BASE, async (url) => {
    const path = url.slice(BASE.length);
    return path in docs ? new Response(JSON.stringify(docs[path]), { headers: { 'content-type': 'application/json' } }) : new Response('{}', { status: 404 });
  });
}

describe('the transparency log', () => {
  const path = logPath({ since: 0, limit: 1000 });
  const pin = { fingerprint: `sha256:${'0'.repeat(64)}`, x: null };
  const follow0 = (docs: Record<string, unknown>) => follow(source(docs), emptyLog(), pin, async () => undefined);

  it('is refused, with the place and the URL, when a page is not the contract (exit 3)', async () => {
    const e = await follow0({ [path]: { head: { size: 1, hash: 'not-a-digest' }, entries: [], next: null } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe(3);
    expect((e as CliError).message).toContain('head.hash');
    expect((e as CliError).message).toContain(`${BASE}${path}`);
  });

  it('is missing on a server from before the log: exit 3, said so', async () => {
    const e = await follow0({}).catch((x: unknown) => x);
    expect((e as CliError).code).toBe(3);
    expect((e as CliError).message).toContain('has no transparency log');
  });

  it('is read when a later server adds members to the page; an empty log stores nothing', async () => {
    const followed = await follow0({ [path]: { head: { size: 0, hash: null }, entries: [], next: null, surprise: 1 } });
    expect(followed).toEqual({ added: 0, served: { size: 0, hash: null }, problem: null, x: null });
  });
});

describe('a dataset document', () => {
  const path = datasetPath('d-1', 2023);
  const dataset = {
    id: 'd-1/2023', departmentId: 'd-1', departmentName: '某局', regionCode: '140602', year: 2023, template: 'shanxi-2023', status: 'published', latestVersion: 1,
    firstPublishedAt: '2024-01-01T00:00:00.000Z', modifiedAt: '2024-01-01T00:00:00.000Z', findings: summary,
    links: { self: path, latest: `${path}/versions/1`, latestAlias: `${path}/versions/latest`, filing: `${path}/versions/1/filing.json`, datapackage: `${path}/versions/1/datapackage.json` },
    versions: [{ version: 1, publishedAt: '2024-01-01T00:00:00.000Z', status: 'published', sha256: sha, filingSha256: sha, keyId: 'k', findings: summary, links: { self: `${path}/versions/1`, manifest: `${path}/versions/1/manifest.json` } }],
  };

  it('is read when it is the contract', async () => {
    const got = await fetchDoc(source({ [path]: dataset }), path, DatasetSchema);
    expect(got.ok && got.doc.latestVersion).toBe(1);
  });

  it('is read when a later server adds members, its own and the shared schemas\' (a summary), which are left out', async () => {
    const later = { ...dataset, surprise: true, links: { ...dataset.links, portal: '/v1/x' }, versions: [{ ...dataset.versions[0], findings: { ...summary, critical: 0 } }] };
    const got = await fetchDoc(source({ [path]: later }), path, DatasetSchema);
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.doc).toEqual(dataset);
  });

  it('is refused when a later server\'s document misses a member, with its place', async () => {
    const { latestVersion: _, ...withoutLatest } = { ...dataset, surprise: true };
    const got = await fetchDoc(source({ [path]: withoutLatest }), path, DatasetSchema);
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.problem).toContain('latestVersion');
      expect(got.problem).not.toContain('surprise');
    }
  });

  it('is refused, with the place of each mismatch, when it is not', async () => {
    const { latestVersion: _, ...withoutLatest } = dataset;
    const got = await fetchDoc(source({ [path]: { ...withoutLatest, versions: [{ ...dataset.versions[0], status: 'gone' }] } }), path, DatasetSchema);
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.problem).toContain(`${BASE}${path} does not match the API's schema`);
      expect(got.problem).toContain('latestVersion');
      expect(got.problem).toContain('versions.0.status');
    }
  });
});

describe('the command line\'s reading of an answer (documentOf)', () => {
  const url = `${BASE}/v1/submissions`;
  const receipt = {
    status: 'published', departmentId: 'd-1', year: 2023, version: 1, publishedAt: '2024-01-01T00:00:00.000Z', manifestSha256: sha, findings: summary,
    links: { self: `${BASE}/v1/datasets/d-1/2023/versions/1`, dataset: `${BASE}/v1/datasets/d-1/2023`, manifest: `${BASE}/v1/datasets/d-1/2023/versions/1/manifest.json`, findings: `${BASE}/v1/datasets/d-1/2023/versions/1/findings.json` },
  };
  const answer = (body: unknown): Answer => ({ status: 201, headers: new Headers(), body, text: JSON.stringify(body) });

  it('reads a receipt with members it does not know', () => {
    const later = { ...receipt, queuedAt: '2024-01-01T00:00:00.000Z', links: { ...receipt.links, portal: `${BASE}/datasets/d-1/2023` }, findings: { ...summary, critical: 0 } };
    expect(documentOf(ReceiptSchema, answer(later), `the receipt from ${url}`)).toEqual(receipt);
  });

  it('refuses one missing a member, as a server failure naming the place', () => {
    const { version: _, ...missing } = { ...receipt, queuedAt: 'x' };
    const e = (() => {
      try {
        return documentOf(ReceiptSchema, answer(missing), `the receipt from ${url}`);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe(3);
    expect((e as CliError).message).toContain(`the receipt from ${url} does not match the API's schema: version:`);
    expect((e as CliError).message).not.toContain('queuedAt');
  });
});
