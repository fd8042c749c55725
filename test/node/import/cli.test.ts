// gongkai import at the command line: a report's text or PDF in, a filing file and a report out, with
// exit codes 0 (clean), 1 (read whole, accounting errors found), 2 (something not placed, or bad input).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SEED, SEED_TEXT, editSeed, gongkai, lineOf } from './support.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-import-cli-'));
  writeFileSync(join(dir, 'report-2023.txt'), SEED_TEXT);
});

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('gongkai import (report text and PDF)', () => {
  it('imports the seed text: the filing file, the cells read, nothing unplaced, the findings; exit 1 for the seed\'s real errors', async () => {
    const r = await gongkai(['import', 'report-2023.txt', '--out', 'seed.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Read from report-2023.txt: 439 cells (99 figures, 324 blank, 16 ────) in the tables; 38 cells (38 figures, 0 blank, 0 ────) in the attachment.');
    expect(r.stdout).toContain('Not placed: 0.');
    expect(r.stdout).toContain('Missing: 0.');
    expect(r.stdout).toMatch(/Accounting checks: 2 error\(s\)/);
    expect(r.stdout).toMatch(/ERROR\s+attachment\.execution-rate/);
    expect(r.stdout).toContain('Filing written to seed.json.');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'seed.json'), 'utf8'))).toEqual(SEED);
  });

  it('writes to the working directory by default, not beside the input, and takes the department from the options when it is not listed', async () => {
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in/report-2023.txt'), SEED_TEXT);
    writeFileSync(join(dir, 'empty-list.json'), '[]');
    const unknown = await gongkai(['import', 'in/report-2023.txt', '--departments', 'empty-list.json'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Missing: 2.');
    expect(unknown.stdout).toContain('give --department-id');
    expect(unknown.stdout).toContain(`Draft filing (it does not validate) written to ${join(dir, 'report-2023.filing.json')}.`);
    expect(existsSync(join(dir, 'in/report-2023.filing.json'))).toBe(false);
    const given = await gongkai(['import', 'in/report-2023.txt', '--departments', 'empty-list.json', '--department-id', '140602-xzspfwglj', '--region-code', '140602'], dir);
    expect(given.stdout).toContain('Missing: 0.');
    expect(given.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'report-2023.filing.json'), 'utf8'))).toEqual(SEED);
    expect(existsSync(join(dir, 'in/report-2023.filing.json'))).toBe(false);
  });

  it('--out names a file, or a directory to write the filing into', async () => {
    mkdirSync(join(dir, 'outdir'), { recursive: true });
    for (const [out, written] of [['outdir', 'outdir/report-2023.filing.json'], ['newdir/', 'newdir/report-2023.filing.json'], ['named.json', 'named.json']]) {
      const r = await gongkai(['import', 'in/report-2023.txt', '--out', out!], dir);
      expect(r.code, out).toBe(1);
      expect(JSON.parse(readFileSync(join(dir, written!), 'utf8')), out).toEqual(SEED);
    }
  });

  it('a PDF that is not a report: a plain message, exit 2, nothing written (no draft, no validator wording)', async () => {
    writeFileSync(join(dir, 'minutes.pdf'), textPdf(['Minutes of the meeting', 'Present: the board', 'Item 1: the budget was discussed']));
    const r = await gongkai(['import', 'minutes.pdf'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('minutes.pdf is not a departmental final-account report');
    expect(r.stderr).toContain('Nothing was written');
    expect(r.stdout + r.stderr).not.toMatch(/Invalid key|Expected|Draft filing/);
    expect(existsSync(join(dir, 'minutes.filing.json'))).toBe(false);
    expect(existsSync(join(dir, 'minutes.provenance.json'))).toBe(false);
  });

  it('a broken report exits 2 and says where: the line and the text seen', async () => {
    const text = SEED_TEXT.replace('2010301 行政运行 809.46 277.25 532.21    ', '2010301 行政运行 809.46 277.25 见附表    ');
    writeFileSync(join(dir, 'broken.txt'), text);
    const r = await gongkai(['import', 'broken.txt', '--out', 'broken.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Not placed: 1.');
    expect(r.stdout).toContain(`line ${lineOf(text, '见附表')}: 公开03表 2010301 项目支出 栏次3: "见附表" is not a figure; the cell is left out of the filing`);
    const missing = editSeed((l) => l.slice(0, lineOf(SEED_TEXT, '七、政府性基金预算财政拨款收入支出决算表') - 1));
    writeFileSync(join(dir, 'cut.txt'), missing);
    const cut = await gongkai(['import', 'cut.txt', '--out', 'cut.json'], dir);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toContain('公开10表 部门决算公开相关信息统计表 was not found in the report');
    expect(cut.stdout).toContain('情况说明 (第三部分) was not found');
  });

  it('a PDF that is none is refused in plain words, exit 2, nothing written', async () => {
    writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4 not really');
    const r = await gongkai(['import', 'report.pdf', '--out', 'never.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report.pdf: the file is not a readable PDF');
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a scanned PDF (no text layer) is refused as scanned, needing OCR, exit 2; so is an encrypted one', async () => {
    const scanned = await gongkai(['import', join(FIXTURES, 'pdf/scanned.pdf'), '--out', join(dir, 'scanned.json')], dir);
    expect(scanned.code).toBe(2);
    expect(scanned.stderr).toMatch(/scanned and needs OCR/);
    expect(existsSync(join(dir, 'scanned.json'))).toBe(false);
    const encrypted = await gongkai(['import', join(FIXTURES, 'pdf/encrypted.pdf'), '--out', join(dir, 'encrypted.json')], dir);
    expect(encrypted.code).toBe(2);
    expect(encrypted.stderr).toContain('encrypted');
  });

  it('imports a report PDF: the filing, the provenance beside it, the import report with pages', async () => {
    const r = await gongkai(['import', join(FIXTURES, 'pdf/shanghai-sample-2024.pdf'), '--out', join(dir, 'sample.json'), '--department-id', '310000-daj', '--region-code', '310000'], dir);
    expect(r.stdout).toContain('Not placed: 0.');
    expect(r.stdout).toContain('Missing: 0.');
    expect(r.stdout).toContain(`Where each figure was printed (page and position): ${join(dir, 'sample.provenance.json')}.`);
    const provenance = JSON.parse(readFileSync(join(dir, 'sample.provenance.json'), 'utf8')) as { cells: unknown[]; source: { pages: number } };
    expect(provenance.source.pages).toBe(22);
    expect(provenance.cells.length).toBe(268);
    expect(JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')).template).toBe('shanghai-2024');
    expect([0, 1]).toContain(r.code);
  });

  it('with --pdftotext, a PDF goes through pdftotext; without it, a clear message and exit 2', async () => {
    writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4 not really');
    const none = await gongkai(['import', 'report.pdf', '--pdftotext'], dir, { GONGKAI_PDFTOTEXT: join(dir, 'no-such-pdftotext') });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pdftotext is not installed. Install poppler-utils');

    // A stand-in for pdftotext that prints the seed's text and records how it was called.
    const stub = join(dir, 'pdftotext-stub.mjs');
    writeFileSync(stub, `#!${process.execPath}\nimport { writeFileSync, readFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify(process.argv.slice(2)));\nprocess.stdout.write(readFileSync(${JSON.stringify(join(dir, 'report-2023.txt'))}, 'utf8'));\n`);
    chmodSync(stub, 0o755);
    const r = await gongkai(['import', 'report.pdf', '--pdftotext', '--out', 'from-pdf.json'], dir, { GONGKAI_PDFTOTEXT: stub });
    expect(r.stdout).toContain('Not placed: 0.');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'))).toEqual(['-enc', 'UTF-8', 'report.pdf', '-']);
    expect(JSON.parse(readFileSync(join(dir, 'from-pdf.json'), 'utf8'))).toEqual({ ...SEED, source: { kind: 'report-pdf', name: 'report.pdf' } });
    await gongkai(['import', 'report.pdf', '--layout', '--out', 'from-pdf.json'], dir, { GONGKAI_PDFTOTEXT: stub });
    expect(JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'))).toEqual(['-layout', '-enc', 'UTF-8', 'report.pdf', '-']);
  });

  it.runIf(hasPdftotext)('with the real pdftotext, a file that is no PDF is refused in plain words', async () => {
    const r = await gongkai(['import', 'report.pdf', '--pdftotext'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pdftotext could not read report.pdf');
  });

  it('an input that cannot be read: exit 2', async () => {
    const r = await gongkai(['import', 'no-such.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read no-such.txt: no such file');
  });
});

/** A one-page PDF with these lines of text in Helvetica: a real PDF, just not a report. */
function textPdf(lines: string[]): Buffer {
  const content = `BT /F1 14 Tf 72 720 Td ${lines.map((l) => `(${l}) Tj 0 -20 Td`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
