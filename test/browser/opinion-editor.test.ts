import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { buildMeeting, signIn as signInExperts, tokensFor } from '../helpers/meeting';
import { Account, Assignment } from '../../models';
import { collabDocName } from '../../realtime/collab/names';
import { loadRows, textOfRows } from '../../realtime/collab/store';
import type { MeetingRecord } from '../../server/commands/meeting/record';

/**
 * 共同意见 in real Chromium against the real server (issue 6): the main reviewer and the secondary of
 * one material write the overall opinion (综合评价意见) together from two browser contexts, at the
 * same time; each sees the other's name and cursor; the secondary's network drops, it writes on,
 * comes back and the edits merge (and once more with the tab closed while offline); the group
 * leader watches the text read-only; the main reviewer finishes, every page turns to the frozen
 * text, which is exactly the record's overall opinion, and the secondary confirms with it.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1280, height: 860 };
const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('opinion editor drafted together (browser)', function () {
  this.timeout(180_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(account: Account, where: string, viewport = DESKTOP): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: viewport === TABLET });
    contexts.push(context);
    const page = await context.newPage();
    watch(page, account.name);
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === where);
    return { page, context };
  }
  function watch(page: Page, who: string) {
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    page.setDefaultTimeout(10_000);
  }

  async function poll(what: string, check: () => Promise<boolean> | boolean, ms = 10_000) {
    const end = Date.now() + ms;
    for (;;) {
      if (await check()) return;
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Waits until the textarea shows exactly `text` (and returns it). */
  async function valueIs(box: Locator, text: string, ms = 10_000) {
    let last = '';
    await poll(`textarea shows ${JSON.stringify(text)} (last ${JSON.stringify(last)})`, async () => (last = await box.inputValue()) === text, ms).catch(() => {
      throw new Error(`expected ${JSON.stringify(text)}, the box shows ${JSON.stringify(last)}`);
    });
  }
  /** What a remote caret of `name` has before it in the overlay (i.e. where it sits in the text). */
  const textBeforeCaret = (editor: Locator, name: string) =>
    editor.evaluate((el, who) => {
      const overlay = el.querySelector('.so-overlay')!;
      let before = '';
      for (const n of Array.from(overlay.childNodes)) {
        if (n instanceof HTMLElement && n.classList.contains('so-caret')) {
          if (n.dataset.peer === who) return before;
          continue;
        }
        before += n.textContent ?? '';
      }
      return null;
    }, name);
  async function shot(page: Page, name: string, target?: Locator) {
    if (target) await target.scrollIntoViewIfNeeded();
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: `test-results/${name}.png` });
  }
  const storedText = async (doc: string) => textOfRows(doc, await loadRows(doc));

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

  it('two reviewers write one opinion at once, offline edits merge, the leader reads, finishing freezes it into the record', async () => {
    // One group of four: 专家1 chair, 专家2 vice chair, 专家3 member, 专家4 the group leader.
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 4, applicantsPerGroup: 1, options: { sharedOpinionFields: ['overall'] } });
    const staffToken = await tokenFor(m.staff);
    await signInExperts(m, staffToken);
    const tokens = await tokensFor(m.accounts);
    const [applicant] = m.applicants;
    const [mainMe, secMe] = [m.experts[1], m.experts[2]];
    const [mainAccount, secAccount] = [m.accounts[1], m.accounts[2]];
    const leader = m.leaders[0];
    const leaderToken = tokens.get(leader.account.id)!;
    const group = m.groups[0];
    const dist = await api(leaderToken).post(`/groups/${group.id}/distribution`, {
      items: [{ meetingApplicantId: applicant.id, reviewers: [{ meetingExpertId: mainMe.id, role: 'main' }, { meetingExpertId: secMe.id, role: 'secondary' }] }],
    });
    expect(dist.status).to.equal(200);
    expect((await api(leaderToken).post(`/groups/${group.id}/start-review`)).status).to.equal(200);
    const doc = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: applicant.id, field: 'overall' });
    const meetingId = m.meeting.id;

    const main = await open(mainAccount, `/meetings/${meetingId}/expert`);
    const sec = await open(secAccount, `/meetings/${meetingId}/expert`, TABLET);
    const mainPage = main.page;
    let secPage = sec.page;
    const editorOf = (page: Page) => page.locator('[data-testid=review-form] [data-testid=shared-opinion][data-field=overall]');
    let mainEditor = editorOf(mainPage);
    let secEditor = editorOf(secPage);
    const mainBox = mainEditor.locator('textarea');
    let secBox = secEditor.locator('textarea');

    // The overall opinion is the shared editor, not a plain textarea of one's own.
    for (const e of [mainEditor, secEditor]) {
      await e.waitFor();
      await poll('editor synced and writable', async () => (await e.getAttribute('data-mode')) === 'write' && (await e.getAttribute('data-conn')) === 'synced');
      expect(await e.locator('[data-testid=opinion-status]').textContent()).to.contain('已同步');
    }
    expect(await mainPage.locator('[data-testid=review-form] textarea[name=overall]').count()).to.equal(1);
    expect(await mainPage.locator('[data-testid=review-form] [data-testid=shared-opinion] textarea[name=overall]').count()).to.equal(1);

    // Finishing with the shared opinion still empty: the server says so under the shared editor, and nothing freezes.
    await mainPage.locator('[data-testid=review-form] [data-testid=finish-review]:not([disabled])').click();
    await mainPage.locator('.dialog button.primary').click();
    await mainEditor.locator('.field-error').waitFor();
    expect(await mainEditor.locator('.field-error').textContent()).to.contain('请填写');
    expect(await mainEditor.getAttribute('data-mode')).to.equal('write');
    expect((await Assignment.findOne({ where: { meetingApplicantId: applicant.id, role: 'main' } }))!.state).to.not.equal('final');

    // ---- together, at the same time ----
    await mainBox.click();
    await mainBox.pressSequentially('申报人业绩突出，', { delay: 20 });
    await valueIs(secBox, '申报人业绩突出，');
    await secBox.click();
    await secBox.press('Control+Home');
    await mainBox.press('Control+End');
    // The main reviewer appends while the secondary writes at the very start, keystroke against keystroke.
    await Promise.all([mainBox.pressSequentially('论文质量较高，同意推荐。', { delay: 35 }), secBox.pressSequentially('【副审补充】', { delay: 45 })]);
    const merged = '【副审补充】申报人业绩突出，论文质量较高，同意推荐。';
    await valueIs(mainBox, merged);
    await valueIs(secBox, merged);
    expect(await mainEditor.locator('.field-error').count(), 'the “required” message goes once there is text').to.equal(0);
    await poll('the server has the merged text', async () => (await storedText(doc)) === merged);

    // Each sees who is in the document and where the other's cursor is.
    await mainEditor.locator(`[data-testid=opinion-peer][data-name="${secAccount.name}"][data-self=false]`).waitFor();
    await secEditor.locator(`[data-testid=opinion-peer][data-name="${mainAccount.name}"][data-self=false]`).waitFor();
    await mainEditor.locator(`[data-testid=opinion-peer][data-name="${mainAccount.name}"][data-self=true]`).waitFor();
    await poll('the main reviewer sees the secondary’s caret after 【副审补充】', async () => (await textBeforeCaret(mainEditor, secAccount.name)) === '【副审补充】');
    await poll('the secondary sees the main reviewer’s caret at the end', async () => (await textBeforeCaret(secEditor, mainAccount.name)) === merged);
    expect(await mainEditor.locator(`.so-caret[data-peer="${secAccount.name}"] .so-flag`).textContent()).to.equal(secAccount.name);
    // A selection shows as a highlight on the other screen.
    for (let i = 0; i < 5; i++) await mainBox.press('Shift+ArrowLeft');
    await poll('the secondary sees the main reviewer’s selection', async () => (await secEditor.locator('.so-sel').allTextContents()).join('') === '同意推荐。');
    await shot(mainPage, 'opinion-01-main-together', mainEditor);
    await shot(secPage, 'opinion-02-secondary-together', secEditor);
    await secPage.setViewportSize(PHONE);
    await shot(secPage, 'opinion-02b-secondary-phone', secEditor);
    await secPage.setViewportSize(TABLET);

    // Pinyin input: while the secondary composes, the main reviewer writes at the start; the
    // composed words land where the secondary was typing, nothing of the composition leaks out.
    const ime = await sec.context.newCDPSession(secPage);
    await secBox.press('Control+End');
    await ime.send('Input.imeSetComposition', { text: 'tong', selectionStart: 4, selectionEnd: 4 });
    await ime.send('Input.imeSetComposition', { text: 'tongyi', selectionStart: 6, selectionEnd: 6 });
    await mainBox.press('Control+Home');
    await mainBox.pressSequentially('（甲）', { delay: 20 });
    await poll('the main reviewer’s words reached the secondary’s document', async () => (await storedText(doc)).startsWith('（甲）'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await secBox.inputValue(), 'held back while composing').to.equal(`${merged}tongyi`);
    expect(await mainBox.inputValue(), 'no pinyin leaks out').to.equal(`（甲）${merged}`);
    await ime.send('Input.insertText', { text: '同意' });
    const base = `（甲）${merged}同意`;
    await valueIs(secBox, base);
    await valueIs(mainBox, base);
    await ime.detach();
    await mainBox.press('Control+End');

    // ---- the secondary's network drops: it writes on, the edits stay on the device ----
    await sec.context.setOffline(true);
    await poll('the secondary sees it is offline', async () => (await secEditor.getAttribute('data-conn')) === 'offline');
    await secBox.press('Control+End');
    await secBox.pressSequentially('建议答辩时说明课题分工。', { delay: 20 });
    await mainBox.pressSequentially('业绩材料齐全。', { delay: 20 });
    await poll('the secondary has unsent edits', async () => (await secEditor.getAttribute('data-unsent')) === 'true');
    expect(await secEditor.locator('[data-testid=opinion-status]').textContent()).to.contain('离线：修改已存本机');
    // Neither side has the other's new words yet.
    await new Promise((r) => setTimeout(r, 800));
    expect(await mainBox.inputValue()).to.equal(`${base}业绩材料齐全。`);
    expect(await secBox.inputValue()).to.equal(`${base}建议答辩时说明课题分工。`);
    expect(await storedText(doc)).to.not.contain('建议答辩');
    const kept = await secPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zc.collab.')));
    expect(kept).to.have.length(1);
    await shot(secPage, 'opinion-03-secondary-offline', secEditor);

    // Back online: both edits merge, in both tabs and on the server.
    await sec.context.setOffline(false);
    await poll('the secondary is synced again', async () => (await secEditor.getAttribute('data-conn')) === 'synced' && (await secEditor.getAttribute('data-unsent')) === 'false', 15_000);
    await poll('both tabs agree', async () => (await mainBox.inputValue()) === (await secBox.inputValue()));
    const both = await mainBox.inputValue();
    expect(both).to.satisfy((s: string) => s === `${base}业绩材料齐全。建议答辩时说明课题分工。` || s === `${base}建议答辩时说明课题分工。业绩材料齐全。`);
    await poll('the server has the merged text', async () => (await storedText(doc)) === both);

    // ---- offline again, and this time the tab is closed before the network returns ----
    await sec.context.setOffline(true);
    await poll('offline again', async () => (await secEditor.getAttribute('data-conn')) === 'offline');
    await secBox.click();
    await secBox.press('Control+Home');
    await secBox.pressSequentially('（离线所写）', { delay: 20 });
    await new Promise((r) => setTimeout(r, 500));
    await secPage.close();
    expect(await storedText(doc)).to.not.contain('离线所写');
    await sec.context.setOffline(false);
    secPage = await sec.context.newPage();
    watch(secPage, 'secondary (new tab)');
    await secPage.goto(`${server().url}/meetings/${meetingId}/expert`);
    secEditor = editorOf(secPage);
    secBox = secEditor.locator('textarea');
    const withOffline = `（离线所写）${both}`;
    await valueIs(secBox, withOffline, 15_000);
    await valueIs(mainBox, withOffline);
    await poll('the server has what was written in the closed tab', async () => (await storedText(doc)) === withOffline);
    await poll('nothing left unsent', async () => (await secEditor.getAttribute('data-unsent')) === 'false' && (await secEditor.getAttribute('data-conn')) === 'synced');

    // ---- the group leader watches, read-only ----
    const lead = await open(leader.account, `/meetings/${meetingId}/group/${group.id}`);
    const leadPage = lead.page;
    await leadPage.locator(`[data-testid=group-materials] tr[data-code="${applicant.blindCode}"] [data-testid=open-shared-opinions]`).click();
    const leadEditor = leadPage.locator('[data-testid=shared-opinions-dialog] [data-testid=shared-opinion][data-field=overall]');
    const leadBox = leadEditor.locator('textarea');
    await valueIs(leadBox, withOffline);
    expect(await leadEditor.getAttribute('data-mode')).to.equal('read');
    expect(await leadBox.getAttribute('readonly')).to.not.equal(null);
    expect(await leadEditor.locator('[data-testid=opinion-status]').textContent()).to.contain('只读');
    await leadBox.click();
    await leadPage.keyboard.type('组长不能改');
    expect(await leadBox.inputValue()).to.equal(withOffline);
    // The writers see the leader among those present, as a viewer; the leader sees them typing live.
    await mainEditor.locator(`[data-testid=opinion-peer][data-name="${leader.account.name}"]`).waitFor();
    expect(await mainEditor.locator(`[data-testid=opinion-peer][data-name="${leader.account.name}"]`).textContent()).to.contain('查看');
    await mainBox.click();
    await mainBox.press('Control+End');
    await mainBox.pressSequentially('此致。', { delay: 20 });
    const agreed = `${withOffline}此致。`;
    await valueIs(leadBox, agreed);
    await valueIs(secBox, agreed);
    await poll('the leader sees the main reviewer’s caret at the end', async () => (await textBeforeCaret(leadEditor, mainAccount.name)) === agreed);
    await shot(leadPage, 'opinion-04-leader-read-only', leadEditor);
    expect(await storedText(doc)).to.equal(agreed);

    // ---- the main reviewer finishes: no overall opinion of their own is asked for ----
    const mainForm = mainPage.locator('[data-testid=review-form]');
    await mainForm.locator('input[name=score-ethics]').fill('18');
    await mainForm.locator('input[name=score-ability]').fill('36');
    await mainForm.locator('input[name=score-results]').fill('32');
    await mainForm.locator('textarea[name=academic]').fill('学术水平较高。');
    // Typed immediately before finishing: the freeze must still take it.
    await mainBox.click();
    await mainBox.press('Control+End');
    await mainBox.pressSequentially('（主审）', { delay: 10 });
    const finalText = `${agreed}（主审）`;
    await mainForm.locator('[data-testid=finish-review]:not([disabled])').click();
    await mainPage.locator('.dialog button.primary').click();
    await mainPage.locator('[data-testid=material-detail] [data-testid=review-done]').waitFor();

    const record = (await api(staffToken).get(`/meetings/${meetingId}/record`)).body as MeetingRecord;
    const reviews = record.applicants.find((a) => a.meetingApplicantId === applicant.id)!.reviews;
    const recorded = reviews.find((r) => r.role === 'main')!;
    expect(recorded.state).to.equal('final');
    expect(recorded.opinions.overall).to.equal(finalText);

    // Every page turns read-only with the frozen text: the main reviewer's, the secondary's, the leader's.
    const mainDone = mainPage.locator('[data-testid=review-done] [data-testid=shared-opinion][data-field=overall]');
    for (const [e, who] of [
      [mainDone, 'main'],
      [secEditor, 'secondary'],
      [leadEditor, 'leader'],
    ] as const) {
      await poll(`${who}: frozen`, async () => (await e.getAttribute('data-mode')) === 'frozen', 15_000);
      await valueIs(e.locator('textarea'), recorded.opinions.overall!);
      expect(await e.locator('textarea').getAttribute('readonly'), who).to.not.equal(null);
      expect(await e.locator('[data-testid=opinion-status]').textContent(), who).to.contain('已定稿（只读）');
      await e.locator('[data-testid=opinion-frozen]').waitFor();
    }
    // Typing is impossible on the secondary's page, and the server would refuse it anyway.
    await secBox.click();
    await secPage.keyboard.type('冻结后再写');
    expect(await secBox.inputValue()).to.equal(finalText);
    expect(await storedText(doc)).to.equal(finalText);
    await shot(mainPage, 'opinion-05-main-finished', mainDone);
    await shot(secPage, 'opinion-06-secondary-frozen', secEditor);
    await shot(leadPage, 'opinion-07-leader-frozen', leadEditor);
    expect(await secPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zc.collab.')))).to.deep.equal([]);

    // The secondary confirms the score without typing an overall opinion: the frozen one is theirs.
    const secForm = secPage.locator('[data-testid=review-form]');
    await secForm.locator('input[type=radio][value=confirm]').check();
    await secForm.locator('[data-testid=finish-review]:not([disabled])').click();
    await secPage.locator('.dialog button.primary').click();
    await secPage.locator('[data-testid=material-detail] [data-testid=review-done]').waitFor();
    const secAssignment = await Assignment.findOne({ where: { meetingApplicantId: applicant.id, role: 'secondary' } });
    expect(secAssignment!.state).to.equal('final');
    expect(secAssignment!.opinions.overall).to.equal(finalText);
    const secDone = secPage.locator('[data-testid=review-done] [data-testid=shared-opinion][data-field=overall]');
    await valueIs(secDone.locator('textarea'), finalText);
    await shot(secPage, 'opinion-08-secondary-done', secDone);
  });
});
