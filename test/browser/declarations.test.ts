import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { downloadSheet, launchBrowser } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api } from '../helpers/api';
import { TEST_PASSWORD } from '../helpers/env';
import { buildOrg } from '../helpers/factories';
import { Declaration, FlowEntry, Publicity, type Account } from '../../models';
import { PDF, PNG, WEISHENG_REQUIRED, act, buildChain, buildCommittee, fillDeclaration, must, newApplicant, publicise, qualificationOf, readyDraft, recommendUp, specialtyOf } from '../declarations/fixtures';

/**
 * The declaration screens in real Chromium against the real server (client/dist). The applicant sets
 * up and fills in a declaration in the browser — a field error from the server's 400 next to its
 * field, a PNG disguised as a PDF refused in Chinese, the missing-items list at submit — and submits
 * it. The employer's handler, in a second browser context with the workbench already open, sees it
 * arrive without a reload and passes it; the applicant's page shows the new position and the new
 * timeline entry without a reload. The leader then returns it with an opinion, which the applicant
 * reads live, and the applicant resubmits. Desktop and phone screenshots land in test-results/.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };

describe('declarations in the browser (Solid client)', function () {
  this.timeout(180_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(account: Account, where: string, viewport = DESKTOP): Promise<Page> {
    const phone = viewport === PHONE;
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${account.name}: ${e.message}`));
    page.setDefaultTimeout(10_000);
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === where.split('?')[0]);
    return page;
  }

  async function textHas(locator: Locator, text: string, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = ((await locator.first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      if (last.includes(text)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`expected "${text}" in "${last}"`);
  }

  /** A full-page screenshot from the top, after transitions. */
  async function shot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await new Promise((r) => setTimeout(r, 500));
    await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
  }
  /** What the screen shows right now (a drawer or dialog over the page). */
  async function viewShot(page: Page, name: string) {
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: `test-results/${name}.png` });
  }

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });

  it('the applicant submits in the browser; the handler sees it arrive live and passes it; the applicant sees the step live', async () => {
    const c = await buildChain();
    const applicant = await newApplicant(c.employer);
    const qualification = await qualificationOf('weisheng', '副主任医师');
    const specialty = await specialtyOf('weisheng', 'neike');

    // The handler's workbench is open before anything is submitted.
    const handler = await open(c.employerStaff.handler, '/review');
    await handler.locator('[data-testid=queue][data-tab=handler]').waitFor();
    await textHas(handler.locator('[data-testid=queue]'), '暂无待审核的申报');

    // 个人申报设置 in the browser: series → level → qualification → specialty, route, type.
    const page = await open(applicant.account, '/declarations/mine');
    const settings = page.locator('[data-testid=settings-form]');
    await settings.waitFor();
    await settings.locator('select[name=seriesCode] option[value=weisheng]').waitFor({ state: 'attached' });
    await settings.locator('select[name=seriesCode]').selectOption('weisheng');
    await settings.locator('select[name=level]').selectOption('fugao');
    await settings.locator('select[name=qualificationId]').selectOption(String(qualification.id));
    await settings.locator('select[name=specialtyId]').selectOption(String(specialty.id));
    await settings.locator('input[name=declType][value=normal]').check();
    expect(await settings.locator('[data-testid=decl-types] .type-option').count()).to.equal(7);
    await shot(page, 'decl-desktop-01-settings');
    await settings.locator('[data-testid=settings-save]').click();
    await page.waitForURL((u) => /^\/declarations\/\d+$/.test(u.pathname));
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const decl = (await Declaration.findByPk(id))!;
    expect(decl.seriesCode).to.equal('weisheng');
    expect(decl.specialtyId).to.equal(specialty.id);

    // 个人基本信息: the server's 400 lands next to the field it names.
    const basic = page.locator('[data-testid=section-basicInfo]');
    await basic.waitFor();
    await basic.locator('input[name=name]').fill('张医生');
    await basic.locator('select[name=gender]').selectOption('male');
    await basic.locator('input[name=birthDate]').fill('1985-06-15');
    await basic.locator('input[name=politicalStatus]').fill('中共党员');
    await basic.locator('input[name=phone]').fill('1380013800');
    await basic.locator('select[name=firstEducation]').selectOption('本科');
    await basic.locator('input[name=major]').fill('临床医学');
    await basic.locator('select[name=degree]').selectOption('硕士');
    await basic.locator('[data-testid=save-section]').click();
    const phoneError = basic.locator('input[name=phone]').locator('xpath=..').locator('.field-error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).to.equal('格式不正确');
    await shot(page, 'decl-desktop-02-field-error');
    await basic.locator('input[name=phone]').fill('13800138000');
    await basic.locator('[data-testid=save-section]').click();
    await page.locator('.step-link.saved[data-step=basicInfo]').waitFor();
    expect(await basic.locator('.field-error').count()).to.equal(0);

    // The rest of the sections through the API, without one required material (医德医风考核表).
    await fillDeclaration(applicant.token, id, WEISHENG_REQUIRED.filter((k) => k !== 'medical_ethics'));
    await page.reload();
    await page.locator('[data-testid=declaration-page]').waitFor();

    // Submit: the missing-items list, each item leading to its section.
    await page.locator('.step-link[data-step=submit]').click();
    await page.locator('[data-testid=submit]').click();
    const missing = page.locator('[data-testid=missing-list]');
    await missing.waitFor();
    expect(await missing.textContent()).to.contain('缺少必传材料：医德医风考核表');
    await shot(page, 'decl-desktop-03-missing');
    await missing.locator('button', { hasText: '医德医风考核表' }).click();
    const slot = page.locator('[data-testid=material-medical_ethics]');
    await slot.waitFor();
    // A PNG named .pdf is refused, in Chinese, under its slot; nothing is attached.
    await slot.locator('input[type=file]').setInputFiles({ name: '医德医风考核表.pdf', mimeType: 'application/pdf', buffer: PNG });
    await textHas(slot.locator('[data-testid=upload-error]'), '文件内容与扩展名不符');
    expect(await slot.locator('.file-chip').count()).to.equal(0);
    await shot(page, 'decl-desktop-04-disguised-upload');
    // Larger than UPLOAD_MAX_BYTES (10 MB in tests): refused too.
    const big = path.join(os.tmpdir(), `decl-big-${process.pid}.pdf`);
    fs.writeFileSync(big, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]));
    await slot.locator('input[type=file]').setInputFiles(big, { timeout: 30_000 });
    fs.rmSync(big, { force: true });
    await textHas(slot.locator('[data-testid=upload-error]'), '文件太大');
    await slot.locator('input[type=file]').setInputFiles({ name: '医德医风考核表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await slot.locator('.file-chip', { hasText: '医德医风考核表.pdf' }).waitFor();
    expect(await slot.locator('[data-testid=upload-error]').count()).to.equal(0);
    await page.locator('[data-testid=section-baseMaterials] [data-testid=save-section]').click();
    await page.locator('.step-link.saved[data-step=baseMaterials]').waitFor();
    await page.locator('.step-link[data-step=submit]').click();
    await page.locator('[data-testid=submit]').click();
    await page.locator('[data-testid=overview]').waitFor();
    await textHas(page.locator('.decl-head [data-testid=status]'), '审核中');
    await textHas(page.locator('[data-testid=position]'), '经办人审查');
    await page.locator('[data-testid=timeline] li[data-action=submit]').waitFor();

    // The handler's queue gains it without a reload.
    const row = handler.locator(`[data-testid=queue] tr[data-key="${id}"]`);
    await row.waitFor();
    await textHas(row, applicant.account.name);
    await row.locator('[data-testid=arrived]').waitFor();
    await textHas(handler.locator('[data-testid=count-handler]'), '1');
    await shot(handler, 'decl-desktop-05-workbench-arrived');

    // The handler reads it beside the opinion box and passes it with a saved common opinion.
    await row.locator(`[data-testid=review-${id}]`).click();
    const drawer = handler.locator('[data-testid=review-drawer]');
    await drawer.locator('[data-testid=declaration-readonly]').waitFor();
    await textHas(drawer.locator('[data-testid=declaration-readonly]'), '医德医风考核表.pdf');
    await drawer.locator('[data-testid=opinion]').fill('材料齐全，符合申报条件');
    await drawer.locator('[data-testid=save-common]').click();
    await drawer.locator('[data-testid=common-opinions] option', { hasText: '材料齐全，符合申报条件' }).waitFor({ state: 'attached' });
    await viewShot(handler, 'decl-desktop-06-review-drawer');
    await drawer.locator('button[data-action=pass]').click();
    await drawer.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await textHas(handler.locator('[data-testid=queue]'), '暂无待审核的申报');

    // The applicant's page follows without a reload: now at the leader, with the handler's entry.
    await textHas(page.locator('[data-testid=position]'), '领导审查');
    const passed = page.locator('[data-testid=timeline] li[data-action=pass]');
    await passed.waitFor();
    expect(await passed.textContent()).to.contain('材料齐全，符合申报条件');
    expect(await passed.textContent()).to.contain('经办人');
    // Reviewers' names are not shown to the applicant.
    expect(await passed.textContent()).to.not.contain(c.employerStaff.handler.name + '·');
    await shot(page, 'decl-desktop-07-applicant-live');

    // The leader returns it with an opinion: the applicant reads it live and may edit and resubmit.
    await must(act(c.employerStaff.leaderToken, id, { action: 'return', opinion: '请补充近五年年度考核表' }));
    await textHas(page.locator('.decl-head [data-testid=status]'), '退回修改');
    await textHas(page.locator('[data-testid=returned-opinion]'), '请补充近五年年度考核表');
    await page.locator('[data-testid=timeline] li[data-action=return]').waitFor();
    await shot(page, 'decl-desktop-08-returned');

    // The applicant's phone: the returned declaration, then resubmitted from the phone.
    const phone = await open(applicant.account, `/declarations/${id}`, PHONE);
    await phone.locator('[data-testid=returned-opinion]').waitFor();
    await shot(phone, 'decl-phone-01-returned');
    await phone.locator('[data-testid=go-submit]').click();
    await phone.locator('[data-testid=submit]').click();
    await phone.locator('[data-testid=overview]').waitFor();
    await textHas(phone.locator('.decl-head [data-testid=status]'), '审核中');
    await textHas(page.locator('.decl-head [data-testid=status]'), '审核中');
    await page.locator('[data-testid=timeline] li[data-action=resubmit]').waitFor();
    await shot(phone, 'decl-phone-02-resubmitted');
    // Withdrawn while the unit has not acted, then submitted again.
    await phone.locator('[data-testid=withdraw]').click();
    await phone.locator('.dialog textarea').fill('补充年度考核表');
    await phone.locator('[data-testid=withdraw-confirm]').click();
    await textHas(phone.locator('.decl-head [data-testid=status]'), '已撤回');
    await phone.locator('[data-testid=go-submit]').click();
    await phone.locator('[data-testid=submit]').click();
    await textHas(phone.locator('.decl-head [data-testid=status]'), '审核中');

    // The handler on a phone: the queue as cards, the drawer full screen.
    const handlerPhone = await open(c.employerStaff.handler, '/review', PHONE);
    const card = handlerPhone.locator(`[data-testid=queue] tr[data-key="${id}"]`);
    await card.waitFor();
    await shot(handlerPhone, 'decl-phone-03-workbench');
    await card.locator(`[data-testid=review-${id}]`).click();
    await handlerPhone.locator('[data-testid=review-drawer] [data-testid=action-box]').waitFor();
    await viewShot(handlerPhone, 'decl-phone-04-review');

    // The applicant's home card, and the timeline in English.
    await phone.goto(`${server().url}/`);
    await textHas(phone.locator('[data-testid=home-my-declaration]'), '审核中');
    await shot(phone, 'decl-phone-05-home-applicant');
    await page.locator('.topbar [data-testid=lang-switch]').click();
    await textHas(page.locator('.decl-head [data-testid=status]'), 'Under review');
    await textHas(page.locator('[data-testid=timeline]'), 'Resubmitted');
    await shot(page, 'decl-desktop-09-english');
    await page.locator('.topbar [data-testid=lang-switch]').click();

    const flow = await FlowEntry.findAll({ where: { declarationId: id }, order: [['seq', 'ASC']] });
    expect(flow.map((e) => e.action)).to.deep.equal(['submit', 'pass', 'return', 'resubmit', 'withdraw', 'submit']);
    expect(flow[1].opinion).to.equal('材料齐全，符合申报条件');
    const mine = await api(applicant.token).get(`/declarations/${id}`);
    expect(mine.body.status).to.equal('under_review');
  });

  it('the unit publicises (the public reports a name), completes and recommends with proof; the county sees it arrive; plans climb the chain', async () => {
    const c = await buildChain();
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));

    // 申报公示: tick the name, a short period (it must be over before it can be completed).
    const unit = await open(c.employerStaff.handler, '/declarations/publicity');
    const waiting = unit.locator('[data-testid=waiting-unit]');
    await waiting.locator(`tr[data-key="${d.id}"]`).waitFor();
    await waiting.locator(`tr[data-key="${d.id}"] input[type=checkbox]`).check();
    await waiting.locator('[data-testid=start-unit]').click();
    const dialog = unit.locator('.dialog');
    await dialog.waitFor();
    const local = (ms: number) => {
      const x = new Date(Date.now() + ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${x.getFullYear()}-${p(x.getMonth() + 1)}-${p(x.getDate())}T${p(x.getHours())}:${p(x.getMinutes())}`;
    };
    await dialog.locator('#pub-start').fill(local(-60_000));
    await dialog.locator('#pub-end').fill(local(60_000));
    await viewShot(unit, 'decl-desktop-10-publicity-start');
    await dialog.locator('[data-testid=publicity-confirm]').click();
    await dialog.waitFor({ state: 'detached' });
    await waiting.locator(`tr[data-key="${d.id}"]`).waitFor({ state: 'detached' });
    const publicity = (await must(api(c.employerStaff.handlerToken).get('/publicities?kind=unit'))).body.items[0];

    // Anyone reports against the name on the public page, on a phone, without signing in.
    const pub = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })).newPage();
    pub.on('pageerror', (e) => pageErrors.push(`public: ${e.message}`));
    await pub.goto(`${server().url}/public/publicities`);
    await pub.locator('[data-testid=public-publicity]', { hasText: publicity.title }).click();
    await pub.locator('[data-testid=public-publicity-detail]').waitFor();
    await pub.locator('[data-testid=report]').first().click();
    await pub.locator('.dialog textarea').fill('该申报人近五年年度考核材料与实际不符，请核实。');
    await shot(pub, 'decl-phone-06-public-report');
    await pub.locator('.dialog button.primary').click();
    await pub.locator('.notice.ok').waitFor();
    await pub.context().close();

    // The unit reads the report; once the period is over it completes the publicity (the test moves the end).
    await unit.reload();
    await unit.locator(`[data-testid=publicity-${publicity.id}]`).click();
    await textHas(unit.locator('[data-testid=publicity-reports]'), '近五年年度考核材料与实际不符');
    await viewShot(unit, 'decl-desktop-11-publicity-detail');
    await Publicity.update({ endsAt: new Date(Date.now() - 1000) }, { where: { id: publicity.id } });
    await unit.reload();
    await unit.locator('[data-testid=publicity-complete]').click();
    await unit.locator('[data-testid=publicity-complete]').waitFor({ state: 'detached' });

    // 推荐上报 with proof; the county office's handler has the workbench open and sees it arrive.
    const county = await open(c.countyStaff.handler, '/review');
    await county.locator('[data-testid=queue][data-tab=handler]').waitFor();
    await unit.goto(`${server().url}/declarations/recommend`);
    const recRow = unit.locator(`[data-testid=recommend-page] tr[data-key="${d.id}"]`);
    await recRow.waitFor();
    await recRow.locator('input[type=checkbox]').check();
    const form = unit.locator('[data-testid=recommend-form]');
    await form.waitFor();
    await form.getByLabel('联系电话').fill('0311-1234567');
    await form.getByLabel('单位推荐意见').fill('经单位推荐小组评议，同意推荐');
    await form.locator('input[type=file]').setInputFiles({ name: '推荐小组评议记录.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.locator('.file-chip', { hasText: '推荐小组评议记录.pdf' }).waitFor();
    await shot(unit, 'decl-desktop-12-recommend');
    await form.locator('[data-testid=recommend-submit]').click();
    await recRow.waitFor({ state: 'detached' });
    const arrived = county.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await arrived.waitFor();
    await arrived.locator('[data-testid=arrived]').waitFor();
    const flow = (await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] })).map((e) => e.action);
    expect(flow.slice(-3)).to.deep.equal(['publicity_open', 'publicity_complete', 'recommend']);

    // 申报计划: the employer's handler drafts and submits; the county's leader approves it up.
    const plans = await open(c.employerStaff.handler, '/declarations/plans');
    await plans.locator('[data-testid=plan-new]').click();
    const planDialog = plans.locator('.dialog');
    await planDialog.locator('#plan-series option[value=weisheng]').waitFor({ state: 'attached' });
    await planDialog.locator('#plan-series').selectOption('weisheng');
    await planDialog.locator('#plan-level').selectOption('zhongji');
    await planDialog.getByLabel('申报职数').fill('8');
    await planDialog.locator('[data-testid=plan-save]').click();
    await planDialog.waitFor({ state: 'detached' });
    const planRow = plans.locator('[data-testid=plans-page] tbody tr').first();
    await planRow.locator('[data-testid^=plan-submit-]').click();
    await plans.locator('.dialog button.primary').click();
    await textHas(planRow, '审批中');
    const approver = await open(c.countyStaff.leader, '/declarations/plans?tab=pending');
    await approver.locator('[data-testid^=plan-decide-]').first().click();
    await shot(approver, 'decl-desktop-13-plan-decide');
    await approver.locator('[data-testid=plan-approve]').click();
    await textHas(approver.locator('[data-testid=plans-page]'), '暂无待审批的计划');
    await plans.reload();
    await textHas(plans.locator('[data-testid=plans-page] tbody tr').first(), '测试市职改办');
    await shot(plans, 'decl-desktop-14-plans');
  });

  it('batch review: one opinion returns every ticked declaration; the opinion is required first', async () => {
    const c = await buildChain();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = await readyDraft(c.employer);
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      ids.push(d.id);
    }
    const page = await open(c.employerStaff.handler, '/review');
    for (const id of ids) await page.locator(`[data-testid=queue] tr[data-key="${id}"]`).waitFor();
    await page.locator('[data-testid=tick-all]').check();
    const bar = page.locator('[data-testid=batch-bar]');
    await textHas(bar, '已选 3 项');
    expect(await bar.locator('button[data-batch=return]').isDisabled()).to.equal(true);
    await bar.locator('[data-testid=opinion]').fill('请补充继续教育证明');
    await shot(page, 'decl-desktop-15-batch');
    await bar.locator('button[data-batch=return]').click();
    await page.locator('.dialog button.danger, .dialog button.primary').last().click();
    for (const id of ids) await page.locator(`[data-testid=queue] tr[data-key="${id}"]`).waitFor({ state: 'detached' });
    await bar.waitFor({ state: 'detached' });
    for (const id of ids) {
      const e = await FlowEntry.findOne({ where: { declarationId: id, action: 'return' } });
      expect(e?.opinion).to.equal('请补充继续教育证明');
    }
  });

  it('recall: the handler takes back what it passed while the leader has not acted', async () => {
    const c = await buildChain();
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '同意' }));
    const page = await open(c.employerStaff.handler, '/review?step=done');
    const row = page.locator(`[data-testid=queue][data-tab=done] tr[data-key="${d.id}"]`);
    await textHas(row, '领导审查');
    await row.locator(`[data-testid=review-${d.id}]`).click();
    await page.locator('[data-testid=review-drawer] button[data-action=recall]').click();
    await page.locator('.dialog button.primary').last().click();
    await page.locator('[data-testid=review-drawer]').waitFor({ state: 'detached' });
    await textHas(row, '经办人审查');
    await page.locator('[data-tab=handler]').first().click();
    await page.locator(`[data-testid=queue][data-tab=handler] tr[data-key="${d.id}"]`).waitFor();
    expect((await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] })).map((e) => e.action)).to.deep.equal(['submit', 'pass', 'recall']);
  });

  it('transfers: the new unit asks by ID number (a bad one is named in Chinese), the old unit agrees', async () => {
    const c = await buildChain();
    const other = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital', name: `测试县第二医院${Date.now() % 10000}` });
    const person = await newApplicant(c.employer);
    const asking = await open(other.admin, '/declarations/transfers');
    await asking.locator('[data-testid=transfer-new]').click();
    const dialog = asking.locator('.dialog');
    await dialog.getByLabel('身份证号').fill('110101199001011234');
    await dialog.locator('button.primary').click();
    await dialog.locator('.field-error, .form-error').first().waitFor();
    const problem = ((await dialog.locator('.field-error, .form-error').first().textContent()) ?? '').trim();
    expect(problem).to.match(/[\u4e00-\u9fff]/);
    await dialog.getByLabel('身份证号').fill(person.account.idNumber!);
    await dialog.getByLabel('说明').fill('已调入本院工作');
    await dialog.locator('button.primary').click();
    await dialog.waitFor({ state: 'detached' });
    await textHas(asking.locator('[data-testid=transfers-page] tbody'), '待原单位处理');
    const deciding = await open(c.employer.admin, '/declarations/transfers?dir=outgoing');
    await deciding.locator('[data-testid^=transfer-decide-]').first().click();
    await shot(deciding, 'decl-desktop-16-transfer-decide');
    await deciding.locator('.dialog button.primary').click();
    await textHas(deciding.locator('[data-testid=transfers-page] tbody'), '已同意');
    await person.account.reload();
    expect(person.account.orgId).to.equal(other.org.id);
  });

  it('into the committee: the office assigns, the committee unit receives, policy reviewers check twice and publish the list, each queue live', async () => {
    const c = await buildChain();
    const com = await buildCommittee();
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    await publicise(c.employerStaff.handlerToken, [d.id]);
    await recommendUp(c.employerStaff.handlerToken, [d.id]);
    for (const s of [c.countyStaff, c.cityStaff, c.provinceStaff]) {
      await must(act(s.handlerToken, d.id, { action: 'pass' }));
      await must(act(s.leaderToken, d.id, { action: 'pass' }));
    }
    const receiver = await open(com.handler, '/review');
    await receiver.locator('[data-testid=queue][data-tab=receive]').waitFor();
    const first = await open(com.reviewer1, '/review');
    await first.locator('[data-testid=queue][data-tab=policy_first]').waitFor();

    // 分配评委会 at the province office: the committee is picked in the review panel.
    const office = await open(c.provinceStaff.leader, '/review?step=assign');
    const row = office.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await row.locator(`[data-testid=review-${d.id}]`).click();
    const drawer = office.locator('[data-testid=review-drawer]');
    await drawer.locator(`[data-testid=committee-select] option[value="${com.committee.id}"]`).waitFor({ state: 'attached' });
    await drawer.locator('[data-testid=committee-select]').selectOption(String(com.committee.id));
    await viewShot(office, 'decl-desktop-20-assign');
    await drawer.locator('button[data-action=assign]').click();
    await drawer.waitFor({ state: 'detached' });

    // 材料接收: it arrives at the committee unit without a reload; the handler accepts it.
    const received = receiver.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await received.locator('[data-testid=arrived]').waitFor();
    await received.locator(`[data-testid=review-${d.id}]`).click();
    await receiver.locator('[data-testid=review-drawer] button[data-action=refuse]').waitFor();
    await receiver.locator('[data-testid=review-drawer] button[data-action=accept]').click();
    await receiver.locator('[data-testid=review-drawer]').waitFor({ state: 'detached' });

    // 政策性审查: the first check (live arrival), then the second by the other account, which decides.
    const atFirst = first.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await atFirst.locator('[data-testid=arrived]').waitFor();
    await atFirst.locator(`[data-testid=review-${d.id}]`).click();
    const firstDrawer = first.locator('[data-testid=review-drawer]');
    await textHas(firstDrawer.locator('button[data-action=pass]'), '初审通过');
    await firstDrawer.locator('[data-testid=opinion]').fill('形式要件齐全');
    await firstDrawer.locator('button[data-action=pass]').click();
    await firstDrawer.waitFor({ state: 'detached' });
    const second = await open(com.reviewer2, '/review?step=policy_second');
    const atSecond = second.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await atSecond.locator(`[data-testid=review-${d.id}]`).click();
    const secondDrawer = second.locator('[data-testid=review-drawer]');
    await textHas(secondDrawer.locator('[data-testid=declaration-readonly]'), '政策性审查初审：通过');
    await secondDrawer.locator('[data-testid=opinion]').fill('复审通过，拟送评');
    await viewShot(second, 'decl-desktop-21-policy-second');
    await secondDrawer.locator('button[data-action=pass]').click();
    await secondDrawer.waitFor({ state: 'detached' });

    // 拟送评人员名单公示 by the policy reviewer: the declaration is then ready for the meeting.
    await second.goto(`${server().url}/declarations/publish`);
    const waiting = second.locator('[data-testid=waiting-to_review]');
    await waiting.locator(`tr[data-key="${d.id}"] input[type=checkbox]`).check();
    await waiting.locator('[data-testid=start-to_review]').click();
    await second.locator('[data-testid=publicity-confirm]').click();
    await waiting.locator(`tr[data-key="${d.id}"]`).waitFor({ state: 'detached' });
    await textHas(second.locator('[data-testid=publicity-lists]'), '拟送评人员名单公示');
    await shot(second, 'decl-desktop-22-publish');
    expect((await Declaration.findByPk(d.id))!.status).to.equal('ready_for_meeting');
    const flow = (await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] })).map((e) => e.action);
    expect(flow.slice(-5)).to.deep.equal(['assign', 'accept', 'policy_first_pass', 'policy_second_pass', 'publish_to_review']);

    // Home: the reviewer's card counts what waits at each step.
    await first.goto(`${server().url}/`);
    await textHas(first.locator('[data-testid=home-count-policy_first]'), '0');
    await shot(first, 'decl-desktop-23-home-reviewer');
  });

  it('exports the flow log from 申报进度 and from the review drawer: the spreadsheet’s rows are the timeline’s', async () => {
    const c = await buildChain();
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '材料齐全，符合申报条件' }));
    const flow = (await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] })).map((e) => e.get({ plain: true }));
    const HEAD = ['序号', '时间', '操作', '环节', '单位', '操作人', '原状态', '新状态', '意见'];

    // The applicant: roles, not the reviewers' names.
    const page = await open(d.account, `/declarations/${d.id}`);
    await page.locator('[data-testid=overview] [data-testid=timeline] li[data-action=pass]').waitFor();
    const mine = await downloadSheet(page, page.locator('[data-testid=overview] [data-testid=flow-export]'));
    expect(mine.name).to.match(/\.xlsx$/);
    expect(mine.name).to.contain('流转记录');
    expect(mine.rows[0]).to.deep.equal(HEAD);
    const items = page.locator('[data-testid=overview] [data-testid=timeline] li');
    expect(mine.rows.length - 1).to.equal(await items.count());
    for (const [i, row] of mine.rows.slice(1).entries()) {
      const li = page.locator(`[data-testid=overview] [data-testid=timeline] li[data-seq="${i + 1}"]`);
      expect(row[0]).to.equal(String(i + 1));
      expect(row[2], `row ${i + 1}`).to.equal(((await li.locator('.flow-action').textContent()) ?? '').trim());
      expect(row[4]).to.equal(flow[i].orgName);
      expect(row[8]).to.equal(flow[i].opinion ?? '');
    }
    expect(mine.rows[1].slice(2, 8)).to.deep.equal(['提交申报', '', c.employer.org.name, d.account.name, '草稿', '审核中']);
    expect(mine.rows[2].slice(2, 9)).to.deep.equal(['审核通过', '经办人审查', c.employer.org.name, '经办人', '审核中', '审核中', '材料齐全，符合申报条件']);

    // The leader, from the review drawer: the same rows, with the handler's name.
    const leader = await open(c.employerStaff.leader, '/review?step=leader');
    const row = leader.locator(`[data-testid=queue] tr[data-key="${d.id}"]`);
    await row.locator(`[data-testid=review-${d.id}]`).click();
    const drawer = leader.locator('[data-testid=review-drawer]');
    await drawer.locator('[data-testid=timeline] li[data-action=pass]').waitFor();
    const theirs = await downloadSheet(leader, drawer.locator('[data-testid=flow-export]'));
    expect(theirs.rows[0]).to.deep.equal(HEAD);
    expect(theirs.rows.length).to.equal(mine.rows.length);
    expect(theirs.rows[2][5]).to.equal(c.employerStaff.handler.name);
    expect(theirs.rows.map((r) => r[2])).to.deep.equal(mine.rows.map((r) => r[2]));
  });

  it('an applicant page that was offline while a step was taken refetches once it reconnects (the room moved on), without a reload', async () => {
    const c = await buildChain();
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    const page = await open(d.account, `/declarations/${d.id}`);
    await textHas(page.locator('[data-testid=position]'), '经办人审查');
    await page.locator('[data-testid=timeline] li[data-action=submit]').waitFor();
    // Long enough for the socket to have joined the user room.
    await new Promise((r) => setTimeout(r, 1000));

    await page.context().setOffline(true);
    await new Promise((r) => setTimeout(r, 500));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '材料齐全' }));
    // The event went to nobody: offline, the page still shows the old step.
    await new Promise((r) => setTimeout(r, 1500));
    expect(((await page.locator('[data-testid=position]').textContent()) ?? '').trim()).to.contain('经办人审查');
    expect(await page.locator('[data-testid=timeline] li[data-action=pass]').count()).to.equal(0);

    // Back online: the rejoined room's number is past the last one seen, so the page refetches.
    await page.context().setOffline(false);
    await textHas(page.locator('[data-testid=position]'), '领导审查', 20_000);
    await page.locator('[data-testid=timeline] li[data-action=pass]').waitFor();
    expect(await page.locator('[data-testid=timeline] li').count()).to.equal(2);
  });
});
