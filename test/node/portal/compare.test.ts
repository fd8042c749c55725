// The compare page end to end in Chromium: generated filings published through the signed path and indexed
// by the Registry's alarm; one table line across a region's departments and across years, each figure linked
// to its cell, and the CSV of what is shown. Its time to usable is a benchmark (npm run bench -- portal).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exact } from '../../../src/core/exact.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { COMPARE_LINE as LINE, publishCompareFixtures } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('the compare page (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  let filings: Awaited<ReturnType<typeof publishCompareFixtures>>;
  const inRegion = (code: string) => filings.filter((g) => g.regionCode.startsWith(code));
  const total = (g: (typeof filings)[number]) => g.filing.tables.find((t: { id: string }) => t.id === 'expenditure').sections[0].rows.find((r: { code?: string }) => r.code === '2010301').values.total as string;

  beforeAll(async () => {
    server = await startServer();
    filings = await publishCompareFixtures(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a line across a region\'s departments and across years, exactly, with links to the cells and the CSV', async () => {
    const region = filings[0]!.regionCode.slice(0, 2);
    const year = filings[0]!.year;
    const page = await browser.newPage();
    await page.goto(`${server.url}/compare?${LINE}&region=${region}&year=${year}`);
    await page.waitForSelector('html[data-ready]');
    const expectedHere = inRegion(region).filter((g) => g.year === year);
    const rows = await page.locator('#cmp-departments tbody tr').allTextContents();
    expect(rows).toHaveLength(expectedHere.length);
    for (const g of expectedHere) expect(rows.some((r) => r.includes(g.filing.department.name) && r.includes(`${total(g)} 万元`))).toBe(true);
    // Each figure links to its cell on the dataset page.
    const href = await page.locator('#cmp-departments tbody tr a').first().getAttribute('href');
    expect(href).toMatch(/^\/dataset\?d=cmp-.*&y=\d{4}&v=1#c\/expenditure\/main\/2010301\/total$/);
    // Year by year: the exact sum of the region's figures, in yuan.
    const years = await page.locator('#cmp-years tbody tr').allTextContents();
    for (const y of [...new Set(inRegion(region).map((g) => g.year))]) {
      const sum = inRegion(region).filter((g) => g.year === y).reduce((s, g) => s.plus(Exact.parse(total(g)).times(10000)), Exact.ZERO);
      expect(years.some((r) => r.startsWith(String(y)) && r.includes(sum.toFixed(2)))).toBe(true);
    }
    expect(await page.locator('#cmp-departments canvas').count()).toBeGreaterThan(0);
    // The CSV of what is shown.
    const csvHref = await page.locator('#cmp-departments a[download]').getAttribute('href');
    const csv = await (await fetch(server.url + csvHref)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(expectedHere.length + 1);
    await page.close();
  });
});
