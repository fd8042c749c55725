// The coverage page and the administrator's page in Chromium, against the real Worker (wrangler dev):
// five registered departments, three published, the page lists two as missing with their deadline, then a
// withdrawal; the admin page signs in with the pasted credential, registers a department's key from the
// file `gongkai keygen` writes (its private half never leaves the page), rotates and revokes keys, keeps
// the registry and the deadlines, and the administration routes refuse a wrong credential and another origin.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPost } from '../../../src/cli/client.ts';
import { keygen } from '../../../src/cli/commands/keygen.ts';
import { adminDeadlinePath, ADMIN_DEPARTMENTS_PATH, adminWithdrawPath, coveragePath } from '../../../src/core/contract/urls.ts';
import { generatedFiling } from '../../generate/filings.ts';
import { publish, registerKey } from '../mirror/support.ts';
import { freePort, startServer, type TestServer } from '../support/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const YEAR = 2021;
const gen = [0, 10, 20, 30, 40].map((i) => generatedFiling(i, { departments: 50, prefix: 'pc' }));
const REGION = gen[0]!.regionCode;

async function adminPut(server: TestServer, path: string, body: unknown): Promise<Response> {
  return fetch(server.url + path, { method: 'PUT', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe.skipIf(!existsSync(CHROMIUM))('the coverage and admin pages (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-admin-'));

  beforeAll(async () => {
    server = await startServer();
    for (const g of gen) {
      const r = await adminPost(server.url, ADMIN_DEPARTMENTS_PATH, server.adminToken, { id: g.departmentId, name: g.filing.department.name, regionCode: g.regionCode, firstYear: YEAR });
      expect(r.status, r.text).toBe(201);
    }
    for (const g of gen.slice(0, 3)) await publish(server, g.filing, await registerKey(server, g.departmentId));
    expect((await adminPut(server, adminDeadlinePath(REGION, YEAR), { approvalDate: '2022-07-11' })).status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Row { id?: string; status?: string; timeliness?: string; cells: string[] }
  // String expressions: the Node project type-checks without the DOM's types.
  const rows = (page: Page) => page.evaluate(`[...document.querySelectorAll('#cov-departments tbody tr')].map((tr) => ({
    id: tr.dataset.department, status: tr.dataset.status, timeliness: tr.dataset.timeliness, cells: [...tr.children].map((c) => c.innerText.trim()),
  }))`) as Promise<Row[]>;
  const h1Is = (page: Page, text: string) => page.waitForFunction(`document.querySelector('h1')?.textContent === ${JSON.stringify(text)}`);

  it('/coverage lists the two that have not published, with their deadline, counts and 公开率; keyboard and English too', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.url)) outside.push(r.url()); });
    const started = Date.now();
    await page.goto(`${server.url}/coverage?region=${REGION}&year=${YEAR}`);
    await page.waitForSelector('html[data-ready]');
    console.log(`coverage page: usable after ${await page.evaluate('document.documentElement.dataset.ready')} ms from navigation (${Date.now() - started} ms wall)`);
    const mine = (await rows(page)).filter((r) => r.id?.startsWith('pc-'));
    expect(mine.map((r) => [r.id, r.status])).toEqual(gen.map((g, i) => [g.departmentId, i < 3 ? 'published' : 'missing']));
    const missing = mine.filter((r) => r.status === 'missing');
    expect(missing).toHaveLength(2);
    for (const r of missing) {
      expect(r.cells).toContain('2022-07-31');
      expect(r.cells).toContain('未公开');
      expect(r.cells).toContain('逾期未公开');
    }
    expect(mine.filter((r) => r.status === 'published').every((r) => r.cells.includes('逾期后公开'))).toBe(true);
    const summary = await page.innerText('#cov-summary');
    expect(summary).toContain('60.00%');
    expect(await page.innerText('#cov-regions')).toContain('2022-07-31（批复 2022-07-11 后20日）');
    // Only those not published, from the keyboard-usable filter.
    await page.getByLabel('显示', { exact: true }).selectOption('missing');
    const shown = (await page.evaluate(`[...document.querySelectorAll('#cov-departments tbody tr:not([hidden])')].map((tr) => tr.dataset.department)`)) as string[];
    expect(shown.filter((id) => id.startsWith('pc-'))).toEqual(gen.slice(3).map((g) => g.departmentId));
    await page.getByLabel('显示', { exact: true }).selectOption('all');
    // Department names are isolated from their neighbours (bdi).
    expect(await page.$$eval('#cov-departments tbody th bdi', (b) => b.length)).toBe(5);
    // The page is reached from the catalog; the form works from the keyboard.
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '公开情况' }).first().click();
    await page.waitForURL(/\/coverage/);
    await page.waitForSelector('html[data-ready]');
    await page.getByLabel('地区代码（前缀）').focus();
    await page.keyboard.type(REGION);
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(YEAR));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`region=${REGION}`));
    await page.waitForFunction(`document.querySelectorAll('#cov-departments tbody tr[data-status="missing"]').length >= 2`);
    // English.
    await page.click('#lang-switch');
    await h1Is(page, 'Who has published');
    expect(await page.innerText('#cov-departments')).toContain('Not published');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('/coverage shows a withdrawal', async () => {
    const g = gen[1]!;
    const w = await adminPost(server.url, adminWithdrawPath(g.departmentId, YEAR, 1), server.adminToken, { reason: '报送错误，撤回' });
    expect(w.status, w.text).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${server.url}/coverage?region=${REGION}&year=${YEAR}`);
    await page.waitForSelector('html[data-ready]');
    const row = (await rows(page)).find((r) => r.id === g.departmentId)!;
    expect(row.status).toBe('withdrawn');
    expect(row.cells).toContain('已撤回');
    expect(await page.innerText('#cov-summary')).toContain('40.00%');
    const api = (await (await fetch(server.url + coveragePath({ region: REGION, year: YEAR }))).json()) as { summary: { withdrawn: number; missing: number } };
    expect(api.summary).toMatchObject({ withdrawn: 1, missing: 2 });
    await page.close();
  });

  it('/admin registers a key from the file gongkai keygen writes, without sending its private half; rotates and revokes', async () => {
    const department = gen[3]!.departmentId; // one that has not published
    const made = await keygen({ department, out: join(dir, 'dept.key.json') });
    const privateD = (JSON.parse(readFileSync(made.path, 'utf8')) as { d: string }).d;
    const page = await browser.newPage();
    const sent: { url: string; method: string; body: string }[] = [];
    page.on('request', (r) => sent.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
    await page.goto(`${server.url}/admin`);
    await page.waitForSelector('html[data-ready]');
    // A wrong credential is refused, and said so.
    await page.getByLabel('管理员凭据').fill('not-the-token');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.innerText('#admin-status')).toContain('凭据被拒绝');
    expect(await page.isHidden('#adm-work')).toBe(true);
    // The right one.
    await page.getByLabel('管理员凭据').fill(server.adminToken);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('#adm-work:not([hidden])');
    expect(page.url()).not.toContain(server.adminToken);
    await page.getByLabel('公钥文件（JWK）').setInputFiles(made.path);
    await expect.poll(() => page.getByLabel('密钥所属部门编号').inputValue()).toBe(department);
    expect(await page.getByLabel('密钥编号').inputValue()).toBe(made.kid);
    expect(await page.innerText('#key-status')).toContain('此文件含有私钥');
    await page.getByRole('button', { name: '登记密钥' }).click();
    await expect.poll(() => page.innerText('#key-status')).toContain(`已登记密钥 ${made.kid}`);
    const keys = async () => ((await (await fetch(`${server.url}/v1/keys`)).json()) as { keys: { kid: string; x: string; status: string }[] }).keys;
    expect((await keys()).find((k) => k.kid === made.kid)).toMatchObject({ x: (made.publicJwk as { x: string }).x, status: 'active' });
    // The private half was never sent, nor the credential in a URL.
    expect(sent.some((r) => r.body.includes(privateD) || r.url.includes(privateD))).toBe(false);
    expect(sent.some((r) => r.url.includes(server.adminToken))).toBe(false);
    expect(await page.evaluate('JSON.stringify(sessionStorage)')).toBe('{}');

    // Rotation: a pasted public key replaces the first.
    const next = await keygen({ department, out: join(dir, 'dept2.key.json') });
    await page.getByLabel('或粘贴公钥（JWK 或 base64url 的 x）').fill(JSON.stringify(next.publicJwk));
    await expect.poll(() => page.getByLabel('密钥编号').inputValue()).toBe(next.kid);
    await page.getByLabel('替换的旧密钥（轮换）').selectOption(made.kid);
    await page.getByRole('button', { name: '登记密钥' }).click();
    await expect.poll(() => page.innerText('#key-status')).toContain(`已登记密钥 ${next.kid}，并吊销旧密钥 ${made.kid}`);
    expect((await keys()).filter((k) => k.kid === made.kid || k.kid === next.kid).map((k) => [k.kid, k.status]).sort()).toEqual([[made.kid, 'revoked'], [next.kid, 'active']].sort());

    // Revocation with a reason, in a dialog, from the keyboard.
    await page.getByRole('button', { name: `吊销密钥 ${next.kid}` }).click();
    await page.getByLabel('吊销理由').fill('部门撤并');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.innerText('#key-status')).toContain(`已吊销密钥 ${next.kid}`);
    expect((await keys()).find((k) => k.kid === next.kid)!.status).toBe('revoked');
    // In English, still signed in (the credential held in memory only).
    await page.click('#lang-switch');
    await h1Is(page, 'Administration');
    await page.waitForSelector('#adm-work:not([hidden])');
    expect(await page.getByLabel('Key id').count()).toBe(1);
    expect(await page.innerText('#key-table')).toContain('Revoked');
    await page.close();
  });

  it('/admin keeps the registry and the deadlines', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('管理员凭据').fill(server.adminToken);
    await page.getByLabel('在本标签页内记住（sessionStorage）').check();
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('#adm-work:not([hidden])');
    await page.getByLabel('部门编号', { exact: true }).fill('pc-new-dept');
    await page.getByLabel('部门名称').fill('新设的局');
    await page.getByLabel('地区代码（6位）', { exact: true }).fill(REGION);
    await page.getByLabel('上级部门编号').fill(gen[0]!.departmentId);
    await page.getByLabel('首个应公开年度').fill(String(YEAR));
    await page.getByLabel('其他名称（每行一个）').fill('新局\n新设局');
    await page.getByRole('button', { name: '保存部门' }).click();
    await expect.poll(() => page.innerText('#dept-status')).toContain('已保存部门 pc-new-dept');
    expect(await page.innerText('#dept-table')).toContain('新设的局');
    // Edit it: the first year moves on.
    await page.getByRole('button', { name: '编辑部门 新设的局' }).click();
    await page.getByLabel('首个应公开年度').fill(String(YEAR + 1));
    await page.getByRole('button', { name: '保存部门' }).click();
    await expect.poll(() => page.innerText('#dept-status')).toContain('已保存部门 pc-new-dept');
    // A deadline entered as a date.
    await page.getByLabel('适用地区代码（6位）').fill('310101');
    await page.getByLabel('年度', { exact: true }).fill('2023');
    await page.getByLabel('公开期限', { exact: true }).fill('2024-09-30');
    await page.getByRole('button', { name: '保存期限' }).click();
    await expect.poll(() => page.innerText('#deadline-status')).toContain('2024-09-30');
    // Kept for this tab only when asked; a reload signs in again from sessionStorage.
    await page.reload();
    await page.waitForSelector('#adm-work:not([hidden])');
    expect(await page.innerText('#deadline-table')).toContain('2024-09-30');
    const api = (await (await fetch(server.url + ADMIN_DEPARTMENTS_PATH, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { departments: { id: string; parentId: string | null; firstYear: number; aliases: string[] }[] };
    expect(api.departments.find((d) => d.id === 'pc-new-dept')).toMatchObject({ parentId: gen[0]!.departmentId, firstYear: YEAR + 1, aliases: ['新局', '新设局'] });
    await page.close();
  });

  it('a page on another origin cannot use the administration routes, even holding the credential', async () => {
    const port = await freePort();
    const other: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((r) => other.listen(port, '127.0.0.1', r));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const url = JSON.stringify(server.url);
      const result = await page.evaluate(`(async () => {
        const out = [];
        // With the credential: the preflight is refused, so the request is never sent.
        try {
          const r = await fetch(${url} + '/v1/admin/departments', { method: 'POST', headers: { authorization: 'Bearer ' + ${JSON.stringify(server.adminToken)}, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'xo-browser', name: '跨站', regionCode: '310101' }) });
          out.push('answered ' + r.status);
        } catch (e) {
          out.push('refused: ' + e.name);
        }
        // A simple request (no preflight) is sent, and refused by its Origin.
        await fetch(${url} + '/v1/admin/departments', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ id: 'xo-simple', name: '跨站', regionCode: '310101' }) }).catch(() => undefined);
        return out;
      })()`);
      expect(result).toEqual(['refused: TypeError']);
      const list = (await (await fetch(server.url + ADMIN_DEPARTMENTS_PATH, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { departments: { id: string }[] };
      expect(list.departments.map((d) => d.id).filter((id) => id.startsWith('xo-'))).toEqual([]);
      // What the Worker answers such a request (as curl sends it): 403.
      const direct = await fetch(server.url + ADMIN_DEPARTMENTS_PATH, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' }, body: JSON.stringify({ id: 'xo-direct', name: '跨站', regionCode: '310101' }) });
      expect(direct.status).toBe(403);
      await page.close();
    } finally {
      other.close();
    }
  });
});
