import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot as fullPageShot } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { buildMeeting, recuse, reviewGroup, signIn as signInExperts, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { Account, Assignment, ReviewGroup, RoundVoter, VoteRound } from '../../models';

/**
 * The live review meeting in real Chromium against the real server: the chair, two experts and a
 * supervisor in four browser contexts (plus the big screen). The chair launches the committee vote;
 * one expert votes with "全部同意" on a tablet, the other applicant by applicant on a phone while
 * its network is off; everyone else votes through the API. Every page follows the count and then
 * the tally without a reload; the chair confirms and gets the resolution table and the spreadsheet.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 860 };
const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1920, height: 1080 };

describe('live meeting in the browser (Solid client)', function () {
  this.timeout(180_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(account: Account, where: string, viewport = DESKTOP): Promise<{ page: Page; context: BrowserContext }> {
    const phone = viewport === PHONE;
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone || viewport === TABLET, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${account.name}: ${e.message}`));
    page.setDefaultTimeout(20_000); // generous: the browser tests share two cores with the rest of the suite
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === where);
    return { page, context };
  }

  /** Waits until the locator's text (trimmed, spaces collapsed) is exactly `text`. */
  async function textIs(locator: Locator, text: string, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = ((await locator.first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      if (last === text) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`expected "${text}", still "${last}"`);
  }

  /** A full-page screenshot from the top (a sticky header otherwise lands mid-page), after transitions. */
  async function screenshot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await new Promise((r) => setTimeout(r, 600));
    await fullPageShot(page, name);
  }
  /** What the screen shows right now (sticky bars where the user sees them), with `target` in view. */
  async function viewShot(page: Page, name: string, target: Locator) {
    await target.scrollIntoViewIfNeeded();
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: `test-results/${name}.png` });
  }

  const roundCard = (page: Page, roundId: number) => page.locator(`[data-testid=round][data-round="${roundId}"]`);

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

  it('runs the committee vote live on four screens, a ballot sent while offline counts once, the chair confirms', async () => {
    // One group of three (chair, vice chair, leader) and two more committee members; a blind meeting.
    const m: BuiltMeeting = await buildMeeting({
      groups: 1,
      expertsPerGroup: 3,
      extraMembers: 2,
      applicantsPerGroup: 3,
      options: { requireGroupVote: false, blindReview: true },
    });
    const [chair, expertA, expertB, extra1, extra2] = m.accounts;
    const [a1, a2, a3] = m.applicants;
    // Expert B must recuse from the third applicant: it is not on B's sheet.
    await recuse(m, m.experts[2], a3);
    const tokens = await tokensFor(m.accounts);
    const staffToken = await tokenFor(m.staff);
    // Three of five signed in: no quorum yet (4 of 5 needed).
    await signInExperts(m, staffToken, m.experts.slice(0, 3));
    await reviewGroup(m, 0, tokens);
    const meetingId = m.meeting.id;

    const chairPage = (await open(chair, `/meetings/${meetingId}/chair`)).page;
    const aPage = (await open(expertA, `/meetings/${meetingId}/expert`, TABLET)).page;
    const b = await open(expertB, `/meetings/${meetingId}/expert`, PHONE);
    const bPage = b.page;
    const supPage = (await open(m.supervisor, `/meetings/${meetingId}/monitor`)).page;
    const screenPage = (await open(m.staff, `/meetings/${meetingId}/screen`, SCREEN)).page;
    // The supervisor also keeps the multi-meeting overview open in another tab.
    const watchPage = await supPage.context().newPage();
    watchPage.on('pageerror', (e) => pageErrors.push(`watch: ${e.message}`));
    await watchPage.goto(`${server().url}/meetings/watch`);
    const tile = watchPage.locator(`[data-testid=tile][data-meeting="${meetingId}"]`);
    await tile.locator('[data-testid=quorum]').waitFor();

    for (const p of [chairPage, aPage, bPage, supPage]) await p.locator('[data-testid=meeting-name]').waitFor();
    await textIs(chairPage.locator('[data-testid=quorum] .quorum-count'), '3 / 5');
    // Without quorum the server refuses the vote, and the chair reads why.
    await chairPage.click('[data-testid=launch-committee]');
    await chairPage.locator('.dialog button.primary').click();
    await textIs(chairPage.locator('[data-testid=command-error]'), '到会委员不足三分之二，不能发起投票（当前出席 3/5）');
    await screenshot(chairPage, 'live-desktop-00-chair-no-quorum');
    // The last two members are signed in by the staff: every console follows without a reload.
    await signInExperts(m, staffToken, m.experts.slice(3));
    await textIs(chairPage.locator('[data-testid=quorum] .quorum-count'), '5 / 5');
    await chairPage.locator('[data-testid=attendance] li[data-expert="' + m.experts[4].id + '"].present').waitFor();
    await textIs(supPage.locator('[data-testid=quorum] .quorum-count'), '5 / 5');
    await textIs(screenPage.locator('[data-testid=screen-quorum] .screen-quorum'), '5 / 5');

    // Blind review: the expert's materials carry blind codes, never the applicants' names.
    await aPage.locator('[data-testid=material-detail]').waitFor();
    const aText = (await aPage.locator('#main').textContent()) ?? '';
    for (const name of ['申报人1', '申报人2', '申报人3']) expect(aText, `expert page shows ${name}`).to.not.contain(name);
    expect(aText).to.contain(a1.blindCode);
    expect(await aPage.locator('[data-testid=material-detail]').textContent()).to.contain('盲评（姓名隐藏）');
    // …while the supervisor sees who is being reviewed.
    expect(await supPage.locator('[data-testid=monitor-materials]').textContent()).to.contain('申报人1');
    await screenshot(aPage, 'live-tablet-01-expert-materials');
    await screenshot(supPage, 'live-desktop-01-monitor-before-vote');

    // The chair launches the committee vote.
    await chairPage.click('[data-testid=launch-committee]');
    await chairPage.locator('.dialog button.primary').click();
    const round = await waitForRound(meetingId);
    for (const p of [chairPage, aPage, bPage, supPage]) await textIs(roundCard(p, round.id).locator('[data-testid=voted-count]'), '0 / 5');
    await textIs(screenPage.locator('[data-testid=screen-vote] [data-testid=voted-count]'), '0');
    await screenshot(chairPage, 'live-desktop-02-chair-vote-open');

    // Expert A (tablet): 全部同意, then the confirm step, then "已投票" and nothing about how.
    const aSheet = aPage.locator('[data-testid=ballot-sheet]');
    await aSheet.waitFor();
    expect(await aSheet.locator('.ballot-row').count()).to.equal(3);
    await screenshot(aPage, 'live-tablet-02-ballot-sheet');
    await aSheet.locator('[data-testid=all-yes]').click();
    expect(await aSheet.locator('.choice.yes[aria-checked=true]').count()).to.equal(3);
    await aSheet.locator('[data-testid=ballot-submit]').click();
    const dialog = aPage.locator('[data-testid=ballot-confirm-dialog]');
    await dialog.waitFor();
    expect(await dialog.textContent()).to.contain('提交后不可更改');
    expect(await dialog.textContent()).to.contain('同意 3 人，不同意 0 人，弃权 0 人');
    await screenshot(aPage, 'live-tablet-03-ballot-confirm');
    await aPage.click('[data-testid=ballot-confirm]');
    await aPage.locator('[data-testid=voted]').waitFor();
    expect(await aPage.locator('[data-testid=ballot-sheet]').count()).to.equal(0);
    expect(await roundCard(aPage, round.id).textContent()).to.not.match(/同意 3|全部同意/);
    for (const p of [chairPage, aPage, bPage, supPage]) await textIs(roundCard(p, round.id).locator('[data-testid=voted-count]'), '1 / 5');
    // Nothing that would show how A voted stays on the device.
    expect(await aPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zc.ballot.')))).to.deep.equal([]);

    // Expert B (phone): the third applicant is 回避; B votes per applicant with the network off.
    const bSheet = bPage.locator('[data-testid=ballot-sheet]');
    await bSheet.waitFor();
    const recusedRow = bSheet.locator(`.ballot-row[data-applicant="${a3.id}"]`);
    expect(await recusedRow.getAttribute('class')).to.contain('recused');
    expect(await recusedRow.textContent()).to.contain('回避');
    expect(await recusedRow.locator('.choice').count()).to.equal(0);
    await b.context.setOffline(true);
    await bPage.locator('[data-testid=connection][data-status=offline]').waitFor();
    await bSheet.locator(`.ballot-row[data-applicant="${a1.id}"] .choice.yes`).click();
    await bSheet.locator(`.ballot-row[data-applicant="${a2.id}"] .choice.no`).click();
    await screenshot(bPage, 'live-phone-01-ballot-offline');
    await bSheet.locator('[data-testid=ballot-submit]').click();
    const bDialog = bPage.locator('[data-testid=ballot-confirm-dialog]');
    await bDialog.waitFor();
    expect(await bDialog.textContent()).to.contain('恢复连接后自动提交');
    await bPage.click('[data-testid=ballot-confirm]');
    await bPage.locator('[data-testid=ballot-queued]').waitFor();
    await screenshot(bPage, 'live-phone-02-ballot-queued');
    // Kept on the device with its key, not yet at the server.
    const waiting = await bPage.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('zc.ballot.')));
    expect(waiting).to.have.length(1);
    expect(JSON.parse(waiting[0][1])).to.include({ submitted: true });
    expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(1);

    await b.context.setOffline(false);
    await bPage.locator('[data-testid=voted]').waitFor({ timeout: 20_000 });
    for (const p of [chairPage, aPage, bPage, supPage]) await textIs(roundCard(p, round.id).locator('[data-testid=voted-count]'), '2 / 5');
    expect(await RoundVoter.count({ where: { roundId: round.id, meetingExpertId: m.experts[2].id } })).to.equal(1);
    await textIs(tile.locator('[data-testid=voted-count]'), '2 / 5');
    await screenshot(watchPage, 'live-desktop-07-watch-voting');
    expect(await bPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zc.ballot.')))).to.deep.equal([]);
    await screenshot(bPage, 'live-phone-03-voted');

    // The chair and the two members outside the group vote through the API.
    const apiVote = async (account: Account, choices: Array<[number, string]>) => {
      const res = await api(tokens.get(account.id)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: crypto.randomUUID(),
        choices: choices.map(([meetingApplicantId, choice]) => ({ meetingApplicantId, choice })),
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    };
    await apiVote(chair, [[a1.id, 'yes'], [a2.id, 'yes'], [a3.id, 'no']]);
    await apiVote(extra1, [[a1.id, 'yes'], [a2.id, 'no'], [a3.id, 'no']]);
    await apiVote(extra2, [[a1.id, 'yes'], [a2.id, 'abstain'], [a3.id, 'yes']]);
    for (const p of [chairPage, aPage, bPage, supPage]) await textIs(roundCard(p, round.id).locator('[data-testid=voted-count]'), '5 / 5');
    await textIs(screenPage.locator('[data-testid=screen-vote] [data-testid=voted-count]'), '5');
    await screenshot(screenPage, 'live-screen-01-voting');
    await screenshot(supPage, 'live-desktop-03-monitor-voting');

    // The chair closes: every page shows the tally by applicant without a reload.
    await roundCard(chairPage, round.id).locator('[data-testid=close-round]').click();
    await chairPage.locator('.dialog button.primary').click();
    // a1: yes from all 5 (needs 4 of 5). a2: A, chair yes; B, extra1 no; extra2 abstains: 2 yes, fails.
    // a3: B recused, 4 eligible (needs 3): A yes, extra2 yes, chair and extra1 no: fails.
    const expected = [
      [a1.blindCode, '5', '0', '0', '5', '4', 'true'],
      [a2.blindCode, '2', '2', '1', '5', '4', 'false'],
      [a3.blindCode, '2', '2', '0', '4', '3', 'false'],
    ];
    for (const p of [chairPage, aPage, bPage, supPage]) {
      const table = roundCard(p, round.id).locator('[data-testid=tally]');
      await table.waitFor();
      const rows = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
          const nums = cells.filter((c) => /^\d+$/.test(c));
          return [cells[0], ...nums, tr.getAttribute('data-passed') ?? ''];
        }),
      );
      expect(rows, await p.title()).to.deep.equal(expected);
    }
    // The supervisor sees names; the experts (blind meeting) see codes only.
    expect(await roundCard(supPage, round.id).locator('[data-testid=tally]').textContent()).to.contain('申报人1');
    expect(await roundCard(aPage, round.id).locator('[data-testid=tally]').textContent()).to.not.contain('申报人1');
    await screenshot(chairPage, 'live-desktop-04-chair-tally');
    await screenshot(aPage, 'live-tablet-04-expert-tally');
    await screenshot(bPage, 'live-phone-04-expert-tally');
    await screenshot(supPage, 'live-desktop-05-monitor-tally');
    await screenshot(screenPage, 'live-screen-02-results');
    await textIs(tile.locator('.tile-vote.done .small'), '通过 1 / 3');
    const screenText = (await screenPage.locator('[data-testid=screen-results]').textContent()) ?? '';
    expect(screenText).to.contain(a1.blindCode);
    expect(screenText, 'the projector shows codes in a blind meeting').to.not.contain('申报人1');

    // The chair confirms: the resolution table with names, and the spreadsheet.
    await roundCard(chairPage, round.id).locator('[data-testid=confirm-round]').click();
    await chairPage.locator('.dialog button.primary').click();
    const resolution = chairPage.locator('[data-testid=resolution]');
    await resolution.locator('tbody tr').first().waitFor();
    expect(await resolution.locator('tbody tr').count()).to.equal(3);
    expect(await resolution.textContent()).to.contain('申报人1');
    await textIs(roundCard(supPage, round.id).locator('.badge').first(), '已确认');
    const download = chairPage.waitForEvent('download');
    await chairPage.click('[data-testid=download-record]');
    const file = await download;
    expect(file.suggestedFilename()).to.match(/评审记录\.xlsx$/);
    const saved = path.join('test-results', 'live-record.xlsx');
    await file.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 2).toString()).to.equal('PK'); // a zip: an xlsx workbook
    await screenshot(chairPage, 'live-desktop-06-chair-resolution');
    expect((await VoteRound.findByPk(round.id))!.status).to.equal('confirmed');

    // The chair's console and the monitor fit a phone too.
    for (const [p, name] of [[chairPage, 'live-phone-05-chair-console'], [supPage, 'live-phone-06-monitor']] as const) {
      await p.setViewportSize(PHONE);
      await p.waitForTimeout(300);
      expect(await p.evaluate(() => document.documentElement.scrollWidth), name).to.be.at.most(PHONE.width);
      await screenshot(p, name);
    }

    // The expert finds the meeting from the menu: 我的评审会议.
    await aPage.click('.sidenav a:has-text("我的评审会议")');
    await aPage.waitForURL(/\/meetings\/mine$/);
    const card = aPage.locator(`[data-testid=my-meetings] [data-meeting="${meetingId}"]`);
    await card.waitFor();
    expect(await card.textContent()).to.contain('副主任委员');
    await card.locator('a:has-text("主任控制台")').waitFor();
    await screenshot(aPage, 'live-tablet-05-my-meetings');
    // …and on the home page.
    await aPage.click('.sidenav a:has-text("首页")');
    await aPage.locator(`[data-testid=home-meetings] a[href="/meetings/${meetingId}/expert"]`).waitFor();
    await screenshot(aPage, 'live-tablet-06-home');
  });

  it('the group works in the browser: distribution with a recusal, scoring with autosave through a dropped connection, a dispute reopened, sign-off, the group vote sent back', async () => {
    // Each reviewer writes their own opinions here (the private draft path); opinions written
    // together have their own test (opinion-editor.test.ts).
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, options: { defense: true, sharedOpinionFields: [] } });
    const [e0, e1, e2] = m.experts; // chair, vice chair, group leader
    const [a1, a2] = m.applicants;
    await recuse(m, e1, a2);
    const tokens = await tokensFor(m.accounts);
    await signInExperts(m, await tokenFor(m.staff));
    const meetingId = m.meeting.id;
    const groupId = m.groups[0].id;
    const poll = async <T>(what: string, fn: () => Promise<T | null | undefined | false>, timeout = 10_000): Promise<T> => {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const v = await fn();
        if (v) return v as T;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`timed out: ${what}`);
    };

    const leader = await open(m.leaders[0].account, `/meetings/${meetingId}/group/${groupId}`);
    const console_ = leader.page;
    const main = await open(m.chair.account, `/meetings/${meetingId}/expert`, TABLET);
    let mainPage = main.page;
    const supPage = (await open(m.supervisor, `/meetings/${meetingId}/monitor`)).page;
    await console_.locator('[data-testid=group-materials]').waitFor();
    await screenshot(console_, 'live-desktop-10-group-setup');

    // Distribute A2 by hand: the vice chair must recuse, so cannot be picked, and says why.
    await console_.locator(`tr[data-code="${a2.blindCode}"] [data-testid=distribute-one]`).click();
    const dlg = console_.locator('[data-testid=distribute-dialog]');
    await dlg.waitFor();
    const recusedRow = dlg.locator(`tr[data-expert="${e1.id}"]`);
    expect(await recusedRow.locator('input[type=checkbox]').isDisabled()).to.equal(true);
    expect(await recusedRow.textContent()).to.contain('回避：本人申报回避');
    await screenshot(console_, 'live-desktop-11-distribute-dialog');
    await dlg.locator(`tr[data-expert="${e0.id}"] input[type=radio]`).check();
    await dlg.locator(`tr[data-expert="${e2.id}"] input[type=checkbox]`).check();
    await console_.click('[data-testid=distribute-save]');
    await dlg.waitFor({ state: 'detached' });
    // The rest with an even load, then 进入评审.
    await console_.click('[data-testid=distribute-all]');
    await poll('all distributed', async () => (await Assignment.count({ where: { meetingApplicantId: [a1.id, a2.id] } })) === 4);
    await console_.locator('[data-testid=start-review]:not([disabled])').click();
    await console_.locator('.dialog button.primary').click();
    await poll('reviewing', async () => (await ReviewGroup.findByPk(groupId))!.stage === 'reviewing');
    const mainA2 = (await Assignment.findOne({ where: { meetingApplicantId: a2.id, role: 'main' } }))!;
    expect(mainA2.meetingExpertId).to.equal(e0.id);

    // The main reviewer (the chair, on a tablet) scores A2: weights and maxima shown, the total live.
    await mainPage.locator(`[data-testid=material][data-code="${a2.blindCode}"]`).click();
    let form = mainPage.locator(`[data-testid=review-form][data-assignment="${mainA2.id}"]`);
    await form.waitFor();
    expect(await form.textContent()).to.contain('职业道德');
    await form.locator('input[name=score-ethics]').fill('18');
    await form.locator('input[name=score-ability]').fill('35');
    await form.locator('input[name=score-results]').fill('30');
    await textIs(form.locator('[data-testid=live-total]'), '83.00');
    await form.locator('textarea[name=academic]').fill('论文三篇，主持省级课题一项。');
    await form.locator('textarea[name=defenseQuestions]').fill('请介绍课题的创新点。');
    await form.locator('textarea[name=defenseEvaluation]').fill('回答清楚。');
    await form.locator('input[name=defenseScore]').fill('88');
    // Autosave: the draft reaches the server without a click.
    await poll('autosaved', async () => {
      const a = await Assignment.findByPk(mainA2.id);
      return a!.state === 'draft' && a!.scores.results === 30 && a!.opinions.defenseScore === 88;
    });
    await viewShot(mainPage, 'live-tablet-10-scoring', form.locator('[data-testid=live-total]'));

    // The Wi-Fi drops while the overall opinion is typed: kept on the device, sent after reconnecting.
    await main.context.setOffline(true);
    await mainPage.locator('[data-testid=connection][data-status=offline]').waitFor();
    expect(await form.locator('[data-testid=finish-review]').isDisabled(), 'no final step offline').to.equal(true);
    await form.locator('textarea[name=overall]').fill('同意推荐，业绩达到副高标准。');
    await form.locator('[data-testid=save-state][data-state=unsent]').waitFor({ timeout: 8000 });
    const kept = await mainPage.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('zc.review.')).map(([, v]) => v));
    expect(kept.join()).to.contain('同意推荐，业绩达到副高标准。');
    expect((await Assignment.findByPk(mainA2.id))!.opinions.overall ?? '').to.equal('');
    await viewShot(mainPage, 'live-tablet-11-draft-offline', form.locator('textarea[name=overall]'));
    // The tab is even closed before the connection comes back: the next visit shows the text and sends it.
    await mainPage.close();
    await main.context.setOffline(false);
    mainPage = await main.context.newPage();
    mainPage.on('pageerror', (e) => pageErrors.push(`main: ${e.message}`));
    await mainPage.goto(`${server().url}/meetings/${meetingId}/expert?a=${mainA2.id}`);
    form = mainPage.locator(`[data-testid=review-form][data-assignment="${mainA2.id}"]`);
    await form.waitFor();
    // The kept text comes back into the form (from the device, or from the server once resent).
    await poll('kept text shown', async () => (await form.locator('textarea[name=overall]').inputValue()) === '同意推荐，业绩达到副高标准。');
    await poll('draft resent', async () => (await Assignment.findByPk(mainA2.id))!.opinions.overall === '同意推荐，业绩达到副高标准。', 20_000);
    expect(await mainPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zc.review.')))).to.deep.equal([]);

    // 完成评审 (with its confirm step): final.
    await form.locator('[data-testid=finish-review]:not([disabled])').click();
    await mainPage.locator('.dialog button.primary').click();
    await mainPage.locator('[data-testid=material-detail] [data-testid=review-done]').waitFor();
    expect((await Assignment.findByPk(mainA2.id))!.state).to.equal('final');

    // The secondary (the leader, in another tab) disputes with a reason.
    const secPage = await leader.context.newPage();
    secPage.on('pageerror', (e) => pageErrors.push(`secondary: ${e.message}`));
    await secPage.goto(`${server().url}/meetings/${meetingId}/expert`);
    await secPage.locator(`[data-testid=material][data-code="${a2.blindCode}"]`).click();
    const secA2 = (await Assignment.findOne({ where: { meetingApplicantId: a2.id, role: 'secondary' } }))!;
    const secForm = secPage.locator(`[data-testid=review-form][data-assignment="${secA2.id}"]`);
    await secForm.waitFor();
    await textIs(secForm.locator('.main-total .total'), '83.00');
    await secForm.locator('textarea[name=overall]').fill('业绩分值偏高。');
    await secForm.locator('input[value=dispute]').check();
    await secForm.locator('textarea[name=verdictReason]').fill('业绩成果项应不超过 25 分。');
    await secForm.locator('[data-testid=finish-review]').click();
    await secPage.locator('.dialog button.primary').click();
    await secPage.locator('[data-testid=review-done]').waitFor();

    // The leader's console shows the dispute live and reopens the review with a reason.
    const a2Row = console_.locator(`tr[data-code="${a2.blindCode}"]`);
    await a2Row.locator('[data-testid=reopen]').waitFor();
    expect(await a2Row.textContent()).to.contain('有异议');
    await screenshot(console_, 'live-desktop-12-group-dispute');
    await a2Row.locator('[data-testid=reopen]').click();
    await console_.fill('#reopen-reason', '请主审复核业绩成果项。');
    await console_.locator('.dialog .dialog-foot button.primary').click();
    // Back on the main reviewer's tablet, without a reload: the form again, with the saved scores.
    await form.waitFor();
    expect(await form.locator('input[name=score-results]').inputValue()).to.equal('30');
    await form.locator('input[name=score-results]').fill('25');
    await textIs(form.locator('[data-testid=live-total]'), '78.00');
    await form.locator('[data-testid=finish-review]').click();
    await mainPage.locator('.dialog button.primary').click();
    await poll('main final again', async () => (await Assignment.findByPk(mainA2.id))!.state === 'final');

    // The secondary confirms this time, and A1's reviewers finish, through the API.
    const finish = async (a: Assignment, body: object) => {
      const account = m.accounts[m.experts.findIndex((e) => e.id === a.meetingExpertId)];
      const res = await api(tokens.get(account.id)).post(`/assignments/${a.id}/finish`, body);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    };
    await finish(secA2, { opinions: { overall: '同意。' }, verdict: 'confirm' });
    const a1Reviews = await Assignment.findAll({ where: { meetingApplicantId: a1.id } });
    for (const a of a1Reviews.filter((x) => x.role === 'main')) {
      await finish(a, {
        scores: { ethics: 18, ability: 35, results: 30 },
        opinions: { academic: '业绩突出。', overall: '同意推荐。', defenseQuestions: '问题。', defenseEvaluation: '良好。', defenseScore: 85 },
      });
    }
    for (const a of a1Reviews.filter((x) => x.role === 'secondary')) await finish(a, { opinions: { overall: '同意。' }, verdict: 'confirm' });

    // 组长确认, then 主任确认 on the chair's console; the leader sees the stage change live.
    await console_.locator('[data-testid=leader-confirm]:not([disabled])').click();
    await console_.locator('.dialog button.primary').click();
    await mainPage.goto(`${server().url}/meetings/${meetingId}/chair`);
    await mainPage.locator('[data-testid=chair-confirm-group]').click();
    await mainPage.locator('.dialog button.primary').click();
    await console_.locator('.steps[data-stage=chair_confirmed]').waitFor();

    // The group vote: launched, counted, closed and confirmed by the leader.
    await console_.click('[data-testid=launch-group-vote]');
    const round = await poll('group round', () => VoteRound.findOne({ where: { meetingId, kind: 'group', status: 'open' } }));
    await textIs(roundCard(console_, round.id).locator('[data-testid=voted-count]'), '0 / 3');
    for (const [i, e] of [e0, e1, e2].entries()) {
      const account = m.accounts[m.experts.indexOf(e)];
      const choices = [
        { meetingApplicantId: a1.id, choice: 'yes' },
        ...(e === e1 ? [] : [{ meetingApplicantId: a2.id, choice: i === 0 ? 'yes' : 'no' }]),
      ];
      const res = await api(tokens.get(account.id)).post(`/rounds/${round.id}/ballots`, { idempotencyKey: crypto.randomUUID(), choices });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    await textIs(roundCard(console_, round.id).locator('[data-testid=voted-count]'), '3 / 3');
    await roundCard(console_, round.id).locator('[data-testid=close-round]').click();
    await console_.locator('.dialog button.primary').click();
    await roundCard(console_, round.id).locator('[data-testid=tally]').waitFor();
    await roundCard(console_, round.id).locator('[data-testid=confirm-round]').click();
    await console_.locator('.dialog button.primary').click();
    await console_.locator(`[data-testid=round][data-round="${round.id}"][data-status=confirmed]`).waitFor();
    await screenshot(console_, 'live-desktop-13-group-vote');

    // The supervisor sends it back with a reason; the leader's console says so at once.
    await roundCard(supPage, round.id).locator('[data-testid=send-back]').click();
    await supPage.fill('#send-back-reason', '唱票程序不规范，请重新表决。');
    await supPage.click('[data-testid=send-back-confirm]');
    await console_.locator(`[data-testid=round][data-round="${round.id}"][data-status=sent_back]`).waitFor();
    expect(await roundCard(console_, round.id).textContent()).to.contain('唱票程序不规范，请重新表决。');
    expect((await VoteRound.findByPk(round.id))!.sentBackReason).to.equal('唱票程序不规范，请重新表决。');

    // And the same monitor in English.
    await supPage.click('.topbar [data-testid=lang-switch]');
    await textIs(supPage.locator('.live-kicker'), 'Meeting monitor');
    expect(await roundCard(supPage, round.id).textContent()).to.contain('Sent back');
    await screenshot(supPage, 'live-desktop-14-monitor-english');
    await supPage.click('.topbar [data-testid=lang-switch]');

    // The leader's console on a phone: nothing wider than the screen.
    await console_.setViewportSize(PHONE);
    await console_.waitForTimeout(300);
    expect(await console_.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await screenshot(console_, 'live-phone-10-group-console');
  });
});

async function waitForRound(meetingId: number) {
  for (let i = 0; i < 100; i++) {
    const r = await VoteRound.findOne({ where: { meetingId, kind: 'committee', status: 'open' } });
    if (r) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the committee vote did not open');
}
