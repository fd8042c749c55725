// A mirror notices a local edit (issue 15, Deliver 4): `gongkai verify` re-checks the whole tree offline
// and names each failure (exit 4); a mirror run compares every file's size and time with what it wrote,
// looks at the bytes of one that changed, restores an edited, deleted or added file from the version's
// pack (one request), writes a document again that differs from the verified data, and says what it found.
import { appendFileSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithApi, runMirror, runVerify, startProxy, trusting, type Published, versionOf, publishedServer } from './support.ts';

const suite = publishedServer('edits', 2);
const version = versionOf;
const packOf = (p: Published) => `/v1/packs/${p.departmentId}/${p.year}/1`;
const CSV = 'tables/income.csv';

describe('local edits', () => {
  it('gongkai verify is clean on a good tree and names each edit (exit 4); a mirror run restores them from the pack and says so', async () => {
    const dir = suite.tmp();
    const proxy = await startProxy(suite.server.url);
    try {
      expect((await runMirror(proxy.url, dir, trusting(suite.server)).done).code).toBe(0);
      const clean = await runVerify(dir).done;
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      expect(clean.stdout).toContain(`${dir}: verified, nothing differs.`);

      const [a, b] = suite.pubs as [Published, Published];
      const csv = join(dir, version(a, 1), CSV);
      const original = readFileSync(csv);
      writeFileSync(csv, original.toString('utf8').replace('1322.38', '1922.38')); // in place: latest (a link) sees it too
      rmSync(join(dir, version(b, 1), 'findings.json'));
      writeFileSync(join(dir, version(b, 1), 'extra.csv'), 'x\n');
      const datasetDoc = join(dir, `v1/datasets/${b.departmentId}/2023/index.json`);
      writeFileSync(datasetDoc, readFileSync(datasetDoc, 'utf8').replace('"status": "published"', '"status": "withdrawn"'));

      const edited = await runVerify(dir).done;
      expect(edited.code).toBe(4);
      const lines = edited.stderr.split('\n');
      expect(lines[0]).toMatch(/failed verification \(\d+\):$/);
      expect(edited.stderr).toMatch(new RegExp(`${version(a, 1)}: ${CSV}: sha256 [0-9a-f]{64} differs from the manifest's`));
      expect(edited.stderr).toContain(`${version(b, 1)}: it holds extra.csv, which the manifest does not list`);
      expect(edited.stderr).toContain(`/v1/datasets/${b.departmentId}/2023: differs from what the verified data gives`);

      proxy.log.length = 0;
      const run = await runMirror(proxy.url, dir).done;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('2 version(s) restored from their packs');
      expect(run.stdout).toMatch(new RegExp(`  ${version(a, 1)}/${CSV}: sha256 .* differs from the manifest's`));
      expect(run.stdout).toContain(`  ${version(b, 1)}/findings.json: missing`);
      expect(run.stdout).toContain(`  ${version(b, 1)}/extra.csv: added (not in the manifest)`);
      expect(proxy.log.map((e) => e.path).filter((p) => p.startsWith('/v1/packs/')).sort()).toEqual([packOf(a), packOf(b)].sort());
      expect(readFileSync(csv)).toEqual(original);
      expect(readFileSync(join(dir, version(a, 'latest'), CSV))).toEqual(original);
      expect((await runVerify(dir).done).code).toBe(0);
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 180_000);

  it('a touched file is no edit; a document or `latest` replaced locally is written again without a request', async () => {
    const dir = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const p = suite.pubs[0]!;
    const csv = join(dir, version(p, 1), CSV);
    utimesSync(csv, new Date(), new Date(Date.now() + 5000));
    const touched = await runMirror(suite.server.url, dir).done;
    expect(touched.code).toBe(0);
    expect(touched.stdout).toContain('Local edits: none');

    // Replaced (a new file, not the link): only `latest` differs.
    const latest = join(dir, version(p, 'latest'), CSV);
    writeFileSync(`${latest}.new`, 'forged\n');
    renameSync(`${latest}.new`, latest);
    const doc = join(dir, version(p, 1), 'index.json');
    appendFileSync(doc, ' ');
    const verify = await runVerify(dir).done;
    expect(verify.code).toBe(4);
    expect(verify.stderr).toContain(`${version(p, 'latest')}/${CSV}: differs from version 1's`);
    expect(verify.stderr).toContain(`${version(p, 1)}: differs from what the verified data gives`);
    const run = await runMirror(suite.server.url, dir).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  ${version(p, 1)}: differed from what the verified data gives; written again`);
    expect(run.stdout).toContain(`  ${version(p, 'latest')}: not a whole copy of version 1; made again`);
    expect(run.stdout).toContain('Packs: 0 fetched');
    expect(readFileSync(latest)).toEqual(readFileSync(csv));
    expect((await runVerify(dir).done).code).toBe(0);
  }, 180_000);

  it('a log cut back together with its state passes verify alone, and is caught against a head known from elsewhere (--head)', async () => {
    const dir = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const good = await runVerify(dir).done;
    const head = /head (\d+):([0-9a-f]{64})/.exec(good.stdout);
    expect(head, good.stdout).not.toBeNull();
    expect((await runVerify(dir, ['--head', `${head![1]}:${head![2]}`]).done).code).toBe(0);
    // A head another copy holds: a longer log, or another hash at this length, is what a cut-back or rewritten log looks like.
    const file = join(dir, '.gongkai-mirror/log.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const size = Number(head![1]);
    const rewrittenHash = 'a'.repeat(64);
    const wrong = await runVerify(dir, ['--head', `${size}:${rewrittenHash}`]).done;
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain(`entry ${size} of the stored log has hash`);
    const longer = await runVerify(dir, ['--head', `${lines.length + 5}:${head![2]}`]).done;
    expect(longer.code).toBe(4);
    expect(longer.stderr).toContain(`fewer than the head given (${lines.length + 5}:`);
    const bad = await runVerify(dir, ['--head', 'latest']).done;
    expect(bad.code).toBe(2);
  }, 120_000);

  it('an edited log is refused by verify (the entry\'s signature) and by a mirror run (the link), exit 4', async () => {
    const dir = suite.tmp();
    expect((await runMirror(suite.server.url, dir, trusting(suite.server)).done).code).toBe(0);
    const file = join(dir, '.gongkai-mirror/log.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/"departmentId":"[^"]+"/, '"departmentId":"someone-else"');
    writeFileSync(file, lines.join('\n'));
    const verify = await runVerify(dir).done;
    expect(verify.code).toBe(4);
    expect(verify.stderr).toContain("log entry 3: entry 3's hash is not the hash of its content");
    const run = await runMirror(suite.server.url, dir).done;
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('log.ndjson is damaged: entry 3 does not link to the one before or its hash is wrong');
  }, 120_000);
});
