// The portal as a reader keeps it, in real headless Chromium: a full-page capture and a print of the
// dataset page with every section drawn, row labels that stay in view on a phone, "Cite this", plurals
// and an English search by a registered English name, and a not-found page with a way back.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../../src/import/pdf/document.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { DEPARTMENT, publishFixtures, ROOT } from './fixture.ts';
import { execFileSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUT = join(ROOT, 'test-output');
const DATASET = `/dataset?d=${DEPARTMENT}&y=2023`;

type Rect = { id: string; x: number; y: number; width: number; height: number };

if (!existsSync(CHROMIUM)) {
  describe('portal capture and reading (browser)', () => {
    it.skip(`skipped: ${CHROMIUM} is absent — install Debian's chromium package to run the portal tests`, () => undefined);
  });
} else {
  describe('portal capture and reading (browser)', { timeout: 200_000 }, () => {
    let server: TestServer;
    let browser: Browser;

    async function open(path: string, o: { width?: number; height?: number; lang?: string } = {}): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: o.width ?? 1366, height: o.height ?? 900 }, locale: o.lang ?? 'zh-CN' });
      const page = await context.newPage();
      // A loaded machine (CI ran it at 30 s once, and past 60 s twice) can hold the load event back: the page's
      // own mark (ready) is what the tests wait for, so the navigation waits for the document only.
      const seen: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') seen.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
      page.on('response', (r) => { if (r.status() >= 400) seen.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => seen.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
      diagnostics.set(page, seen);
      await page.goto(server.url + path, { timeout: 90_000, waitUntil: 'domcontentloaded' });
      return page;
    }

    const diagnostics = new WeakMap<Page, string[]>();

    // Open question (CI only, about one full run in two this stop): a page opened seconds after publication
    // sometimes never sets its mark. What it saw is printed, and it is loaded once more, so that the sections
    // below are still checked; the stall itself is left open in the closing note, not hidden.
    async function ready(page: Page): Promise<void> {
      try {
        await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 40_000 });
      } catch {
        console.warn(`capture: no data-ready after 40 s at ${page.url()}; the page saw: ${(diagnostics.get(page) ?? []).join(' | ') || 'nothing failing'}; loading it again`);
        await page.reload({ timeout: 90_000, waitUntil: 'domcontentloaded' });
        await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 40_000 });
      }
    }

    /** Every section of the dataset page and every report table, in document coordinates. */
    async function sections(page: Page): Promise<Rect[]> {
      return page.evaluate(`[...document.querySelectorAll('section.block, .report-table')].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.id || el.className, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
      })`);
    }

    beforeAll(async () => {
      execFileSync(process.execPath, [join(ROOT, 'scripts/build-portal.mjs')], { cwd: ROOT, stdio: 'pipe' });
      mkdirSync(OUT, { recursive: true });
      server = await startServer();
      await publishFixtures(server);
      // The platform's work after a publication (the bulk files' export) done before the pages are read: in CI
      // pages opened during it stalled (the open question in ready()); these tests are about capture and print.
      const until = Date.now() + 120_000;
      for (const year of [2022, 2023]) {
        while (Date.now() < until) {
          const r = await fetch(`${server.url}/v1/bulk/${year}`);
          if (r.status === 200 && !(await r.text()).includes('"stale":true')) break;
          await new Promise((res) => setTimeout(res, 500));
        }
      }
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('a full-page screenshot has every section drawn (none left blank by content-visibility)', { timeout: 180_000 }, async () => {
      const page = await open(DATASET);
      await ready(page);
      // The page lays its lazy sections out by itself once drawn and idle: nothing is asked of it here.
      await page.waitForSelector('html.render-all', { state: 'attached', timeout: 5000 });
      const rects = await sections(page);
      expect(rects.length).toBeGreaterThanOrEqual(18); // 8 sections and 10 tables
      const png = await page.screenshot({ fullPage: true });
      writeFileSync(join(OUT, 'portal-dataset-full.png'), png);
      // The browser decodes the capture: the share of dark (text, rules) pixels in each section's box.
      const decoding = await browser.newContext();
      const decoder = await decoding.newPage();
      await decoder.setContent('<canvas></canvas>');
      // (A string, not a function: the Node project's types have no DOM.)
      const ink = await decoder.evaluate(`(async () => {
        const rects = ${JSON.stringify(rects)};
        const img = new Image();
        img.src = 'data:image/png;base64,${png.toString('base64')}';
        await img.decode();
        const canvas = document.querySelector('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const g = canvas.getContext('2d');
        g.drawImage(img, 0, 0);
        return rects.map((r) => {
          const x = Math.max(0, Math.round(r.x) + 4);
          const y = Math.max(0, Math.round(r.y) + 4);
          const w = Math.min(img.width - x, Math.round(r.width) - 8);
          const h = Math.min(img.height - y, Math.round(r.height) - 8);
          if (w <= 0 || h <= 0) return { id: r.id, share: 0 };
          const px = g.getImageData(x, y, w, h).data;
          let dark = 0;
          for (let i = 0; i < px.length; i += 4) if (px[i] * 0.3 + px[i + 1] * 0.59 + px[i + 2] * 0.11 < 160) dark++;
          return { id: r.id, share: dark / (w * h) };
        });
      })()`) as { id: string; share: number }[];
      // Closed at once: left open, its canvas of the whole page (tens of MB) held the browser back, and the next
      // test's page did not load on a busy CI machine.
      await decoding.close();
      for (const { id, share } of ink) expect(share, `${id}: share of dark pixels in the full-page capture`).toBeGreaterThan(0.003);
      await page.context().close();
    });

    // Bounded by its steps (the document and the page's mark may each take 90 s on a loaded machine), not by the default 60 s for the whole test.
    it('printing (page.pdf) gives every section: its heading and its last line of text', { timeout: 180_000 }, async () => {
      const page = await open(DATASET);
      await ready(page);
      await page.emulateMedia({ media: 'print' });
      // As a browser does before it prints (page.pdf fires it too): the page readies itself for paper.
      await page.evaluate(`dispatchEvent(new Event('beforeprint'))`);
      // What each section shows on paper: its heading, and the last text it prints (the deepest content).
      const expected = await page.evaluate(`[...document.querySelectorAll('section.block, .report-table')].map((el) => {
        const visible = (n) => n.parentElement && n.parentElement.getClientRects().length > 0 && n.textContent.trim().length > 1;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let last = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (visible(n)) last = n.textContent.trim();
        const heading = el.querySelector('h2, h3, .rt-title');
        return { id: el.id || el.className, heading: heading ? heading.textContent.trim() : '', last };
      })`) as { id: string; heading: string; last: string }[];
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(join(OUT, 'portal-dataset.pdf'), pdf);
      const pages = await readPdf(new Uint8Array(pdf));
      const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
      const text = squash(pages.flatMap((p) => p.runs.map((r) => r.text)).join(''));
      // Chromium's PDF fonts map some ideographs to their radical code points (页 → ⻚, which NFKC leaves):
      // an ideograph of the page matches itself or a radical in the PDF; every other character exactly.
      const printed = (s: string) => new RegExp([...squash(s)].map((ch) => (/\p{Script=Han}/u.test(ch) ? `(?:${ch}|[\u2e80-\u2fdf])` : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join(''), 'u');
      expect(expected.length).toBeGreaterThanOrEqual(18);
      for (const e of expected) {
        expect(text, `${e.id}: heading "${e.heading}" in the PDF`).toMatch(printed(e.heading));
        expect(text, `${e.id}: last line "${e.last.slice(0, 60)}" in the PDF`).toMatch(printed(squash(e.last).slice(0, 40)));
      }
      // The report's text, in a closed <details> on screen, is printed too; so is the citation.
      const narrative = await page.evaluate(`document.querySelector('#sec-report .prose p')?.textContent ?? ''`) as string;
      expect(narrative.length).toBeGreaterThan(10);
      expect(text).toMatch(printed(squash(narrative).slice(0, 40)));
      expect(text).toContain(squash(`/v1/datasets/${DEPARTMENT}/2023/versions/2`));
      await page.context().close();
    });

    it('on a phone, a wide table scrolls sideways under its row labels, which stay in view', async () => {
      const page = await open(DATASET, { width: 390, height: 844 });
      await ready(page);
      const moved = await page.evaluate(`(() => {
        const box = [...document.querySelectorAll('.report-table .table-scroll')].find((s) => s.scrollWidth > s.clientWidth + 100 && s.querySelector('tbody th.name'));
        if (!box) return null;
        box.scrollIntoView();
        const label = box.querySelector('tbody th.name');
        const cell = box.querySelector('tbody td.num');
        const before = { label: label.getBoundingClientRect().left, cell: cell.getBoundingClientRect().left, box: box.getBoundingClientRect().left };
        box.scrollLeft = 150;
        return { before, after: { label: label.getBoundingClientRect().left, cell: cell.getBoundingClientRect().left } };
      })()`) as { before: { label: number; cell: number; box: number }; after: { label: number; cell: number } } | null;
      expect(moved, 'a table wider than the phone').not.toBeNull();
      expect(moved!.after.cell).toBeLessThan(moved!.before.cell - 100); // the figures scrolled
      expect(Math.abs(moved!.after.label - moved!.before.box)).toBeLessThanOrEqual(1); // the label stuck to the left edge
      await page.context().close();
    });

    it('"Cite this": the version\'s immutable URL and manifest SHA-256, copyable', async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      const page = await context.newPage();
      await page.goto(server.url + DATASET);
      await ready(page);
      const ds = await (await fetch(`${server.url}/v1/datasets/${DEPARTMENT}/2023`)).json() as { versions: { version: number; sha256: string }[] };
      const latest = ds.versions.at(-1)!;
      const url = `${server.url}/v1/datasets/${DEPARTMENT}/2023/versions/${latest.version}`;
      expect(await page.locator('[id="cite-url"]').textContent()).toBe(url);
      expect(await page.locator('[id="cite-sha"]').textContent()).toBe(`sha256:${latest.sha256}`);
      expect(await page.locator('[id="cite-text"]').textContent()).toContain(url);
      expect((await fetch(url)).headers.get('cache-control')).toContain('immutable');
      await page.locator('#cite-url + button').click();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
      await page.locator('#cite-sha + button').click();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`sha256:${latest.sha256}`);
      await context.close();
    });

    it('English: "1 dataset", not "1 datasets"; "Shuozhou" finds the department by its registered English name', async () => {
      const page = await open('/?lang=en&year=2023', { lang: 'en-GB' });
      await ready(page);
      await page.waitForSelector('table.catalog tbody tr');
      const status = (await page.locator('#results-status').textContent())!;
      expect(status).toMatch(/^\d+ datasets?$/);
      const n = Number(status.split(' ')[0]);
      expect(status).toBe(n === 1 ? '1 dataset' : `${n} datasets`);
      expect(await page.locator('.stats').textContent()).not.toMatch(/\b1 (datasets|departments)\b/);
      for (const query of ['Shuozhou', 'shuocheng approval', 'Shuò zhōu']) {
        await page.fill('#q', query);
        await page.press('#q', 'Enter');
        const rows = page.locator('table.catalog tbody tr', { hasText: '朔州市朔城区行政审批服务管理局' });
        await rows.first().waitFor({ timeout: 10_000 });
        expect(await rows.count(), query).toBeGreaterThanOrEqual(1);
        expect(await rows.first().locator('.dept-en').textContent(), query).toContain('Shuozhou');
      }
      await page.fill('#q', 'Guangzhou');
      await page.press('#q', 'Enter');
      await page.waitForSelector('#results-body .empty', { timeout: 10_000 });
      await page.context().close();
    });

    it('a page that does not exist: a not-found page with a way back to the catalog', async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const answer = await page.goto(server.url + '/no-such-page');
      expect(answer!.status()).toBe(404);
      expect(answer!.headers()['content-type']).toMatch(/^text\/html/);
      await page.locator('#back-to-catalog').click();
      await page.waitForURL(server.url + '/');
      await ready(page);
      // An unknown dataset on the dataset page: said so, with the link back.
      await page.goto(server.url + '/dataset?d=no-such-department&y=2023', { waitUntil: 'domcontentloaded' });
      const back = page.locator('.page-error a.page-error-back');
      await back.waitFor();
      expect(await page.locator('.page-error h1').textContent()).toBe('没有找到');
      await back.click();
      await page.waitForURL(server.url + '/');
      await page.context().close();
    });
  });
}
