// The version workbook (version.xlsx) read by clients nobody here wrote: SheetJS reads every table's sheet
// to the cells of the published CSV (codes as text, amounts as numbers shown exactly as printed), and
// LibreOffice headless converts every sheet to CSV with the Chinese titles intact.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { checkFiling } from '../../../src/core/checks/index.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { renderVersionFiles, type RenderedFile } from '../../../src/core/render/index.ts';
import { renderVersionXlsx, XLSX_RENDERING } from '../../../src/core/render/version-xlsx.ts';
import { createHash } from 'node:crypto';
import { cellText, sheetName } from '../../../src/core/render/xlsx.ts';
import { body, which } from './support.ts';

const SEED = join(import.meta.dirname, '../../../data/filings/140602-xzspfwglj/2023.json');
const CONTEXT = { departmentId: '140602-xzspfwglj', year: 2023, version: 1, publishedAt: '2024-09-01T00:00:00.000Z', url: 'https://example.org/v1/datasets/140602-xzspfwglj/2023/versions/1' };
const SOFFICE = which('soffice') ?? which('libreoffice');
if (!SOFFICE) console.warn('LibreOffice (soffice) is not installed: skipping the LibreOffice conversion of version.xlsx (.ci/run installs it)');

/** RFC 4180 records (quoted fields, CRLF). */
function parseCsv(s: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field.replace(/\r$/, '')), out.push(row), (row = []), (field = '');
    else field += ch;
  }
  if (field || row.length) out.push([...row, field]);
  return out;
}

interface SheetRecord { code: string | null; codeIsText: boolean; name: string; line: string | null; values: string[]; used: boolean }

/** Every (code, name, 行次, figures) run of a sheet: a row holds one, or two where 01表 prints its sides side by side. */
function sheetRecords(ws: XLSX.WorkSheet): SheetRecord[] {
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const at = (r: number, c: number) => ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
  const column = (c: number) => Array.from({ length: range.e.r + 1 }, (_, r) => at(r, c)?.w ?? '');
  const nameCols: number[] = [];
  const kind = new Map<number, 'code' | 'line' | 'unit'>();
  for (let c = 0; c <= range.e.c; c++) {
    const cells = column(c);
    if (cells.includes('科目名称') || (cells.includes('项目') && !column(c + 1).includes('科目名称'))) nameCols.push(c);
    if (cells.includes('科目编码')) kind.set(c, 'code');
    if (cells.includes('行次')) kind.set(c, 'line');
    if (cells.includes('单位') && !cells.some((x) => x.startsWith('单位：'))) kind.set(c, 'unit');
  }
  // A cell merged over from above or the left (项目 over two header rows, a total's name over a half) is not a record's name.
  const merges = ws['!merges'] ?? [];
  const covered = (r: number, c: number) => merges.some((m) => (m.s.r < r || m.s.c < c) && m.s.r <= r && r <= m.e.r && m.s.c <= c && c <= m.e.c);
  const out: SheetRecord[] = [];
  for (let r = 0; r <= range.e.r; r++) {
    nameCols.forEach((nc, i) => {
      if (covered(r, nc)) return;
      const start = kind.get(nc - 1) === 'code' ? nc - 1 : nc;
      const next = nameCols[i + 1];
      // A name merged across (06表's totals under their half) reaches the figure after it.
      const across = merges.find((m) => m.s.r === r && m.s.c === nc)?.e.c ?? nc;
      const end = Math.max(next === undefined ? range.e.c : (kind.get(next - 1) === 'code' ? next - 2 : next - 1), across + 1);
      const name = at(r, nc);
      const code = start < nc ? at(r, start) : undefined;
      const rec: SheetRecord = { code: code?.w ?? null, codeIsText: code?.t === 's', name: name?.t === 's' ? String(name.v) : '', line: null, values: [], used: false };
      for (let c = nc + 1; c <= end; c++) {
        const cell = at(r, c);
        if (!cell) continue;
        if (kind.get(c) === 'line') rec.line = cell.w ?? null;
        else if (kind.get(c) !== 'unit') rec.values.push(cell.t === 'n' ? cell.w! : String(cell.v));
      }
      out.push(rec);
    });
  }
  return out;
}

describe.skipIf(!existsSync(SEED))('version.xlsx of the seed', () => {
  let filing: Filing;
  let files: RenderedFile[];
  let xlsx: Uint8Array;

  beforeAll(async () => {
    const parsed = parseFiling(JSON.parse(readFileSync(SEED, 'utf8')));
    if (!parsed.ok) throw new Error('the seed does not parse');
    filing = parsed.filing;
    const findings = checkFiling(filing);
    files = await renderVersionFiles({ filing, findings, context: { departmentId: CONTEXT.departmentId, year: 2023, version: 1, publishedAt: CONTEXT.publishedAt } });
    xlsx = renderVersionXlsx({ filing, findings, context: CONTEXT });
  });

  // The ETag names the rendering, not the bytes: a change to the bytes without a new XLSX_RENDERING would be
  // served under the old tag. This digest (of the seed with no findings) pins the two together.
  it('names its rendering: the seed\'s bytes change only with XLSX_RENDERING', () => {
    const bytes = renderVersionXlsx({ filing, findings: { findings: [], summary: { error: 0, warning: 0, info: 0, skipped: 0, passed: 0, unread: 0 } }, context: CONTEXT });
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect([XLSX_RENDERING, digest], 'the workbook\'s bytes changed: bump XLSX_RENDERING (src/core/render/version-xlsx.ts) and record the new digest here').toEqual(['xlsx-1', '775d86b9712ed9f3e12a46571672f9fdbf22497a4675a0d7a652b35606d2fcc4']);
  });

  it('is the same bytes every time', () => {
    const again = renderVersionXlsx({ filing, findings: checkFiling(filing), context: CONTEXT });
    expect(Buffer.from(again).equals(Buffer.from(xlsx))).toBe(true);
  });

  it('SheetJS reads a sheet per table, in order, each titled as printed, then the findings', () => {
    const wb = XLSX.read(xlsx);
    expect(wb.SheetNames).toEqual([...filing.tables.map((t) => t.number!), '核对结果']);
    for (const t of filing.tables) {
      const ws = wb.Sheets[t.number!]!;
      expect(ws['A1']?.v).toBe(`${t.number} ${t.title}`);
      const texts = Object.values(ws).filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 't' in c).map((c) => String(c.v));
      expect(texts).toContain(`单位：${t.unit}`);
      expect(texts).toContain(`编制部门：${filing.department.name}`);
    }
  });

  it('SheetJS reads every CSV record in its sheet: codes as text, every figure a number shown exactly as the CSV has it', () => {
    const wb = XLSX.read(xlsx);
    let figures = 0;
    for (const t of filing.tables) {
      const [header, ...records] = parseCsv(body(files, `tables/${t.id}.csv`));
      const col = (name: string) => header!.indexOf(name);
      const valueCols = header!.slice(header!.indexOf('unit') + 1).map((_, i) => header!.indexOf('unit') + 1 + i);
      const sheet = sheetRecords(wb.Sheets[t.number!]!);
      for (const rec of records) {
        const name = rec[col('name')]!;
        const line = rec[col('line')] || null;
        const code = rec[col('code')] || null;
        const found = sheet.find((s) => !s.used && s.name === name && s.line === line && (s.code === null || s.code === (rec[col('key')] ? s.code : code)));
        expect(found, `${t.id} ${rec[0]}`).toBeDefined();
        found!.used = true;
        if (found!.code !== null && code && !rec[col('key')]) {
          expect(found!.code).toBe(code);
          expect(found!.codeIsText, `${t.id} ${code} is text`).toBe(true);
        }
        const expected = valueCols.map((i) => rec[i]!).filter((x) => x !== '').map((x) => (x === 'n/a' ? '────' : x));
        figures += expected.filter((x) => x !== '────').length;
        expect([...found!.values].sort(), `${t.id} ${rec[0]}`).toEqual(expected.sort());
      }
    }
    expect(figures).toBeGreaterThan(90);
  });

  it('06表 is laid out in its printed groups: 人员经费 | 公用经费, each 科目编码 | 科目名称 | 决算数, the totals under their halves', () => {
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(xlsx).Sheets['公开06表']!, { header: 1, raw: false, defval: '' });
    expect(rows[2]!.filter(Boolean)).toEqual(['人员经费', '公用经费']);
    expect(rows[3]!.slice(0, 6)).toEqual(['科目编码', '科目名称', '决算数', '科目编码', '科目名称', '决算数']);
    expect(rows[4]!.slice(0, 6)).toEqual(['301', '工资福利支出', '568.58', '302', '商品和服务支出', rows[4]![5]]);
    const last = rows.findIndex((r) => r.includes('人员经费合计'));
    expect(rows[last]).toContain('572.28');
    expect(rows[last]).toContain('公用经费合计');
    expect(rows[last]).toContain('34.88');
  });

  it('amounts are numbers SheetJS reads as the exact printed value, 0.00 apart from a blank', () => {
    const ws = XLSX.read(xlsx).Sheets['公开01表']!;
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    const total = cells.find((c) => c.t === 'n' && c.w === '1322.38')!;
    expect(total.v).toBe(1322.38);
    expect(cells.some((c) => c.t === 'n' && c.v === 0 && c.w === '0.00')).toBe(true);
  });

  it('lists the findings with their severity, rule, place and message', () => {
    const report = checkFiling(filing);
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(xlsx).Sheets['核对结果']!, { header: 1, raw: false });
    const head = rows.findIndex((r) => r[0] === '序号');
    expect(rows[head]).toEqual(['序号', '级别', '规则', '位置', '说明', '应为', '实为', '差额']);
    expect(rows.length - head - 1).toBe(report.findings.length);
    expect(rows[head + 1]![2]).toBe(report.findings[0]!.rule);
    expect(rows[head + 1]![4]).toBe(report.findings[0]!.message.zh);
    expect(rows.some((r) => String(r[0] ?? '').startsWith(`来源：${CONTEXT.url}`))).toBe(true);
  });

  it('keeps text as stored: XML characters escaped, bidi controls shown, sheet names Excel accepts', () => {
    const f = structuredClone(filing);
    f.tables[0]!.note = '注：<a href="x">&amp;</a> =HYPERLINK("x") \u202Eexe.txt';
    const ws = XLSX.read(renderVersionXlsx({ filing: f, findings: null, context: CONTEXT })).Sheets['公开01表']!;
    const texts = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([, c]) => (c as XLSX.CellObject).v);
    expect(texts).toContain('注：<a href="x">&amp;</a> =HYPERLINK("x") \uFFFDexe.txt');
    expect(Object.values(ws).some((c) => typeof c === 'object' && c !== null && 'f' in c && (c as XLSX.CellObject).f)).toBe(false);
    expect(cellText('a\u0000b\u2066c')).toBe('ab\uFFFDc');
    const taken = new Set<string>();
    expect(sheetName('公开[01]表:一/二?', taken)).toBe('公开_01_表_一_二_');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('x'.repeat(40), taken)).toMatch(/\(2\)$/);
  });

  it.skipIf(!SOFFICE)('LibreOffice headless converts every sheet to CSV with the Chinese titles, names and figures intact', () => {
    const work = mkdtempSync(join(tmpdir(), 'gongkai-xlsx-'));
    writeFileSync(join(work, 'version.xlsx'), xlsx);
    // CSV options: comma, double quote, UTF-8, from line 1, …, cells as shown, every sheet (-1) to its own file.
    const r = spawnSync(SOFFICE!, ['--headless', '--norestore', `-env:UserInstallation=file://${join(work, 'profile')}`,
      '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', join(work, 'csv'), join(work, 'version.xlsx')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = readdirSync(join(work, 'csv'));
    expect(out).toHaveLength(filing.tables.length + 1);
    for (const t of filing.tables) {
      const csv = readFileSync(join(work, 'csv', `version-${t.number}.csv`), 'utf8');
      expect(csv.split(/\r?\n/)[0]).toMatch(new RegExp(`^"?${t.number} ${t.title}"?,`));
      const [header, ...records] = parseCsv(body(files, `tables/${t.id}.csv`));
      for (const rec of records) {
        const name = rec[header!.indexOf('name')]!;
        if (name) expect(csv, `${t.id}: ${name}`).toContain(name);
      }
    }
    const income = readFileSync(join(work, 'csv', `version-公开01表.csv`), 'utf8');
    expect(income).toContain('一、一般公共预算财政拨款收入,1,1322.38');
    expect(income).toContain('八、其他收入,8,0.00');
    expect(readFileSync(join(work, 'csv', 'version-核对结果.csv'), 'utf8')).toContain('核对结果');
  }, 180_000);
});
