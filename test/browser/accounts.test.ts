import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { server } from '../helpers/setup';
import { login } from '../helpers/api';
import { buildOrg, unique, type BuiltOrg } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { Account } from '../../models';

/**
 * 账号管理 in the browser: a staff account limited to a series at creation, then its kind,
 * permissions and series edited (PATCH /accounts/:id) and still there after a reload; the dialogs
 * on a phone.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 820 };
const PHONE = { width: 390, height: 844 };

describe('accounts in the browser: series limit and editing staff', function () {
  this.timeout(120_000);
  let browser: Browser;
  let org: BuiltOrg;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const staffUsername = unique('brst');
  const staffName = '系列限定测试';

  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function signIn(page: Page) {
    await page.goto(`${server().url}/login`);
    await page.fill('input[name=username]', org.admin.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.locator('[data-testid=home]').waitFor();
  }

  /** The list filtered to the one staff account, and its row. */
  async function staffRow(page: Page) {
    await page.goto(`${server().url}/accounts?q=${staffUsername}`);
    const row = page.locator('.data-table tbody tr', { hasText: staffUsername });
    await row.waitFor();
    return row;
  }

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    browser = await launchBrowser();
    org = await buildOrg({ name: `账号浏览器测试办${unique('')}` });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('creates a handler limited to 卫生, edits it into a leader over 卫生 and 高校教师, and sees it after a reload', async () => {
    const page = await newPage();
    await signIn(page);
    await page.goto(`${server().url}/accounts`);
    await page.click('[data-testid=create-account]');
    const form = page.locator('[data-testid=create-account-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(staffName);
    await form.locator('input[name=username]').fill(staffUsername);
    const limit = form.locator('[data-testid=series-limit]');
    await limit.locator('input[value=weisheng]').waitFor();
    // Every series of the catalogue is offered, none ticked (every series) to begin with.
    expect(await limit.locator('input[type=checkbox]').count()).to.be.at.least(10);
    expect(await limit.locator('input:checked').count()).to.equal(0);
    expect(await limit.textContent()).to.contain('卫生').and.contain('高校教师');
    await limit.locator('input[value=weisheng]').check();
    await screenshot(page, 'accounts-desktop-01-create-limited');
    await form.locator('button[type=submit]').click();
    const result = page.locator('[data-testid=create-account-result]');
    await result.waitFor();
    const initialPassword = (await result.locator('[data-testid=secret-password]').textContent())!.trim();

    const created = await Account.findOne({ where: { username: staffUsername } });
    expect(created, 'the staff account exists').to.not.equal(null);
    expect(created!.role).to.equal('staff');
    expect(created!.staffKind).to.equal('handler');
    expect(created!.seriesScope).to.deep.equal(['weisheng']);
    expect(created!.permissions).to.have.members(['qualification.handler_review', 'qualification.publicity']);
    // The password on screen is the real one.
    expect((await login(staffUsername, initialPassword)).account.mustChangePassword).to.equal(true);
    await result.locator('.dialog-actions button:has-text("完成")').click();

    // The list says what the account is limited to.
    let row = await staffRow(page);
    expect(await row.locator('[data-testid=series-scope]').textContent()).to.contain('限：卫生');

    // 编辑: leader, a leader permission on, publicity off, 高校教师 added.
    await row.locator('[data-testid=edit-account]').click();
    let edit = page.locator('[data-testid=edit-account-form]');
    await edit.waitFor();
    expect(await edit.locator('[data-testid=series-limit] input[value=weisheng]').isChecked()).to.equal(true);
    expect(await edit.locator('[data-testid=permissions] input[value="qualification.leader_review"]').isDisabled(), 'leader-only is off for a handler').to.equal(true);
    await edit.locator('select[name=staffKind]').selectOption('leader');
    await edit.locator('[data-testid=permissions] input[value="qualification.leader_review"]').check();
    await edit.locator('[data-testid=permissions] input[value="qualification.publicity"]').uncheck();
    await edit.locator('[data-testid=series-limit] input[value=gaoxiao]').check();
    await screenshot(page, 'accounts-desktop-02-edit');
    await edit.locator('button[type=submit]').click();
    await edit.waitFor({ state: 'detached' });
    await page.locator('.toast', { hasText: '已保存' }).waitFor();

    await created!.reload();
    expect(created!.staffKind).to.equal('leader');
    expect(created!.permissions).to.have.members(['qualification.handler_review', 'qualification.leader_review']);
    expect(created!.seriesScope).to.have.members(['weisheng', 'gaoxiao']);

    // After a reload the page shows what was stored, and the dialog opens with it.
    await page.reload();
    row = page.locator('.data-table tbody tr', { hasText: staffUsername });
    await row.waitFor();
    expect(await row.textContent()).to.contain('领导');
    const scope = (await row.locator('[data-testid=series-scope]').textContent())!;
    expect(scope).to.contain('卫生').and.contain('高校教师');
    await row.locator('[data-testid=edit-account]').click();
    edit = page.locator('[data-testid=edit-account-form]');
    await edit.waitFor();
    expect(await edit.locator('select[name=staffKind]').inputValue()).to.equal('leader');
    expect(await edit.locator('[data-testid=permissions] input[value="qualification.leader_review"]').isChecked()).to.equal(true);
    expect(await edit.locator('[data-testid=permissions] input[value="qualification.publicity"]').isChecked()).to.equal(false);
    expect(await edit.locator('[data-testid=series-limit] input[value=gaoxiao]').isChecked()).to.equal(true);
    expect(await edit.locator('[data-testid=series-limit] input[value=weisheng]').isChecked()).to.equal(true);

    // Back to every series: none ticked is stored as an empty scope, and the list says nothing.
    await edit.locator('[data-testid=series-limit] input[value=gaoxiao]').uncheck();
    await edit.locator('[data-testid=series-limit] input[value=weisheng]').uncheck();
    await edit.locator('button[type=submit]').click();
    await edit.waitFor({ state: 'detached' });
    await created!.reload();
    expect(created!.seriesScope).to.deep.equal([]);
    await page.reload();
    await page.locator('.data-table tbody tr', { hasText: staffUsername }).waitFor();
    expect(await page.locator('.data-table tbody tr', { hasText: staffUsername }).locator('[data-testid=series-scope]').count()).to.equal(0);
  });

  it('turning a leader into a handler takes its leader-only permissions off; a bad name is shown at the field', async () => {
    // Made a leader with a leader-only permission elsewhere; the dialog turning it into a handler
    // takes the permission off by itself, so the request sent is one the server accepts.
    const page = await newPage();
    await signIn(page);
    const row = await staffRow(page);
    const account = (await Account.findOne({ where: { username: staffUsername } }))!;
    account.staffKind = 'leader';
    account.permissions = ['qualification.leader_review', 'qualification.handler_review'];
    await account.save();
    await page.reload();
    await row.waitFor();
    await row.locator('[data-testid=edit-account]').click();
    const edit = page.locator('[data-testid=edit-account-form]');
    await edit.waitFor();
    await edit.locator('select[name=staffKind]').selectOption('handler');
    expect(await edit.locator('[data-testid=permissions] input[value="qualification.leader_review"]').isChecked()).to.equal(false);
    await edit.locator('input[name=name]').fill('x');
    await edit.locator('button[type=submit]').click();
    const nameError = edit.locator('.field.has-error .field-error');
    await nameError.waitFor();
    expect(await edit.locator('.field.has-error input').getAttribute('name')).to.equal('name');
    await edit.locator('input[name=name]').fill(staffName);
    await edit.locator('button[type=submit]').click();
    await edit.waitFor({ state: 'detached' });
    await account.reload();
    expect(account.staffKind).to.equal('handler');
    expect(account.permissions).to.deep.equal(['qualification.handler_review']);
  });

  it('works on a phone (390×844): the create dialog with its series and the edit dialog fit the screen', async () => {
    const page = await newPage(PHONE);
    await signIn(page);
    await page.goto(`${server().url}/accounts`);
    await page.click('[data-testid=create-account]');
    const form = page.locator('[data-testid=create-account-form]');
    await form.waitFor();
    await form.locator('[data-testid=series-limit] input[value=weisheng]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the screen').to.be.at.most(PHONE.width);
    const box = await form.locator('[data-testid=series-limit]').boundingBox();
    expect(box!.x).to.be.at.least(0);
    expect(box!.x + box!.width).to.be.at.most(PHONE.width);
    await page.screenshot({ path: '/tmp/accounts-phone-create.png' });
    await screenshot(page, 'accounts-phone-01-create');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    const row = await staffRow(page);
    await row.locator('[data-testid=edit-account]').click();
    const edit = page.locator('[data-testid=edit-account-form]');
    await edit.waitFor();
    await edit.locator('[data-testid=series-limit] input[value=weisheng]').check();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    const save = edit.locator('button[type=submit]');
    await save.scrollIntoViewIfNeeded();
    const saveBox = await save.boundingBox();
    expect(saveBox!.x + saveBox!.width).to.be.at.most(PHONE.width);
    expect(saveBox!.height, 'a tappable button').to.be.at.least(32);
    await page.screenshot({ path: '/tmp/accounts-phone-edit.png' });
    await screenshot(page, 'accounts-phone-02-edit');
    await save.click();
    await edit.waitFor({ state: 'detached' });
    const account = (await Account.findOne({ where: { username: staffUsername } }))!;
    expect(account.seriesScope).to.deep.equal(['weisheng']);
  });
});
