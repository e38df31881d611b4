import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { downloadSheet, launchBrowser, screenshot as fullPageShot } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api } from '../helpers/api';
import { TEST_PASSWORD } from '../helpers/env';
import ExcelJS from 'exceljs';
import { Account, BlindOpinion, Committee, CommitteeExpert, Expert, ExpertDraw, Meeting, MeetingApplicant, MeetingExpert, Recusal } from '../../models';
import { newIdNumber, withKnownPassword } from '../helpers/factories';
import { buildWorld, createMeeting, expectStatus, libraryExperts, readyDeclarations, STANDARD, type World } from '../setup/world';

/**
 * The setup screens in real Chromium against the real server: the committee unit's admin creates a
 * review meeting, sets up two groups (a group of 2 refused with its reason), adds the ready applicants
 * and groups them by specialty, draws experts at random (a draw larger than the library refused per
 * row; the recorded seed shown and verified), is refused putting one expert in two groups, names the
 * chair, issues the temporary logins and reads them once, writes a scoring standard whose weights must
 * add up to 100; the handler, the office and the leader approve through the API; the chair signs in
 * on a phone with the login the page showed and confirms the standard; the meeting turns ready and
 * links to its live console.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** `<input type=datetime-local>` text for a day from now at an hour (the browser's time zone is the test's). */
const localInput = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
};

describe('meeting setup in the browser (Solid client)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let w: World;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(username: string, password: string, where: string, viewport = DESKTOP): Promise<Page> {
    const phone = viewport === PHONE;
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
    page.setDefaultTimeout(15_000);
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => `${u.pathname}${u.search}` === where, { timeout: 30_000 });
    return page;
  }

  /** Waits until the locator's text (trimmed, spaces collapsed) contains `text`. */
  async function textHas(locator: Locator, text: string, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = ((await locator.first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      if (last.includes(text)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`expected "${text}" in "${last}"`);
  }

  async function screenshot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await new Promise((r) => setTimeout(r, 500));
    await fullPageShot(page, name);
  }
  /** What the screen shows right now (a dialog over the page). */
  async function viewShot(page: Page, name: string) {
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: `test-results/${name}.png` });
  }

  const tab = (page: Page, name: string) => page.click(`.setup-tabs [data-tab=${name}]`);
  const dialog = (page: Page) => page.locator('.dialog').last();
  const confirmDialog = async (page: Page) => page.locator('.dialog-foot button.primary').click();

  before(async () => {
    if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` before the browser tests');
    fs.mkdirSync('test-results', { recursive: true });
    browser = await launchBrowser();
    w = await buildWorld();
    // Library: 6 内科 and 4 外科 experts at the city office (no conflict with the applicants).
    await libraryExperts(w, 6, { specialties: ['neike'] });
    await libraryExperts(w, 4, { specialties: ['waike'] });
    await readyDeclarations(w, 3, { specialty: 'neike' });
    await readyDeclarations(w, 2, { specialty: 'waike' });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });

  it('creates a meeting, draws experts into its groups at random, and the chair confirms the scoring standard', async () => {
    const admin = await open(w.unit.admin.username, TEST_PASSWORD, '/setup/meetings');
    await admin.locator('[data-testid=setup-meetings]').waitFor();
    expect(await admin.locator('.page-head h1').textContent()).to.equal('评审会议管理');
    expect(await admin.locator('.setup-tabs').textContent()).to.contain('活跃评审会议');
    expect(await admin.locator('.data-table tr.empty').textContent()).to.contain('暂无评审会议');

    // 新增评审会议: name, times, address, the committee, staff, blind review; vote rules at their defaults.
    await admin.click('[data-testid=new-meeting]');
    const form = admin.locator('[data-testid=meeting-form]');
    await form.waitFor();
    const name = `2026年度卫生系列高级职称评审会议-${Date.now() % 100000}`;
    await form.locator('input[name=name]').fill(name);
    // A month from now (the temporary logins live until the meeting ends).
    await form.locator('input[name=startsAt]').fill(localInput(30, 9));
    await form.locator('input[name=endsAt]').fill(localInput(31, 17));
    await form.locator('input[name=address]').fill('石家庄市中山东路 1 号');
    await form.locator(`fieldset[data-name=committeeIds] input[value="${w.committeeId}"]`).check();
    await form.locator(`fieldset[data-name=staffAccountIds] input[value="${w.handler.id}"]`).check();
    await form.locator('input[name=blindReview]').check();
    // 小组投票 is on by default; this province lets the committee vote straight away.
    expect(await form.locator('input[name=requireGroupVote]').isChecked()).to.equal(true);
    await form.locator('input[name=requireGroupVote]').uncheck();
    expect(await form.locator('input[name=quorumFraction]').inputValue()).to.equal('2/3');
    await viewShot(admin, 'setup-desktop-01-create-meeting');
    await admin.click('[data-testid=meeting-save]');
    await admin.waitForURL((u) => u.pathname === '/setup/meeting');
    const meetingId = Number(new URL(admin.url()).searchParams.get('id'));
    const meeting = (await Meeting.findByPk(meetingId))!;
    expect(meeting.name).to.equal(name);
    expect(meeting.options.blindReview).to.equal(true);
    expect(meeting.options.requireGroupVote).to.equal(false);
    expect(await admin.locator('.page-head h1').textContent()).to.equal(name);
    await textHas(admin.locator('.meeting-sub'), '筹备中');
    const blocking = admin.locator('[data-testid=blocking]');
    await textHas(blocking, '尚未设置评议组');
    await textHas(blocking, '评审方案尚未审核通过');
    await textHas(admin.locator('[data-testid=options]'), '无记名投票');

    // 会议分组: a group of 2 is refused under its field; then two groups of 3.
    await tab(admin, 'groups');
    await admin.click('[data-testid=new-group]');
    const gform = admin.locator('[data-testid=group-form]');
    await gform.locator('input[name=name]').fill('内科组');
    await gform.locator('fieldset[data-name=specialties] input[value=neike]').check();
    await gform.locator('input[name=size]').fill('2');
    await gform.locator('input[name=room]').fill('301');
    await admin.click('[data-testid=group-save]');
    await textHas(gform.locator('.field-error'), '评议组至少需要 3 名专家');
    await viewShot(admin, 'setup-desktop-02-group-of-two');
    await gform.locator('input[name=size]').fill('3');
    await admin.click('[data-testid=group-save]');
    await gform.waitFor({ state: 'detached' });
    await admin.click('[data-testid=new-group]');
    await gform.locator('input[name=name]').fill('外科组');
    await gform.locator('fieldset[data-name=specialties] input[value=waike]').check();
    await gform.locator('input[name=room]').fill('302');
    await admin.click('[data-testid=group-save]');
    await gform.waitFor({ state: 'detached' });
    const groupsTable = admin.locator('[data-testid=groups-tab] .data-table tbody');
    await textHas(groupsTable, '外科组');
    expect(await groupsTable.locator('tr').count()).to.equal(2);
    expect(await groupsTable.locator('tr').first().textContent()).to.contain('内科');

    // 参评人员: all ready declarations join with blind codes, then all into groups by specialty.
    await tab(admin, 'applicants');
    await admin.click('[data-testid=add-applicants]');
    await admin.locator('[data-testid=candidates] tbody tr').nth(4).waitFor();
    await admin.click('[data-testid=add-all]');
    await admin.locator('[data-testid=candidates]').waitFor({ state: 'detached' });
    const appTable = admin.locator('[data-testid=applicants-tab] .data-table tbody');
    await textHas(appTable, 'A005');
    await admin.click('[data-testid=group-all]');
    await textHas(appTable.locator('tr').nth(0), '内科组');
    await textHas(appTable.locator('tr').nth(4), '外科组');

    // 随机抽取: more than the library has is refused on its row, nothing drawn.
    await tab(admin, 'experts');
    await admin.click('[data-testid=open-draw]');
    const dform = admin.locator('[data-testid=draw-form]');
    await dform.waitFor();
    const neikeRow = dform.locator('fieldset.draw-group').nth(0).locator('[data-testid=need-row]').first();
    const waikeRow = dform.locator('fieldset.draw-group').nth(1).locator('[data-testid=need-row]').first();
    expect(await neikeRow.locator('[data-testid=need-count]').inputValue()).to.equal('3');
    await textHas(neikeRow, '库中可抽 6 人');
    await neikeRow.locator('[data-testid=need-count]').fill('9');
    await admin.click('[data-testid=draw-submit]');
    await textHas(neikeRow.locator('[data-testid=need-error]'), '库中符合条件的专家不足：需要 9 人，可抽 6 人');
    expect(await ExpertDraw.count({ where: { meetingId } })).to.equal(0);
    await viewShot(admin, 'setup-desktop-03-draw-shortage');
    await neikeRow.locator('[data-testid=need-count]').fill('3');
    expect(await waikeRow.locator('[data-testid=need-count]').inputValue()).to.equal('3');
    await admin.click('[data-testid=draw-submit]');
    const result = admin.locator('[data-testid=draw-result]');
    await result.waitFor();
    const draws = await ExpertDraw.findAll({ where: { meetingId } });
    expect(draws).to.have.length(1);
    expect(await result.locator('[data-testid=result-seed]').textContent()).to.equal(draws[0].seed);
    expect(await result.locator('[data-testid=result-group]').count()).to.equal(2);
    await viewShot(admin, 'setup-desktop-04-draw-result');
    await admin.click('[data-testid=draw-close]');
    await result.waitFor({ state: 'detached' });
    const placed = await MeetingExpert.findAll({ where: { meetingId }, order: [['id', 'ASC']] });
    expect(placed).to.have.length(6);
    expect(placed.every((p) => p.source === 'random' && p.groupId !== null)).to.equal(true);
    const expertRows = admin.locator('[data-testid=experts-tab] .data-table tbody tr');
    await expertRows.nth(5).waitFor();
    await textHas(admin.locator('[data-testid=draws] [data-testid=draw-seed]'), draws[0].seed);
    expect(await admin.locator('[data-testid=draws] .endpoint').textContent()).to.equal(`GET /api/draws/${draws[0].id}/verify`);

    // 核验: the server reruns the recorded draw from its seed (the same answer the audit endpoint gives).
    await admin.click('[data-testid=draws] [data-testid=verify-draw]');
    const verification = admin.locator('[data-testid=verification]');
    await textHas(verification.locator('[data-testid=verify-matches]'), '重新运行结果与记录一致');
    await textHas(verification.locator('[data-testid=verify-rules]'), '符合回避与一人一组规则');
    const audit = expectStatus(await api(w.tokens.supervisor).get(`/draws/${draws[0].id}/verify`), 200);
    expect(audit).to.deep.include({ matches: true, invariantsHold: true, seed: draws[0].seed });
    await viewShot(admin, 'setup-desktop-05-verify');
    await admin.keyboard.press('Escape');
    await verification.waitFor({ state: 'detached' });

    // One expert in two groups: refused by the server, said under that expert.
    const [g1, g2] = (await api(w.tokens.handler).get(`/meetings/${meetingId}/groups`)).body.items as Array<{ id: number; name: string }>;
    const inG1 = placed.filter((p) => p.groupId === g1.id);
    const inG2 = placed.filter((p) => p.groupId === g2.id);
    await admin.click('[data-testid=open-manual]');
    const mform = admin.locator('[data-testid=manual-form]');
    await mform.locator('.filters select').first().selectOption(String(g2.id));
    const someone = (await api(w.tokens.handler).get(`/meetings/${meetingId}/experts`)).body.items.find((e: { id: number }) => e.id === inG1[0].id);
    const item = mform.locator('.pick-item', { hasText: someone.name });
    await item.locator('input[type=checkbox]').check();
    await admin.click('[data-testid=manual-submit]');
    await textHas(item.locator('.field-error'), '该专家已在本次会议的另一评议组');
    expect((await MeetingExpert.findByPk(inG1[0].id))!.groupId).to.equal(g1.id);
    await viewShot(admin, 'setup-desktop-06-expert-in-two-groups');
    await admin.keyboard.press('Escape');
    await mform.waitFor({ state: 'detached' });

    // 指定主任: one chair, one vice chair; then the group leaders.
    await admin.click('[data-testid=open-chairs]');
    const cform = admin.locator('[data-testid=chairs-form]');
    await cform.locator('[data-testid=chair-select]').selectOption(String(inG1[0].id));
    await cform.locator('label.check', { hasText: (await api(w.tokens.handler).get(`/meetings/${meetingId}/experts`)).body.items.find((e: { id: number }) => e.id === inG2[0].id).name }).locator('input').check();
    await admin.click('[data-testid=chairs-save]');
    await cform.waitFor({ state: 'detached' });
    await textHas(admin.locator('[data-testid=title-counts]'), '主任 1 · 副主任 1 · 委员 4');
    await tab(admin, 'groups');
    const leaderSelects = admin.locator('[data-testid=groups-tab] [data-testid=leader-select]');
    await leaderSelects.nth(1).waitFor();
    await leaderSelects.nth(0).selectOption(String(inG1[1].id));
    await textHas(admin.locator('.toast'), '组长已指定');
    await leaderSelects.nth(1).selectOption(String(inG2[1].id));
    await admin.waitForFunction(() => !document.querySelector('[data-testid=blocking] [data-code=group_without_leader]'));

    // 专家登录信息: made for all six, shown once, the chair's among them.
    await tab(admin, 'experts');
    await admin.click('[data-testid=open-logins]');
    await admin.click('[data-testid=issue-logins]');
    const issued = admin.locator('[data-testid=issued-logins]');
    await issued.waitFor();
    expect(await issued.locator('tbody tr').count()).to.equal(6);
    const chairRow = issued.locator(`tr[data-expert="${inG1[0].id}"]`);
    const chairUsername = ((await chairRow.locator('[data-testid=login-username]').textContent()) ?? '').trim();
    const chairPassword = ((await chairRow.locator('[data-testid=login-password]').textContent()) ?? '').trim();
    expect(chairUsername).to.match(new RegExp(`^m${meetingId}-\\d\\d$`));
    expect(chairPassword.length).to.be.greaterThan(7);
    await textHas(issued, '只显示这一次');
    await viewShot(admin, 'setup-desktop-07-logins-once');
    await admin.click('[data-testid=logins-done]');
    await issued.waitFor({ state: 'detached' });
    await textHas(expertRows.first().locator('td').nth(6), `m${meetingId}-`);
    expect(await admin.locator('[data-testid=experts-tab]').textContent()).to.not.contain(chairPassword);

    // 评审方案: written here; the handler and the office approve it; then it is frozen and a change refused.
    await tab(admin, 'plan');
    await admin.locator('textarea[name=planText]').fill('按卫生系列高级职称评审条件，分内科、外科两组评议，专家随机抽取。');
    await admin.click('[data-testid=plan-submit]');
    await confirmDialog(admin);
    await textHas(admin.locator('[data-testid=plan-tab] .card-head'), '待经办人审核');
    const m = `/meetings/${meetingId}`;
    expectStatus(await api(w.tokens.handler).post(`${m}/plan/review`, { approve: true }), 200);
    expectStatus(await api(w.tokens.cityHandler).post(`${m}/plan/review`, { approve: true, opinion: '同意' }), 200);
    await textHas(admin.locator('[data-testid=plan-frozen]'), '评审方案已审核通过，不能再修改');
    expect(await admin.locator('textarea[name=planText]').count()).to.equal(0);
    const late = await api(w.tokens.handler).put(`${m}/plan`, { kind: 'special', text: '改过的方案' });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('plan_approved');

    // 评分标准: the live sum says 90 / 100 and the server refuses it in words; then 100, submitted.
    await tab(admin, 'standard');
    const editor = admin.locator('[data-testid=criteria-editor]');
    await editor.waitFor();
    expect(await editor.locator('[data-testid=criterion-row]').count()).to.equal(3);
    await editor.locator('[data-testid=criterion-weight]').nth(0).fill('10');
    await textHas(editor.locator('[data-testid=weight-sum]'), '90 / 100');
    await admin.click('[data-testid=standard-save]');
    await textHas(admin.locator('[data-testid=standard-error]'), '各评分项权重合计须为 100');
    await viewShot(admin, 'setup-desktop-08-standard-weights');
    await editor.locator('[data-testid=criterion-weight]').nth(0).fill('20');
    await textHas(editor.locator('[data-testid=weight-sum]'), '100 / 100');
    await admin.click('[data-testid=standard-submit]');
    await confirmDialog(admin);
    await textHas(admin.locator('[data-testid=standard-tab] .card-head'), '待领导审核');
    expectStatus(await api(w.tokens.leader).post(`${m}/standard/approve`, { approve: true }), 200);
    await textHas(admin.locator('[data-testid=awaiting-chair]'), '等待评审会议主任确认');
    await tab(admin, 'overview');
    await textHas(admin.locator('[data-testid=blocking]'), '评分标准尚未经主任确认');
    expect(await admin.locator('[data-testid=blocking] li').count()).to.equal(1);
    await screenshot(admin, 'setup-desktop-09-overview-before-chair');

    // The chair, on a phone, with the login the page showed: home card, then the confirm screen.
    const chair = await open(chairUsername, chairPassword, '/', PHONE);
    await textHas(chair.locator('[data-testid=home-standards]'), name);
    await chair.click('[data-testid=home-standards] a');
    await chair.waitForURL((u) => u.pathname === '/setup/standards');
    const panel = chair.locator('[data-testid=confirm-panel]');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).to.equal(name);
    expect(await panel.locator('[data-testid=criterion]').count()).to.equal(3);
    await textHas(panel.locator('[data-testid=criteria]'), '专业能力');
    await textHas(panel.locator('.card-head'), '待主任确认');
    await screenshot(chair, 'setup-phone-01-chair-confirm');
    await chair.click('[data-testid=chair-confirm]');
    await textHas(chair.locator('.dialog'), '确认后评分标准不能再修改');
    await confirmDialog(chair);
    await textHas(panel.locator('.card-head'), '主任已确认');
    await textHas(chair.locator('[data-testid=chair-state]'), '您已确认本次会议的评分标准');
    await screenshot(chair, 'setup-phone-02-chair-confirmed');
    const done = (await Meeting.findByPk(meetingId))!;
    expect(done.standardStatus).to.equal('confirmed');
    expect(done.status).to.equal('ready');

    // Back at the unit: the staff room brought the news; the meeting is ready and hands over to the console.
    await textHas(admin.locator('[data-testid=readiness]'), '已满足开会条件');
    await textHas(admin.locator('.meeting-sub'), '准备就绪');
    expect(await admin.locator('[data-testid=open-console]').getAttribute('href')).to.equal(`/meetings/${meetingId}/chair`);
    await screenshot(admin, 'setup-desktop-10-ready');

    // The same page on the unit admin's phone: the experts tab as cards.
    const phone = await open(w.unit.admin.username, TEST_PASSWORD, `/setup/meeting?id=${meetingId}&tab=experts`, PHONE);
    await phone.locator('[data-testid=experts-tab] .data-table tbody tr').nth(5).waitFor();
    await screenshot(phone, 'setup-phone-03-experts');
    await tab(phone, 'groups');
    await phone.locator('[data-testid=groups-tab] .data-table tbody tr').nth(1).waitFor();
    // Specialties by name, not code, once the catalogue has come (it may arrive after the rows).
    await textHas(phone.locator('[data-testid=groups-tab] .data-table tbody tr').nth(0), '内科学');
    await textHas(phone.locator('[data-testid=groups-tab] .data-table tbody tr').nth(1), '外科学');
    await screenshot(phone, 'setup-phone-04-groups');
    const list = await open(w.unit.admin.username, TEST_PASSWORD, '/setup/meetings', PHONE);
    await textHas(list.locator('.data-table'), name);
    await textHas(list.locator('.data-table'), '准备就绪');
    await screenshot(list, 'setup-phone-05-meetings');
  });

  it('keeps committees and the expert library: the office creates a committee, the unit imports experts (a bad file applies nothing)', async () => {
    // 新增评委会 by the city office's admin, for the committee unit.
    const office = await open(w.city.admin.username, TEST_PASSWORD, '/setup/committees');
    await office.locator('[data-testid=setup-committees] .data-table tbody tr').first().waitFor();
    await office.click('[data-testid=new-committee]');
    const cform = office.locator('[data-testid=committee-form]');
    await cform.waitFor();
    const code = `HB-WS-${Date.now() % 100000}`;
    await cform.locator('input[name=code]').fill(code);
    await cform.locator('select[name=seriesCode]').selectOption('weisheng');
    await cform.locator('select[name=ownerOrgId]').selectOption(String(w.unit.org.id));
    await cform.locator('input[name=name]').fill('卫生系列中级评审委员会');
    await cform.locator('fieldset[data-name=levels] input[value=zhongji]').check();
    await cform.locator('fieldset[data-name=specialties] input[value=neike]').check();
    await cform.locator('fieldset[data-name=specialties] input[value=waike]').check();
    await cform.locator('input[name=materialDeadline]').fill(localInput(20, 17));
    await cform.locator('button', { hasText: '+ 收费项目' }).click();
    await cform.locator('input[aria-label=收费项目]').fill('评审费');
    await cform.locator('input[aria-label="金额（元）"]').fill('300.005');
    await office.click('[data-testid=committee-save]');
    await textHas(cform.locator('.field-error'), '金额格式不正确');
    await cform.locator('input[aria-label="金额（元）"]').fill('300');
    await viewShot(office, 'setup-desktop-11-committee-form');
    await office.click('[data-testid=committee-save]');
    await office.waitForURL((u) => u.pathname === '/setup/committee');
    const made = (await Committee.findOne({ where: { code } }))!;
    expect(made.type).to.equal('social');
    expect(made.levels).to.deep.equal(['zhongji']);
    const facts = office.locator('[data-testid=committee-facts]');
    await textHas(facts, code);
    await textHas(facts, '社会化评审');
    await textHas(facts, '内科学、外科学');
    await textHas(office.locator('.grid.cards'), '评审费：300.00 元');
    await screenshot(office, 'setup-desktop-12-committee');

    // 批量新增专家 by the unit: the template comes down; a file with bad rows applies nothing and lists them.
    const unit = await open(w.unit.admin.username, TEST_PASSWORD, `/setup/library?committee=${made.id}`);
    await unit.locator('[data-testid=library-page] .data-table').waitFor();
    await unit.click('[data-testid=open-import]');
    const [download] = await Promise.all([unit.waitForEvent('download'), unit.click('[data-testid=download-template]')]);
    expect(download.suggestedFilename()).to.equal('专家批量导入模板-卫生系列中级评审委员会.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.getWorksheet('专家信息')!;
    const employer = w.employers[2].org;
    const ids = [newIdNumber('1966-01-01'), newIdNumber('1967-02-02'), newIdNumber('1968-03-03')];
    sheet.addRow(['甲专家', ids[0], employer.code, employer.name, 'neike', '正高级', '主任医师', '13800000001']);
    sheet.addRow(['乙专家', ids[1], employer.code, '', 'neike，xinli', '', '', '']);
    sheet.addRow(['丙专家', ids[2], '9999999999', '', 'waike', '', '', '']);
    const bad = path.resolve('test-results/setup-import-bad.xlsx');
    await wb.xlsx.writeFile(bad);
    await unit.setInputFiles('[data-testid=import-file]', bad);
    await unit.click('[data-testid=import-start]');
    await textHas(unit.locator('[data-testid=import-failed]'), '文件中有 2 处错误，未导入任何数据');
    const errors = unit.locator('[data-testid=import-error]');
    expect(await errors.count()).to.equal(2);
    await textHas(errors.nth(0), '未知的专业代码：xinli');
    expect(await errors.nth(0).locator('td').first().textContent()).to.equal('3');
    await textHas(errors.nth(1), '没有代码为9999999999的单位');
    expect(await CommitteeExpert.count({ where: { committeeId: made.id } })).to.equal(0);
    await textHas(unit.locator('[data-testid=job-status]'), '导入失败');
    await viewShot(unit, 'setup-desktop-13-import-failed');

    // Fixed, the same file applies whole: three experts wait as 预入库.
    sheet.getRow(3).getCell(5).value = 'neike';
    sheet.getRow(4).getCell(3).value = employer.code;
    const good = path.resolve('test-results/setup-import-good.xlsx');
    await wb.xlsx.writeFile(good);
    await unit.setInputFiles('[data-testid=import-file]', good);
    await unit.click('[data-testid=import-start]');
    await textHas(unit.locator('[data-testid=import-done]'), '导入成功：3 名专家已预入库');
    expect(await CommitteeExpert.count({ where: { committeeId: made.id, status: 'pending' } })).to.equal(3);
    await viewShot(unit, 'setup-desktop-14-import-done');
    await unit.keyboard.press('Escape');
    const rows = unit.locator('[data-testid=library-page] .data-table tbody tr');
    await rows.nth(2).waitFor();
    await textHas(rows.first(), '预入库');
    await textHas(rows.first(), employer.name);
    await screenshot(unit, 'setup-desktop-15-library');

    // On a phone: the library as cards, the import dialog usable.
    const phone = await open(w.unit.admin.username, TEST_PASSWORD, `/setup/library?committee=${made.id}`, PHONE);
    await phone.locator('[data-testid=library-page] .data-table tbody tr').nth(2).waitFor();
    await screenshot(phone, 'setup-phone-06-library');
  });

  it('runs the approval chains on their own screens: profile, library filing, plan, standard; recusal and blind opinion; English', async () => {
    // 专家个人信息: the expert fills in and submits; the hospital, then the city office approve in turn.
    const [person] = await libraryExperts(w, 1, { specialties: ['erke'], employer: w.employers[1] });
    const own = await withKnownPassword((await Account.findByPk(person.accountId))!);
    const expert = await open(own.username, TEST_PASSWORD, '/setup/my-profile');
    await expert.locator('[data-testid=my-profile]').waitFor();
    const edu = expert.locator('fieldset.options-box', { hasText: '学习经历' });
    await edu.locator('button', { hasText: '+ 增加一行' }).click();
    await edu.locator('input[aria-label=学校]').fill('河北医科大学');
    await edu.locator('input[aria-label=专业]').fill('儿科学');
    await edu.locator('input[aria-label=学历学位]').fill('博士');
    const work = expert.locator('fieldset.options-box', { hasText: '工作履历' });
    await work.locator('button', { hasText: '+ 增加一行' }).click();
    await work.locator('input[aria-label=工作单位]').fill('河北省儿童医院');
    await work.locator('input[aria-label=职务]').fill('主任医师');
    await expert.locator('textarea').first().fill('河北省有突出贡献中青年专家');
    await screenshot(expert, 'setup-desktop-16-my-profile');
    await expert.click('button:has-text("提交审批")');
    await confirmDialog(expert);
    await textHas(expert.locator('[data-testid=my-profile] .card-head'), '审核中');
    await textHas(expert.locator('[data-testid=my-profile]'), '河北医科大学');
    for (const [who, last] of [[w.employers[1].admin, false], [w.city.admin, true]] as const) {
      const reviewer = await open(who.username, TEST_PASSWORD, '/setup/profiles');
      await reviewer.click(`[data-testid=review-profile-${person.id}]`);
      await textHas(reviewer.locator('[data-testid=expert-profile]'), '河北省儿童医院');
      if (!last) await viewShot(reviewer, 'setup-desktop-17-profile-review');
      await reviewer.click('[data-testid=profile-approve]');
      await reviewer.locator('[data-testid=expert-profile]').waitFor({ state: 'detached' });
      await textHas(reviewer.locator('[data-testid=profile-queue] .data-table'), '没有待本单位审核的专家信息');
    }
    expect((await Expert.findByPk(person.id))!.profileStatus).to.equal('approved');

    // 单个新增 + 专家库更新备案: the unit adds one expert (the one-time password shown), files it; the office approves.
    const unit = await open(w.unit.admin.username, TEST_PASSWORD, `/setup/library?committee=${w.committeeId}`);
    await unit.click('[data-testid=open-add-expert]');
    const aform = unit.locator('[data-testid=add-expert-form]');
    const idNumber = newIdNumber('1972-07-07');
    await aform.locator('input[name=idNumber]').fill(idNumber);
    await aform.locator('input[name=name]').fill('丁专家');
    await aform.locator('input[name=employerCode]').fill(w.employers[2].org.code);
    await aform.locator('button', { hasText: '查找' }).click();
    await textHas(aform.locator('[data-testid=employer-name]'), w.employers[2].org.name);
    await aform.locator('fieldset[data-name=specialties] input[value=waike]').check();
    await unit.click('[data-testid=add-expert-save]');
    await textHas(unit.locator('[data-testid=secret-username]'), idNumber);
    await unit.locator('.dialog button.primary', { hasText: '完成' }).click();
    await unit.click('[data-testid=open-filing]');
    const filing = unit.locator('[data-testid=filing-form]');
    await textHas(filing, '丁专家');
    await unit.click('[data-testid=filing-submit]');
    await filing.waitFor({ state: 'detached' });
    const office = await open(w.cityHandler.username, TEST_PASSWORD, '/setup/library-filings');
    const card = office.locator('[data-filing]', { hasText: '丁专家' });
    await card.waitFor();
    await screenshot(office, 'setup-desktop-18-office-filings');
    await card.locator('button', { hasText: '审核通过' }).click();
    await textHas(office.locator('.toast'), '备案已通过');
    const ding = (await Expert.findOne({ where: { idNumber } }))!;
    expect((await CommitteeExpert.findOne({ where: { committeeId: w.committeeId, expertId: ding.id } }))!.status).to.equal('active');
    // 备案查询 › 已通过, exported: one row per filing card, in the page's order.
    await office.goto(`${server().url}/setup/library-filings?tab=approved`);
    const cards = office.locator('[data-filing]');
    await cards.first().waitFor();
    const filings = await downloadSheet(office, office.locator('[data-testid=office-filings] .page-head [data-testid=export]'));
    expect(filings.name).to.match(/\.xlsx$/);
    expect(filings.rows[0].slice(0, 4)).to.deep.equal(['序号', '评委会', '新增专家人数', '新增专家']);
    expect(filings.rows.length - 1).to.equal(await cards.count());
    const cardNames = await cards.locator('h2').allTextContents();
    expect(filings.rows.slice(1).map((r) => r[1])).to.deep.equal(cardNames.map((x) => x.trim()));
    const dingRow = filings.rows.find((r) => r[3].includes('丁专家'))!;
    expect(dingRow[7]).to.equal('已通过');

    // 评审方案 handler check and office approval, 评分标准 leader approval: each on its own tab.
    const made = await createMeeting(w, { startsAt: new Date(Date.now() + 40 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 41 * 86_400_000).toISOString() });
    const m = `/meetings/${made.id}`;
    const handlerApi = api(w.tokens.handler);
    expectStatus(await handlerApi.put(`${m}/plan`, { kind: 'normal', text: '常规评审方案正文' }), 200);
    expectStatus(await handlerApi.post(`${m}/plan/submit`), 200);
    expectStatus(await handlerApi.put(`${m}/standard`, { criteria: STANDARD }), 200);
    expectStatus(await handlerApi.post(`${m}/standard/submit`), 200);
    const handler = await open(w.handler.username, TEST_PASSWORD, `/setup/meeting?id=${made.id}&tab=plan`);
    await textHas(handler.locator('[data-testid=plan-review] h3'), '评审方案经办人审核');
    await textHas(handler.locator('[data-testid=plan-text]'), '常规评审方案正文');
    await handler.click('[data-testid=plan-approve]');
    await textHas(handler.locator('[data-testid=plan-tab] .card-head'), '待职改办审核');
    expect(await handler.locator('[data-testid=plan-review]').count()).to.equal(0);
    const cityPage = await open(w.cityHandler.username, TEST_PASSWORD, `/setup/meeting?id=${made.id}&tab=plan`);
    await textHas(cityPage.locator('[data-testid=plan-review] h3'), '评审方案职改办审核');
    await cityPage.locator('[data-testid=plan-review] textarea').fill('同意按此方案评审');
    await cityPage.click('[data-testid=plan-approve]');
    await textHas(cityPage.locator('[data-testid=plan-frozen]'), '不能再修改');
    await textHas(cityPage.locator('[data-testid=setup-log]'), '职改办审核通过');
    await screenshot(cityPage, 'setup-desktop-19-plan-approved');
    const leader = await open(w.leader.username, TEST_PASSWORD, `/setup/meeting?id=${made.id}&tab=standard`);
    await leader.click('[data-testid=standard-approve]');
    await textHas(leader.locator('[data-testid=awaiting-chair]'), '等待评审会议主任确认');
    expect((await Meeting.findByPk(made.id))!.standardStatus).to.equal('approved');

    // 回避 and 盲评意见: the handler records a declared recusal and uploads an outside opinion (PDF).
    const [decl] = await readyDeclarations(w, 1, { specialty: 'waike' });
    const added = expectStatus(await handlerApi.post(`${m}/applicants`, { declarationIds: [decl.id] }), 201).items[0];
    expectStatus(await handlerApi.post(`${m}/experts`, { expertIds: [ding.id] }), 201);
    await handler.goto(`${server().url}/setup/meeting?id=${made.id}&tab=recusals`);
    await handler.click('[data-testid=add-recusal]');
    const rdialog = dialog(handler);
    await rdialog.locator('select').nth(0).selectOption(String(ding.id));
    await rdialog.locator('select').nth(1).selectOption(String(added.id));
    await rdialog.locator('input').last().fill('曾指导该申报人');
    await rdialog.locator('button.primary').click();
    const recusalRow = handler.locator('[data-testid=recusals-tab] .data-table tbody tr');
    await textHas(recusalRow.first(), '本人申明');
    await textHas(recusalRow.first(), '丁专家');
    expect(await Recusal.count({ where: { meetingId: made.id, reason: 'declared' } })).to.equal(1);
    // 导出回避名单: the tab's rows, the declared one with its note.
    const recusals = await downloadSheet(handler, handler.locator('[data-testid=recusals-export]'));
    expect(recusals.rows[0]).to.deep.equal(['序号', '回避专家', '专家工作单位', '参评人员', '材料编号', '回避类型', '说明', '登记时间']);
    expect(recusals.rows.length - 1).to.equal(await recusalRow.count());
    const declared = (await Recusal.findOne({ where: { meetingId: made.id, reason: 'declared' } }))!;
    const blindCode = (await MeetingApplicant.findByPk(declared.meetingApplicantId))!.blindCode ?? '';
    expect(recusals.rows.find((r) => r[1] === '丁专家')!.slice(3, 7)).to.deep.equal([decl.applicantName, blindCode, '本人申请回避', '曾指导该申报人']);
    await tab(handler, 'blind');
    await handler.locator(`[data-applicant="${added.id}"] button`, { hasText: '上传意见' }).click();
    const bdialog = dialog(handler);
    await bdialog.locator('input').first().fill('R-01');
    await bdialog.locator('input[type=radio]').nth(1).check();
    await bdialog.locator('input[type=number]').fill('58');
    const pdf = path.resolve('test-results/setup-blind.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await bdialog.locator('input[type=file]').setInputFiles(pdf);
    await bdialog.locator('button.primary').click();
    await textHas(handler.locator(`[data-applicant="${added.id}"] .blind-opinions`), 'R-01');
    await textHas(handler.locator(`[data-applicant="${added.id}"] .blind-opinions`), '不同意');
    const opinion = (await BlindOpinion.findOne({ where: { meetingApplicantId: added.id } }))!;
    expect(opinion.conclusion).to.equal('disagree');
    expect(opinion.fileId).to.be.a('number');
    await screenshot(handler, 'setup-desktop-20-blind');

    // The same meeting in English.
    await handler.click('[data-testid=lang-switch]');
    await textHas(handler.locator('.setup-tabs'), 'Scoring standard');
    await tab(handler, 'overview');
    await textHas(handler.locator('[data-testid=readiness]'), 'Readiness');
    await screenshot(handler, 'setup-desktop-21-english');
    await handler.click('[data-testid=lang-switch]');
  });

  it('exports each setup list as the screen shows it: meetings, the profile queue, expert recommendations', async () => {
    await createMeeting(w, { startsAt: new Date(Date.now() + 50 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 51 * 86_400_000).toISOString() });
    const admin = await open(w.unit.admin.username, TEST_PASSWORD, '/setup/meetings');
    const rows = admin.locator('[data-testid=setup-meetings] .data-table tbody tr:not(.empty)');
    await rows.first().waitFor();
    const meetings = await downloadSheet(admin, admin.locator('[data-testid=setup-meetings] .page-head [data-testid=export]'));
    expect(meetings.name).to.match(/\.xlsx$/);
    expect(meetings.rows[0]).to.deep.equal(['序号', '评审会议', '组建单位', '开始时间', '结束时间', '地点', '状态', '评审方案', '评分标准']);
    const shown = (await rows.locator('[data-testid^=meeting-]').allTextContents()).map((x) => x.trim());
    expect(shown.length).to.be.greaterThan(0);
    expect(meetings.rows.slice(1, 1 + shown.length).map((r) => r[1])).to.deep.equal(shown);
    expect(meetings.rows[1][2]).to.equal(w.unit.org.name);

    // The profile queue and the recommendations: as many rows as the screen lists.
    const office = await open(w.city.admin.username, TEST_PASSWORD, '/setup/profiles');
    await office.locator('[data-testid=profile-queue] .data-table').waitFor();
    const queue = await downloadSheet(office, office.locator('[data-testid=profile-queue] .page-head [data-testid=export]'));
    expect(queue.rows[0].slice(0, 4)).to.deep.equal(['序号', '姓名', '身份证号', '工作单位']);
    expect(queue.rows.length - 1).to.equal(await office.locator('[data-testid=profile-queue] .data-table tbody tr:not(.empty)').count());
    await admin.goto(`${server().url}/setup/recommendations?tab=incoming`);
    await admin.locator('[data-testid=recommendations] .data-table').waitFor();
    const recs = await downloadSheet(admin, admin.locator('[data-testid=recommendations] .page-head [data-testid=export]'));
    expect(recs.rows[0][0]).to.equal('序号');
    expect(recs.rows.length - 1).to.equal(await admin.locator('[data-testid=recommendations] .data-table tbody tr:not(.empty)').count());
  });
});
