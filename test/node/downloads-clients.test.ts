// Downloads for people and tools, read by clients nobody here wrote, against the real Worker under
// wrangler dev: Python's csv module and LibreOffice headless read the ?header=zh CSV with the Chinese
// intact, Python's json reads the NDJSON shape with codes as str and amounts as exact decimal str, and
// Python's zipfile unpacks version.zip to files whose sha256 are the manifest's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitSigned } from '../../src/cli/client.ts';
import { registerTestKey, startServer, type TestServer } from './support/server.ts';

const ROOT = join(import.meta.dirname, '../..');
const D = '140602-xzspfwglj';
const V = `/v1/datasets/${D}/2023/versions/1`;
const ZH_HEADER = ['行标识', '表内部分', '行次', '行键', '科目编码', '科目级次', '科目名称', '单位', '本年支出·小计（栏次1）', '本年支出·基本支出（栏次2）', '本年支出·项目支出（栏次3）'];

let server: TestServer;
let dir: string;

async function download(path: string, name: string): Promise<string> {
  const r = await fetch(server.url + path);
  expect(r.status, path).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, new Uint8Array(await r.arrayBuffer()));
  return file;
}

/** Run a Python program with arguments; its stdout parsed as JSON. */
function python(program: string, ...args: string[]): unknown {
  const r = spawnSync('python3', ['-c', program, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasSoffice = spawnSync('soffice', ['--version']).status === 0;

describe.skipIf(!hasPython)('downloads read by outside clients', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-downloads-'));
    server = await startServer();
    const key = await registerTestKey(server, D);
    const seed = readFileSync(join(ROOT, 'data/filings', D, '2023.json'));
    const answer = await submitSigned(server.url, new Uint8Array(seed) as Uint8Array<ArrayBuffer>, key);
    if (answer.status !== 201) throw new Error(`publishing failed: ${answer.status} ${answer.text}`);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Python csv reads the Chinese-header CSV (with the BOM, as utf-8-sig) to the printed titles and the English file\'s rows', async () => {
    const zh = await download(`${V}/tables/general-budget-expenditure.csv?header=zh&bom=1`, 'zh.csv');
    const en = await download(`${V}/tables/general-budget-expenditure.csv`, 'en.csv');
    const read = `import csv, json, sys
rows = lambda p, enc: list(csv.reader(open(p, encoding=enc, newline='')))
print(json.dumps({"zh": rows(sys.argv[1], "utf-8-sig"), "en": rows(sys.argv[2], "utf-8")}, ensure_ascii=False))`;
    const out = python(read, zh, en) as { zh: string[][]; en: string[][] };
    expect(out.zh[0]).toEqual(ZH_HEADER);
    expect(out.zh.slice(1)).toEqual(out.en.slice(1));
    expect(out.zh.find((r) => r[4] === '201')).toEqual(expect.arrayContaining(['201', '一般公共服务支出']));
  });

  it.skipIf(!hasSoffice)('LibreOffice headless converts it with the Chinese intact when told the file is UTF-8', async () => {
    const zh = await download(`${V}/tables/general-budget-expenditure.csv?header=zh&bom=1`, 'lo.csv');
    // 44 = comma, 34 = double quote, 76 = UTF-8: headless LibreOffice does not sniff the BOM, a desktop shows its import dialog.
    const r = spawnSync('soffice', ['--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'html', '--outdir', join(dir, 'lo'), zh], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: dir } });
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'lo', 'lo.html'), 'utf8');
    for (const title of ZH_HEADER) expect(html).toContain(title);
    expect(html).toContain('一般公共服务支出');
    expect(html).not.toMatch(/æœ|å†|ç§‘/); // the mojibake of UTF-8 read as Windows-1252
  }, 150_000);

  it('Python json reads the NDJSON shape: one object a line, codes str, amounts exact decimal str, blanks None', async () => {
    const file = await download(`${V}/tables/expenditure.ndjson`, 'expenditure.ndjson');
    const read = `import json, sys
from decimal import Decimal
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
types = sorted({type(r[k]).__name__ for r in rows for k in ("code", "total", "remit_superior")})
print(json.dumps({"n": len(rows), "types": types, "codes": [r["code"] for r in rows if r["code"] is not None][:3],
  "sum": str(sum(Decimal(r["total"]) for r in rows if r["code"] is not None and len(r["code"]) == 3)),
  "total": rows[0]["total"], "blank": rows[0]["remit_superior"]}))`;
    const out = python(read, file) as Record<string, unknown>;
    expect(out.n).toBeGreaterThan(3);
    expect(out.types).toEqual(['NoneType', 'str']);
    expect(out.codes).toEqual(['201', '20103', '2010301']);
    expect(out.sum).toBe(out.total); // the 类 add up to 合计 exactly, as decimals
    expect(out.total).toBe('1322.38');
    expect(out.blank).toBeNull();
  });

  it('Python zipfile unpacks version.zip: every manifest file under its path, each sha256 the manifest\'s', async () => {
    const file = await download(`${V}/version.zip`, 'version.zip');
    const read = `import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
m = json.loads(z.read("manifest.json"))
print(json.dumps({"names": sorted(z.namelist()), "paths": sorted([f["path"] for f in m["files"]] + ["manifest.json"]),
  "bad": [f["path"] for f in m["files"] if hashlib.sha256(z.read(f["path"])).hexdigest() != f["sha256"]],
  "version": m["version"]}))`;
    const out = python(read, file) as { names: string[]; paths: string[]; bad: string[]; version: number };
    expect(out.names).toEqual(out.paths);
    expect(out.names).toEqual(expect.arrayContaining(['filing.json', 'tables/income.csv', 'tables/income.json', 'datapackage.json']));
    expect(out.bad).toEqual([]);
    expect(out.version).toBe(1);
    const listing = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
    if (listing.status === 0) expect(listing.stdout).toContain('tables/expenditure.csv');
  });
});
