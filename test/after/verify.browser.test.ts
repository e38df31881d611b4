import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Declaration, ResultReport } from '../../models';
import { launchBrowser, screenshot } from '../helpers/browser';
import { api } from '../helpers/api';
import { server } from '../helpers/setup';
import { decidedMeeting, filedMeeting, must, unitWithRange } from './fixtures';

/**
 * The public pages in Chromium (client/dist, built by `npm run build`): the certificate check for a
 * valid, a revoked and a forged code (desktop and phone, Chinese and English), and a report sent
 * from the public result list on a phone.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };

describe('public pages in the browser: certificate check and result publicity', function () {
  this.timeout(150_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let valid: { verifyCode: string; name: string; number: string };
  let revoked: { verifyCode: string; name: string };

  async function newPage(viewport = DESKTOP): Promise<Page> {
    const phone = viewport === PHONE;
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(15_000);
    return page;
  }

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    const d = await decidedMeeting({ applicants: 3 });
    const { filingId } = await filedMeeting(d);
    const { unit } = await unitWithRange(d, 10);
    const certs = must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue').body.items;
    valid = certs[0];
    revoked = certs[1];
    must(await api(d.office.token).post(`/certificates/${certs[1].id}/revoke`, { reason: '申报材料弄虚作假' }), 'revoke');
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('a valid code (from the QR link) shows the holder and the certificate', async () => {
    const page = await newPage();
    await page.goto(`${server().url}/verify?code=${encodeURIComponent(valid.verifyCode)}`);
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-status')).to.equal('valid');
    expect(await page.locator('[data-testid=verified-name]').innerText()).to.equal(valid.name);
    expect(await verdict.innerText()).to.contain('该证书真实有效').and.to.contain(valid.number);
    await screenshot(page, 'after-verify-valid');
    const phone = await newPage(PHONE);
    await phone.goto(`${server().url}/verify?code=${encodeURIComponent(valid.verifyCode)}`);
    await phone.locator('[data-testid=verdict][data-status=valid]').waitFor();
    // Nothing wider than the phone: the page does not scroll sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await screenshot(phone, 'after-verify-valid-phone');
  });

  it('a revoked certificate says so; a forged code finds nothing, in Chinese and in English', async () => {
    const page = await newPage();
    await page.goto(`${server().url}/verify`);
    await page.fill('#verify-code', revoked.verifyCode.toLowerCase());
    await page.click('[data-testid=verify-form] button[type=submit]');
    const verdict = page.locator('[data-testid=verdict]');
    await page.locator('[data-testid=verdict][data-status=revoked]').waitFor();
    expect(await verdict.innerText()).to.contain('已').and.to.contain('撤销');
    await screenshot(page, 'after-verify-revoked');

    await page.fill('#verify-code', 'ABCD-EFGH-JKMN-PQRS');
    await page.click('[data-testid=verify-form] button[type=submit]');
    await page.locator('[data-testid=verdict][data-status=missing]').waitFor();
    expect(await verdict.innerText()).to.contain('未查到');
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.querySelector('[data-testid=verdict]')?.textContent?.includes('No certificate has this verification code'));
    await screenshot(page, 'after-verify-forged-en');
  });

  it('the public result list on a phone takes a report about one entry', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const pub = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/results/publish`, {}), 'publish').body;
    const name = (await Declaration.findByPk(d.m.applicants[0].declarationId))!.applicantName;
    const page = await newPage(PHONE);
    await page.goto(`${server().url}/public/results?id=${pub.id}`);
    await page.getByText(name, { exact: true }).first().waitFor();
    const item = await page.locator('[data-testid^=report-]').first().getAttribute('data-testid');
    await page.locator('[data-testid^=report-]').first().click();
    await page.fill('.dialog textarea', '该同志任职年限不符合申报条件');
    await page.click('[data-testid=send-report]');
    await page.getByText('已收到您反映的问题').waitFor();
    await screenshot(page, 'after-public-report-phone');
    const saved = await ResultReport.findOne({ where: { publicityId: pub.id } });
    expect(saved?.content).to.equal('该同志任职年限不符合申报条件');
    expect(saved?.itemId).to.equal(Number(item!.replace('report-', '')));
  });
});
