import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Account, Declaration, ResultPublicity } from '../../models';
import { launchBrowser, screenshot } from '../helpers/browser';
import { TEST_PASSWORD } from '../helpers/env';
import { server } from '../helpers/setup';
import { FILING_ATTACHMENTS } from '../../server/domain/after';
import { decidedMeeting, endPublicity, samplePdf, unitWithRange, type Decided } from './fixtures';

/**
 * Issue 7's "done when", in Chromium (client/dist, built by `npm run build`): from a meeting's
 * confirmed results the committee unit's handler publishes them, the period is fast-forwarded (the
 * fixture moves it into the past), the handler ends the publicity and files the meeting with four
 * PDFs, the office passes the filing with a number and issues a certificate, its PDF opens (200,
 * application/pdf), its code checks out on /verify, and the statistics page draws its charts.
 * Meanwhile the applicant's 我的评审结果 shows the result and its timeline as they happen.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 900 };

describe('after the meeting in the browser: publish, file, issue, verify, statistics', function () {
  this.timeout(300_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let d: Decided;
  let unit: { id: number; code: string };
  let applicant: Account;
  let applicantName: string;
  const files: Record<string, string> = {};

  async function open(account: Account | null, where: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${account?.name ?? 'public'}: ${e.message}`));
    page.setDefaultTimeout(20_000);
    if (!account) {
      await page.goto(`${server().url}${where}`);
      return page;
    }
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === where.split('?')[0]);
    return page;
  }

  async function textHas(locator: Locator, text: string, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = ((await locator.first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      if (last.includes(text)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`expected "${text}" in "${last}"`);
  }

  /** The confirmAction() question on top of a dialog: its primary button. */
  const confirm = (page: Page) => page.locator('[role=dialog]').last().locator('.dialog-foot button.primary').click();

  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(300);
    await screenshot(page, `after-staff-${name}`);
  };

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    d = await decidedMeeting({ applicants: 3 });
    // The office's issuing unit and its range for the year (their own screen; not the path under test).
    unit = (await unitWithRange(d, 20)).unit;
    const decl = (await Declaration.findByPk(d.m.applicants[0].declarationId))!;
    applicant = (await Account.findByPk(decl.applicantAccountId))!;
    applicantName = decl.applicantName;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-filing-'));
    for (const kind of FILING_ATTACHMENTS) {
      files[kind] = path.join(dir, `${kind}.pdf`);
      fs.writeFileSync(files[kind], await samplePdf(kind));
    }
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('publishes the confirmed results, files the meeting, issues and verifies a certificate, and shows the charts', async () => {
    const meetingId = d.m.meeting.id;
    // The applicant waits on 我的评审结果: nothing yet.
    const mine = await open(applicant, '/my/results');
    await textHas(mine.locator('.after-page'), '评审结果公示后将在这里显示');

    // 1. The committee unit's handler publishes (five working days, the default).
    const staff = await open(d.m.staff, `/after/meeting?id=${meetingId}`);
    await staff.click('[data-testid=open-publish]');
    await textHas(staff.locator('[role=dialog]'), '工作日');
    await shot(staff, '01-publish-dialog');
    await staff.click('[data-testid=publish]');
    await confirm(staff);
    await staff.locator('[data-testid=period]').waitFor();
    await textHas(staff.locator('[data-testid=period]'), '5 个工作日');
    await shot(staff, '02-published');

    // The applicant hears it now, without a reload: the result and the timeline's new step.
    await mine.locator('[data-testid=my-result]').waitFor();
    await mine.locator('[data-testid=timeline-step][data-action=result_published]').waitFor();
    await textHas(mine.locator('[data-testid=my-status]'), '公示');
    expect(await mine.locator('[data-testid=timeline-step]').count()).to.be.at.least(1);
    await shot(mine, '03-applicant-timeline');

    // 2. Five working days cannot pass in a test: the fixture moves the period into the past.
    const pub = (await ResultPublicity.findOne({ where: { meetingId } }))!;
    await endPublicity(pub.id);
    await staff.reload();
    const complete = staff.locator('[data-testid=open-complete]');
    await complete.waitFor();
    expect(await complete.isEnabled()).to.equal(true);
    await complete.click();
    await staff.click('[data-testid=complete]');
    await staff.locator('[data-testid=create-filing]').waitFor();
    // …and the applicant's timeline follows: the result is confirmed.
    await mine.locator('[data-testid=timeline-step][data-action=result_confirmed]').waitFor();
    await textHas(mine.locator('[data-testid=my-status]'), '评审通过');

    // 3. The filing with its four PDFs, submitted to the office above.
    await staff.click('[data-testid=create-filing]');
    await staff.waitForURL((u) => u.pathname === '/after/filings' && u.searchParams.has('id'));
    const filingId = Number(new URL(staff.url()).searchParams.get('id'));
    const detail = staff.locator('[data-testid=filing-detail]');
    await detail.waitFor();
    for (const kind of FILING_ATTACHMENTS) {
      await staff.setInputFiles(`input[type=file][data-kind=${kind}]`, files[kind]);
      await textHas(staff.locator(`label:has(input[data-kind=${kind}])`), '重新上传');
    }
    expect(await detail.locator('.attachments li').count()).to.equal(4);
    await shot(staff, '04-filing-attached');
    await staff.click('[data-testid=submit-filing]');
    await confirm(staff);
    await textHas(detail, '待审核');

    // 4. The office passes it with a filing number, then issues the certificates.
    const office = await open(d.office.admin, `/after/filings?id=${filingId}`);
    const number = `冀职备〔2026〕${Date.now() % 1_000_000}号`;
    await office.fill('input[name=filingNumber]', number);
    await office.click('[data-testid=pass-filing]');
    await textHas(office.locator('[data-testid=filing-detail]'), number);
    await textHas(office.locator('[data-testid=filing-detail]'), '已备案');
    await shot(office, '05-filing-passed');
    await office.click('text=去发放证书');
    await office.waitForURL((u) => u.pathname === '/after/certificates' && u.searchParams.get('filing') === String(filingId));
    const all = office.locator('.pick-table thead input[type=checkbox]');
    await all.waitFor();
    await all.check();
    expect(await office.locator('.pick-table tbody tr').count()).to.equal(2); // the two who passed
    await office.getByLabel('发证单位').selectOption(String(unit.id));
    await office.click('[data-testid=issue]');
    const issued = office.locator('.plain-list li');
    await issued.first().waitFor();
    expect(await issued.count()).to.equal(2);
    const line = issued.filter({ hasText: applicantName });
    await textHas(line, `${unit.code}`);
    const code = (await line.locator('.mono').nth(1).innerText()).trim();
    expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shot(office, '06-issued');

    // 5. The certificate's PDF opens: 200, application/pdf, a real PDF (the blob the page hands the tab).
    await office.evaluate(() => {
      const w = window as unknown as { __blobs: Blob[] };
      w.__blobs = [];
      const make = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob | MediaSource) => {
        if (b instanceof Blob) w.__blobs.push(b);
        return make(b);
      };
    });
    const [popup, pdf] = await Promise.all([
      office.context().waitForEvent('page'),
      office.waitForResponse((r) => /^\/api\/certificates\/\d+\/pdf$/.test(new URL(r.url()).pathname)),
      line.locator('button', { hasText: '电子证书' }).click(),
    ]);
    expect(pdf.status()).to.equal(200);
    expect(pdf.headers()['content-type']).to.equal('application/pdf');
    await popup.waitForURL((u) => u.protocol === 'blob:');
    const [size, head, type] = await office.evaluate(async () => {
      const blob = (window as unknown as { __blobs: Blob[] }).__blobs.at(-1)!;
      const b = new Uint8Array(await blob.arrayBuffer());
      return [b.length, String.fromCharCode(...b.slice(0, 5)), blob.type] as const;
    });
    expect(type).to.equal('application/pdf');
    expect(head).to.equal('%PDF-');
    expect(size).to.be.above(20_000); // the embedded font subset and the QR code
    await popup.close();

    // 6. Anyone checks the code on /verify.
    const check = await open(null, '/verify');
    await check.fill('#verify-code', code);
    await check.click('[data-testid=verify-form] button[type=submit]');
    await check.locator('[data-testid=verdict][data-status=valid]').waitFor();
    expect(await check.locator('[data-testid=verified-name]').innerText()).to.equal(applicantName);
    await textHas(check.locator('[data-testid=verdict]'), '该证书真实有效');
    await shot(check, '07-verified');

    // The applicant's page shows the certificate too, and the step that issued it.
    await mine.locator('[data-testid=timeline-step][data-action=certificate_issued]').waitFor();
    await textHas(mine.locator('.cert-line'), code);
    await shot(mine, '08-applicant-certificate');

    // 7. The statistics page draws its charts (ECharts canvases with something on them) and the table.
    await office.goto(`${server().url}/after/statistics`);
    await textHas(office.locator('[data-testid=stats-table]'), '卫生');
    const inked = async (selector: string) =>
      office.evaluate((sel) => {
        const canvases = [...document.querySelectorAll<HTMLCanvasElement>(sel)];
        return canvases.map((c) => {
          const ctx = c.getContext('2d');
          if (!ctx || !c.width || !c.height) return 0;
          const px = ctx.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
          return n;
        });
      }, selector);
    await office.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 3);
    await office.waitForTimeout(1200); // ECharts' entry animation
    const ink = await inked('.chart canvas');
    expect(ink.length, 'bar, pie and trend charts').to.be.at.least(3);
    for (const n of ink) expect(n, 'a chart with something drawn').to.be.above(2000);
    const totals = office.locator('[data-testid=stats-table] tr.totals td');
    expect(Number((await totals.last().innerText()).trim())).to.equal(3);
    await textHas(office.locator('[data-testid=trend-table]'), String(new Date().getFullYear()));
    await shot(office, '09-statistics');
    // Passed results and certificates: the same page, another measure.
    await office.selectOption('[data-testid=measure]', 'certified');
    await office.waitForFunction(() => document.querySelector('[data-testid=stats-table] tr.totals td:last-child')?.textContent?.trim() === '2');
    await shot(office, '10-statistics-certified');
  });
});
