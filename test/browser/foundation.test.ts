import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api, login } from '../helpers/api';
import { buildOrg, unique, withKnownPassword, type BuiltOrg } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { Account, Organisation } from '../../models';

/**
 * The Solid client against the real server (client/dist, built by `npm run build`): sign-in errors
 * in Chinese, the forced password change, creating a child organisation and seeing it (and its
 * admin's one-time password) in the tree, live tree updates, and the phone layout.
 */
const DIST = path.resolve('client/dist/index.html');
const NEW_PASSWORD = 'Browser#Pass2026';
const DESKTOP = { width: 1366, height: 820 };
const PHONE = { width: 390, height: 844 };

describe('foundation in the browser (Solid client)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let org: BuiltOrg;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${server().url}/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('[data-testid=sign-in] button[type=submit]');
  }

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    browser = await launchBrowser();
    // An approved city office whose admin must change the password at first sign-in.
    org = await buildOrg({ name: `浏览器测试市职改办${unique('')}` });
    await withKnownPassword(org.admin, true);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('sends a stranger to sign-in and shows a wrong password in Chinese', async () => {
    const page = await newPage();
    await page.goto(`${server().url}/orgs`);
    await page.waitForURL(/\/login\?next=%2Forgs$/);
    expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
    await page.fill('input[name=username]', org.admin.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-testid=sign-in] button[type=submit]');
    const error = page.locator('[data-testid=sign-in] .form-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).to.equal('用户名或密码错误');
    await screenshot(page, 'foundation-desktop-01-wrong-password');
    // The failure counted, and nothing more: one wrong password does not lock.
    const admin = await Account.findByPk(org.admin.id);
    expect(admin!.failedLogins).to.equal(1);
    expect(admin!.lockedAt).to.equal(null);
  });

  it('forces the password change, then creates a child organisation that appears in the tree with its admin password', async () => {
    const page = await newPage();
    await signIn(page, org.admin.username, TEST_PASSWORD);

    // Forced change: the policy is on screen before anything is typed.
    await page.waitForURL(/\/password$/);
    const form = page.locator('[data-testid=change-password]');
    await form.waitFor();
    const policy = await form.locator('.policy').textContent();
    expect(policy).to.contain('至少 8 个字符');
    expect(policy).to.contain('至少 3 类');
    expect(policy).to.contain('不能包含用户名');
    await screenshot(page, 'foundation-desktop-02-forced-change');

    // Any other page sends us back here until the password is changed.
    await page.goto(`${server().url}/orgs`);
    await page.waitForURL(/\/password$/);

    // A wrong current password comes back from the server as a field error next to that field.
    await form.locator('input[name=currentPassword]').fill('wrong-current');
    await form.locator('input[name=newPassword]').fill(NEW_PASSWORD);
    await form.locator('input[name=repeat]').fill(NEW_PASSWORD);
    await form.locator('button[type=submit]').click();
    const fieldError = form.locator('.field.has-error .field-error');
    await fieldError.waitFor();
    expect((await fieldError.textContent())?.trim()).to.equal('当前密码不正确');
    expect(await form.locator('.field.has-error input').getAttribute('name')).to.equal('currentPassword');

    await form.locator('input[name=currentPassword]').fill(TEST_PASSWORD);
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=home]').waitFor();
    expect(new URL(page.url()).pathname).to.equal('/');
    expect(await page.locator('[data-testid=home] h1').textContent()).to.contain(org.admin.name);
    await org.admin.reload();
    expect(org.admin.mustChangePassword).to.equal(false);
    await login(org.admin.username, NEW_PASSWORD); // the new password is the one stored
    await screenshot(page, 'foundation-desktop-03-home');

    // 组织管理 from the menu; the tree shows our own unit.
    await page.click('.sidenav a:has-text("组织管理")');
    await page.waitForURL(/\/orgs$/);
    const tree = page.locator('[data-testid=org-tree]');
    await tree.locator(`[data-code="${org.org.code}"]`).waitFor();

    // 新建下级单位
    const childName = `浏览器新建单位${unique('')}`;
    await page.click('[data-testid=create-child]');
    const dialog = page.locator('[data-testid=create-org]');
    await dialog.waitFor();
    await dialog.locator('input[name=name]').fill(childName);
    await dialog.locator('select[name=kind]').selectOption('employer');
    await dialog.locator('select[name=category]').selectOption('enterprise');
    await dialog.locator('button[type=submit]').click();
    const result = page.locator('[data-testid=create-org-result]');
    await result.waitFor();
    const shownUsername = (await result.locator('[data-testid=secret-username]').textContent())!.trim();
    const shownPassword = (await result.locator('[data-testid=secret-password]').textContent())!.trim();
    await screenshot(page, 'foundation-desktop-04-child-created');

    const child = await Organisation.findOne({ where: { name: childName } });
    expect(child, 'the child exists in the database').to.not.equal(null);
    expect(child!.parentId).to.equal(org.org.id);
    expect(child!.code).to.match(new RegExp(`^${org.org.code}2\\d{3}$`)); // enterprise range 2001–2999
    expect(await result.textContent()).to.contain(child!.code);
    // The password on screen is the real one: the new admin can sign in with it and must change it.
    expect(shownUsername).to.equal(child!.code);
    const childAdmin = await login(shownUsername, shownPassword);
    expect(childAdmin.account.mustChangePassword).to.equal(true);

    // Done: the new unit is in the tree and selected.
    await result.locator('.dialog-actions button:has-text("完成")').click();
    await tree.locator(`[data-code="${child!.code}"]`).waitFor();
    expect(await tree.textContent()).to.contain(childName);
    await page.locator(`[data-testid=org-detail][data-org-id="${child!.id}"]`).waitFor();
    expect(await page.locator('[data-testid=org-detail] h2').textContent()).to.equal(childName);
    await screenshot(page, 'foundation-desktop-05-tree');

    // Live: a unit created elsewhere (here through the API) appears without a reload.
    const token = (await login(org.admin.username, NEW_PASSWORD)).accessToken;
    const otherName = `接口新建单位${unique('')}`;
    const created = await api(token).post('/orgs', { parentId: org.org.id, name: otherName, kind: 'employer', category: 'hospital' });
    expect(created.status).to.equal(201);
    await tree.locator(`[data-code="${created.body.org.code}"]`).waitFor({ timeout: 8000 });
    expect(await tree.textContent()).to.contain(otherName);
    await screenshot(page, 'foundation-desktop-06-live-update');
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await newPage();
    await signIn(page, org.admin.username, NEW_PASSWORD);
    await page.locator('[data-testid=home]').waitFor();
    await page.click('.topbar [data-testid=lang-switch]');
    await page.locator('.sidenav a:has-text("Organisations")').waitFor();
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    await page.reload();
    await page.locator('.sidenav a:has-text("Organisations")').waitFor();
    await page.click('.topbar [data-testid=lang-switch]');
    await page.locator('.sidenav a:has-text("组织管理")').waitFor();
  });

  it('works on a phone: the menu folds into a drawer and tables become cards', async () => {
    const page = await newPage(PHONE);
    await signIn(page, org.admin.username, NEW_PASSWORD);
    await page.locator('[data-testid=home]').waitFor();
    const nav = page.locator('#sidenav');
    expect(await nav.isVisible()).to.equal(false);
    await screenshot(page, 'foundation-phone-01-home');
    await page.click('[data-testid=menu-button]');
    await nav.locator('a:has-text("账号管理")').waitFor({ state: 'visible' });
    await screenshot(page, 'foundation-phone-02-menu');
    await nav.locator('a:has-text("账号管理")').click();
    await page.waitForURL(/\/accounts$/);
    const firstRow = page.locator('.data-table tbody tr').first();
    await firstRow.waitFor();
    expect(await nav.isVisible(), 'the drawer closes after navigating').to.equal(false);
    expect(await page.locator('.data-table thead').isVisible(), 'no table header on a phone').to.equal(false);
    const box = await firstRow.boundingBox();
    expect(box!.width).to.be.at.most(PHONE.width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow, 'nothing wider than the screen').to.be.at.most(PHONE.width);
    await screenshot(page, 'foundation-phone-03-accounts');

    await page.goto(`${server().url}/orgs`);
    await page.locator('[data-testid=org-tree]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await screenshot(page, 'foundation-phone-04-orgs');
  });
});
