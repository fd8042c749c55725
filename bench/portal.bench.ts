// The portal's time to usable (every table and chart drawn: the page's own "data-ready" mark) from navigation
// start, in Debian's Chromium with a cold cache each time, against the goal of 1 s: the dataset page, and the
// compare page over twelve indexed generated filings. A benchmark, not a test: on a shared machine the figure
// moves with the neighbours' load, which is printed beside it.
// Run: npm run bench -- portal   (BENCH_LOADS, default 9)
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { COMPARE_LINE, publishCompareFixtures, publishFixtures } from '../test/node/portal/fixture.ts';
import { startServer } from '../test/node/support/server.ts';
import { median, report } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';
const LOADS = Number(process.env.BENCH_LOADS ?? '9');
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: apt-get install -y chromium`);

const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], headless: true });
try {
  await publishFixtures(server);
  const compared = await publishCompareFixtures(server);
  const pages = {
    dataset: `${server.url}/dataset?d=140602-xzspfwglj&y=2023`,
    compare: `${server.url}/compare?${COMPARE_LINE}&region=${compared[0]!.regionCode.slice(0, 2)}&year=${compared[0]!.year}`,
  };
  for (const [name, url] of Object.entries(pages)) {
    const times: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(url, { timeout: 60_000 });
      await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
      const mark = Number(await page.evaluate(`performance.getEntriesByName('data-ready')[0]?.startTime ?? document.documentElement.dataset.ready`));
      if (i > 0) times.push(Math.round(mark)); // the first warms the server's isolate
      await context.close();
    }
    report(`portal: the ${name} page usable from navigation (cold browser cache)`, {
      goalMs: 1000, loads: LOADS, medianMs: median(times), bestMs: Math.min(...times), times, loadAverage: +loadavg()[0]!.toFixed(1), cpus: cpus().length,
    });
  }
} finally {
  await browser.close();
  await server.stop();
}
