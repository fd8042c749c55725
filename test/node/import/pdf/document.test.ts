// readPdf: a real report's pages of positioned text, and the PDFs it refuses with a reason a department can
// act on (scanned, encrypted, broken). The refused PDFs are made by fixtures/generate-bad-pdfs.ts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PdfError, readPdf } from '../../../../src/import/pdf/document.ts';
import { TEMPLATE_PDF, pdfBytes } from './support.ts';

const PDFS = new URL('../fixtures/pdf/', import.meta.url);
const fixture = (name: string) => pdfBytes(fileURLToPath(new URL(name, PDFS)));

async function refusal(bytes: Uint8Array): Promise<PdfError> {
  const e = await readPdf(bytes).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PdfError);
  return e as PdfError;
}

describe('readPdf refuses what it cannot read, and says why', () => {
  it('an image-only (scanned) PDF: reason scanned, and the message says it needs OCR', async () => {
    const e = await refusal(fixture('scanned.pdf'));
    expect(e.reason).toBe('scanned');
    expect(e.message).toContain('scanned');
    expect(e.message).toContain('OCR');
    expect(e.message).toContain('2 page(s)');
  });

  it('a password-protected PDF: reason encrypted', async () => {
    const e = await refusal(fixture('encrypted.pdf'));
    expect(e.reason).toBe('encrypted');
    expect(e.message).toContain('password');
  });

  it('a truncated PDF: reason broken', async () => {
    const e = await refusal(fixture('broken.pdf'));
    expect(e.reason).toBe('broken');
    expect(e.message).toContain('not a readable PDF');
  });

  it('bytes that are no PDF at all (text): reason broken', async () => {
    const e = await refusal(new TextEncoder().encode('2023年度部门决算\n一、收入支出决算总表\n'));
    expect(e.reason).toBe('broken');
  });

  it('leaves the caller\'s bytes usable (pdfjs is given a copy)', async () => {
    const bytes = fixture('broken.pdf');
    await refusal(bytes);
    expect(bytes.byteLength).toBe(2048);
  });
});

describe('readPdf on a real report (Shanghai\'s 2024 final-account template)', () => {
  const pages = readPdf(pdfBytes(TEMPLATE_PDF));

  it('gives its 23 A4 pages (the wide tables landscape), numbered from 1, each with text runs', async () => {
    const p = await pages;
    expect(p).toHaveLength(23);
    expect(p.filter((x) => x.width > x.height).map((x) => x.number)).toEqual([6, 7, 8, 9, 12, 13, 14]);
    expect(p.map((x) => x.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    for (const page of p) {
      expect([page.width, page.height].sort((a, b) => a - b)).toEqual([expect.closeTo(595.3, 0), expect.closeTo(841.9, 0)]);
      expect(page.runs.length).toBeGreaterThan(0);
      for (const r of page.runs) {
        expect(r.page).toBe(page.number);
        expect(r.text.trim()).toBe(r.text);
        expect(r.text).not.toBe('');
        expect(r.x1).toBeGreaterThan(r.x0);
        expect(r.y).toBeGreaterThan(0);
        expect(r.y).toBeLessThan(page.height);
      }
    }
  });

  it('reads the real texts: the cover, the parts, the tables\' titles and units', async () => {
    const p = await pages;
    const texts = (n: number) => p[n - 1]!.runs.map((r) => r.text);
    expect(texts(1).join('')).toMatch(/上海市 ?XX ?局.*2024 ?年度部门决算/);
    expect(texts(4).slice(0, 3)).toEqual(['第一部分', '上海市 XX 局概况', '一、主要职能']);
    expect(texts(5)).toEqual(expect.arrayContaining(['收入支出决算总表', '单位：万元', '一、一般公共预算财政拨款收入', '一、一般公共服务支出']));
    expect(texts(8)).toContain('财政拨款收入支出决算总表');
    expect(texts(12).join('')).toContain('财政拨款“三公”经费支出决算表');
    expect(texts(22).slice(0, 2)).toEqual(['第四部分', '名词解释']);
  });

  it('measures y down the page: a title is above its unit, the unit above the table\'s first row', async () => {
    const page = (await pages)[4]!;
    const at = (text: string) => {
      const r = page.runs.find((x) => x.text === text);
      expect(r, text).toBeDefined();
      return r!;
    };
    const title = at('收入支出决算总表');
    const unit = at('单位：万元');
    const row = at('一、一般公共预算财政拨款收入');
    expect(title.y).toBeLessThan(unit.y);
    expect(unit.y).toBeLessThan(row.y);
    // The unit is printed at the right, the row names at the left; the title is centred.
    expect(unit.x0).toBeGreaterThan(page.width / 2);
    expect(row.x0).toBeLessThan(page.width / 4);
    expect((title.x0 + title.x1) / 2).toBeCloseTo(page.width / 2, -1);
    // The cover: the department's name above the year line.
    const cover = (await pages)[0]!.runs;
    expect(cover.map((r) => r.text)).toEqual(['上海市 XX 局', '2024 年度部门决算']);
    expect(cover[0]!.y).toBeLessThan(cover[1]!.y);
  });
});
