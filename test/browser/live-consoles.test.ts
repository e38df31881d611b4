import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { launchBrowser, screenshot as fullPageShot } from '../helpers/browser';
import { server } from '../helpers/setup';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { buildMeeting, recuse, reviewGroup, signIn as signInExperts, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { Account, Assignment, Ballot, BallotSheet, RoundItem, VoteRound } from '../../models';

/**
 * The consoles' batch work and the client's resync, in real Chromium against the real server:
 * the group leader distributes a batch of selected materials (to the same reviewers, and evenly)
 * and each expert hears what concerns them in their own room; the chair launches the committee
 * vote for the applicants ticked and, after close, opens the ballots behind the tally (anonymous
 * sheets or, in a named vote, by expert), the recount and the seal — a tampered ballot shows; and
 * a page that misses an event (a dropped frame, then a blocked connection while the network is
 * off) refetches and shows the fresh state without a reload.
 */
const DIST = path.resolve('client/dist/index.html');
const DESKTOP = { width: 1366, height: 860 };
const TABLET = { width: 1024, height: 768 };

describe('live meeting consoles in the browser: batches, chosen votes, ballot audit, resync', function () {
  this.timeout(240_000);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(
    account: Account,
    where: string,
    viewport = DESKTOP,
    prepare?: (context: BrowserContext) => Promise<void>,
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: viewport === TABLET });
    contexts.push(context);
    await prepare?.(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${account.name}: ${e.message}`));
    page.setDefaultTimeout(20_000); // generous: the browser tests share two cores with the rest of the suite
    await page.goto(`${server().url}/login?next=${encodeURIComponent(where)}`);
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === where);
    await page.locator('[data-testid=meeting-name]').waitFor();
    return { page, context };
  }

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
  async function poll<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeout = 10_000): Promise<T> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const v = await fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out: ${what}`);
  }
  async function screenshot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await new Promise((r) => setTimeout(r, 500));
    await fullPageShot(page, name);
  }
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

  it('the group leader distributes a batch of selected materials, then the rest evenly; each expert hears their own news', async () => {
    // Four experts (chair, vice chair, two members; the last leads), four materials; the vice chair must recuse from A2.
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 4, applicantsPerGroup: 4, options: { sharedOpinionFields: [] } });
    const [e0, e1, e2, e3] = m.experts;
    const [a1, a2, a3, a4] = m.applicants;
    await recuse(m, e1, a2);
    const staff = await tokenFor(m.staff);
    await signInExperts(m, staff);
    const leader = (await open(m.leaders[0].account, `/meetings/${m.meeting.id}/group/${m.groups[0].id}`)).page;
    const chairExpert = (await open(m.chair.account, `/meetings/${m.meeting.id}/expert`, TABLET)).page;
    await leader.locator('[data-testid=group-materials]').waitFor();

    // Tick A1 and A2: one batch to the same two reviewers.
    const row = (a: { blindCode: string }) => leader.locator(`[data-testid=group-materials] tr[data-code="${a.blindCode}"]`);
    expect(await leader.locator('[data-testid=distribute-selected]').isDisabled()).to.equal(true);
    await row(a1).locator('[data-testid=select-material]').check();
    await row(a2).locator('[data-testid=select-material]').check();
    await textIs(leader.locator('[data-testid=distribute-selected]'), '分发所选（2）');
    await leader.click('[data-testid=distribute-selected]');
    const dlg = leader.locator('[data-testid=batch-dialog]');
    await dlg.waitFor();
    // The vice chair must recuse from A2: cannot be picked for this batch, and says from which.
    const viceRow = dlg.locator(`tr[data-expert="${e1.id}"]`);
    expect(await viceRow.locator('input[type=checkbox]').isDisabled()).to.equal(true);
    expect(await viceRow.textContent()).to.contain(`需回避：${a2.blindCode}`);
    expect(await leader.locator('[data-testid=batch-save]').isDisabled(), 'no save before two reviewers and a main').to.equal(true);
    await dlg.locator(`tr[data-expert="${e0.id}"] input[type=radio]`).check();
    await dlg.locator(`tr[data-expert="${e2.id}"] input[type=checkbox]`).check();
    await screenshot(leader, 'consoles-desktop-01-batch-dialog');
    await leader.click('[data-testid=batch-save]');
    await dlg.waitFor({ state: 'detached' });
    const reviewersOf = async (a: { id: number }) =>
      (await Assignment.findAll({ where: { meetingApplicantId: a.id }, order: [['meetingExpertId', 'ASC']] })).map((x) => [x.meetingExpertId, x.role]);
    await poll('batch written', async () => (await Assignment.count({ where: { meetingApplicantId: [a1.id, a2.id] } })) === 4);
    for (const a of [a1, a2]) expect(await reviewersOf(a)).to.deep.equal([[e0.id, 'main'], [e2.id, 'secondary']]);
    // The chair (main reviewer of both) hears it on their own workspace, without a reload.
    const notice = chairExpert.locator('[data-testid=expert-notice][data-kind=assignments]');
    await notice.waitFor();
    expect((await notice.textContent())!.replace(/\s+/g, '')).to.contain(`组长分给您：${a1.blindCode}（主审）、${a2.blindCode}（主审）。您现有本组材料2份（主审2份）。`);
    await chairExpert.locator(`[data-testid=material][data-code="${a1.blindCode}"]`).waitFor();
    await screenshot(chairExpert, 'consoles-tablet-02-expert-notice');
    // Both rows show their reviewers live; the selection is cleared.
    await poll('rows updated', async () => ((await row(a2).textContent()) ?? '').includes(m.accounts[2].name));
    expect(await leader.locator('[data-testid=select-material]:checked').count()).to.equal(0);

    // Tick A3 and A4: 均衡分配所选 gives them to the least loaded (the vice chair and the leader).
    await row(a3).locator('[data-testid=select-material]').check();
    await row(a4).locator('[data-testid=select-material]').check();
    await leader.click('[data-testid=distribute-selected-even]');
    await poll('even written', async () => (await Assignment.count({ where: { meetingApplicantId: [a3.id, a4.id] } })) === 4);
    const load = new Map<number, number>();
    for (const x of await Assignment.findAll({ where: { meetingApplicantId: m.applicants.map((a) => a.id) } })) load.set(x.meetingExpertId, (load.get(x.meetingExpertId) ?? 0) + 1);
    expect([...load.entries()].sort((x, y) => x[0] - y[0])).to.deep.equal([[e0.id, 2], [e1.id, 2], [e2.id, 2], [e3.id, 2]]);
    for (const a of [a3, a4]) {
      const r = await reviewersOf(a);
      expect(r.filter(([, role]) => role === 'main')).to.have.length(1);
      expect(r.map(([id]) => id)).to.have.members([e1.id, e3.id]);
    }
    // Nothing left waiting: 进入评审 is open.
    await leader.locator('[data-testid=start-review]:not([disabled])').waitFor();
    await screenshot(leader, 'consoles-desktop-03-group-distributed');

    // The staff sign the chair out and in again: the chair reads it was the staff.
    const out = await api(staff).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: e0.id, present: false });
    expect(out.status).to.equal(200);
    await chairExpert.locator('[data-testid=not-present]').waitFor();
    const attendanceNotice = chairExpert.locator('[data-testid=expert-notice][data-kind=attendance]');
    await attendanceNotice.waitFor();
    expect(await attendanceNotice.textContent()).to.contain('会务工作人员已为您签退');
    await chairExpert.locator('[data-testid=expert-notice][data-kind=attendance] [data-testid=dismiss-notice]').click();
    expect(await chairExpert.locator('[data-testid=expert-notice][data-kind=attendance]').count()).to.equal(0);
  });

  it('the chair launches the committee vote for the ticked applicants and, after close, audits the ballots and the seal', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 3, extraMembers: 2, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signInExperts(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const [a1, a2, a3] = m.applicants;
    const chair = (await open(m.chair.account, `/meetings/${m.meeting.id}/chair`)).page;
    const sup = (await open(m.supervisor, `/meetings/${m.meeting.id}/monitor`)).page;

    // Launch: every ready applicant is ticked; the chair leaves A3 for a later round.
    await chair.click('[data-testid=launch-committee]');
    const launch = chair.locator('[data-testid=launch-dialog]');
    await launch.waitFor();
    expect(await launch.locator('tbody tr').count()).to.equal(3);
    expect(await launch.locator('tbody input:checked').count()).to.equal(3);
    await launch.locator(`tr[data-applicant="${a3.id}"] input`).uncheck();
    await textIs(chair.locator('[data-testid=launch-confirm]'), '发起表决（2 人）');
    await screenshot(chair, 'consoles-desktop-10-launch-chosen');
    await chair.click('[data-testid=launch-confirm]');
    const round = await poll('round open', () => VoteRound.findOne({ where: { meetingId: m.meeting.id, kind: 'committee', status: 'open' } }));
    expect((await RoundItem.findAll({ where: { roundId: round.id }, order: [['id', 'ASC']] })).map((i) => i.meetingApplicantId)).to.deep.equal([a1.id, a2.id]);

    // Five sheets: a1 4 yes 1 no; a2 2 yes 2 no 1 abstain.
    const plan = [['yes', 'yes'], ['yes', 'no'], ['yes', 'yes'], ['yes', 'no'], ['no', 'abstain']];
    for (const [i, [c1, c2]] of plan.entries()) {
      const res = await api(tokens.get(m.accounts[i].id)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: crypto.randomUUID(),
        choices: [{ meetingApplicantId: a1.id, choice: c1 }, { meetingApplicantId: a2.id, choice: c2 }],
      });
      expect(res.status).to.equal(200);
    }
    await textIs(roundCard(chair, round.id).locator('[data-testid=voted-count]'), '5 / 5');
    // While open there is nothing to audit.
    expect(await roundCard(chair, round.id).locator('[data-testid=open-audit]').count()).to.equal(0);
    await roundCard(chair, round.id).locator('[data-testid=close-round]').click();
    await chair.locator('.dialog button.primary').click();
    await roundCard(chair, round.id).locator('[data-testid=tally]').waitFor();

    // 票源与封存核验: the sheets as stored, anonymous; the recount; the seal intact.
    await roundCard(chair, round.id).locator('[data-testid=open-audit]').click();
    const audit = roundCard(chair, round.id).locator('[data-testid=round-audit]');
    await audit.waitFor();
    expect(await audit.getAttribute('data-mode')).to.equal('secret');
    expect(await audit.locator('[data-testid=seal]').getAttribute('data-intact')).to.equal('true');
    expect(await audit.locator('[data-testid=seal]').textContent()).to.contain('封存完好');
    expect(await audit.locator('[data-testid=seal]').textContent()).to.contain('票据 5 张，投票人 5 人');
    const sealed = (await audit.locator('[data-testid=digest-sealed]').getAttribute('title'))!;
    expect(sealed).to.equal((await VoteRound.findByPk(round.id))!.digest);
    expect(await audit.locator('[data-testid=digest-recomputed]').getAttribute('title')).to.equal(sealed);
    const recount = await audit.locator('[data-testid=audit-tally] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    expect(recount.map((r) => [r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]])).to.deep.equal([
      [a1.blindCode, '4', '1', '0', '5', '4', '通过', '一致'],
      [a2.blindCode, '2', '2', '1', '5', '4', '未通过', '一致'],
    ]);
    // The sheets, one per voter, in no meaningful order, and no expert's name on them.
    const sheets = await audit.locator('[data-testid=audit-sheets] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => (td.textContent ?? '').trim()).join('/')),
    );
    expect(sheets.sort()).to.deep.equal(['不同意/弃权', '同意/不同意', '同意/不同意', '同意/同意', '同意/同意']);
    const auditText = (await audit.textContent()) ?? '';
    for (const a of m.accounts) expect(auditText, 'a secret round names nobody').to.not.contain(a.name);
    await viewShot(chair, 'consoles-desktop-11-audit-intact', audit.locator('[data-testid=audit-sheets]'));
    await screenshot(chair, 'consoles-desktop-12-chair-audit');

    // The supervisor may open the same; so may the staff — an ordinary member may not (no button).
    await roundCard(sup, round.id).locator('[data-testid=open-audit]').click();
    expect(await roundCard(sup, round.id).locator('[data-testid=seal]').getAttribute('data-intact')).to.equal('true');
    const member = (await open(m.accounts[3], `/meetings/${m.meeting.id}/expert`, TABLET)).page;
    await roundCard(member, round.id).locator('[data-testid=tally]').waitFor();
    expect(await roundCard(member, round.id).locator('[data-testid=open-audit]').count()).to.equal(0);

    // Someone changes a stored ballot: the seal breaks and the recount differs, on the next check.
    const sheetIds = (await BallotSheet.findAll({ where: { roundId: round.id } })).map((s) => s.id);
    const victim = (await Ballot.findOne({ where: { sheetId: sheetIds, meetingApplicantId: a2.id, choice: 'no' } }))!;
    await Ballot.update({ choice: 'yes' }, { where: { sheetId: victim.sheetId, meetingApplicantId: a2.id } });
    await roundCard(chair, round.id).locator('[data-testid=audit-recheck]').click();
    await audit.locator('[data-testid=seal][data-intact=false]').waitFor();
    expect(await audit.locator('[data-testid=seal]').textContent()).to.contain('封存摘要不符');
    expect(await audit.locator(`[data-testid=audit-tally] tr[data-applicant="${a2.id}"]`).getAttribute('data-matches')).to.equal('false');
    expect(await audit.locator(`[data-testid=audit-tally] tr[data-applicant="${a1.id}"]`).getAttribute('data-matches')).to.equal('true');
    await viewShot(chair, 'consoles-desktop-13-audit-broken', audit.locator('[data-testid=seal]'));
    await Ballot.update({ choice: 'no' }, { where: { sheetId: victim.sheetId, meetingApplicantId: a2.id } });

    // Confirmed; the next launch offers only what is left: A3.
    await roundCard(chair, round.id).locator('[data-testid=confirm-round]').click();
    await chair.locator('.dialog button.primary').click();
    await chair.locator(`[data-testid=round][data-round="${round.id}"][data-status=confirmed]`).waitFor();
    await chair.click('[data-testid=launch-committee]');
    await launch.waitFor();
    expect(await launch.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-applicant')))).to.deep.equal([String(a3.id)]);
    await chair.click('[data-testid=launch-confirm]');
    const second = await poll('second round', () => VoteRound.findOne({ where: { meetingId: m.meeting.id, kind: 'committee', status: 'open' } }));
    expect((await RoundItem.findAll({ where: { roundId: second.id } })).map((i) => i.meetingApplicantId)).to.deep.equal([a3.id]);
  });

  it('in a named vote the audit shows each expert’s sheet (results by expert)', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, options: { requireGroupVote: false, ballotMode: 'named' } });
    const tokens = await tokensFor(m.accounts);
    await signInExperts(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const [a1, a2] = m.applicants;
    const round = (await api(tokens.get(m.chair.account.id)).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    for (const [i, a] of m.accounts.entries()) {
      await api(tokens.get(a.id)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: crypto.randomUUID(),
        choices: [{ meetingApplicantId: a1.id, choice: 'yes' }, { meetingApplicantId: a2.id, choice: i < 2 ? 'no' : 'yes' }],
      });
    }
    await api(tokens.get(m.chair.account.id)).post(`/rounds/${round.id}/close`);
    const staffPage = (await open(m.staff, `/meetings/${m.meeting.id}/chair`)).page;
    await roundCard(staffPage, round.id).locator('[data-testid=open-audit]').click();
    const audit = roundCard(staffPage, round.id).locator('[data-testid=round-audit][data-mode=named]');
    await audit.waitFor();
    expect(await audit.textContent()).to.contain('按专家（记名表决）');
    const byExpert = await audit.locator('[data-testid=audit-sheets] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()).join('/')),
    );
    expect(byExpert.sort()).to.deep.equal(['专家1/同意/不同意', '专家2/同意/不同意', '专家3/同意/同意', '专家4/同意/同意', '专家5/同意/同意']);
    await viewShot(staffPage, 'consoles-desktop-14-audit-named', audit.locator('[data-testid=audit-sheets]'));
  });

  it('a page that misses an event refetches: after a gap in the room’s sequence, and after a reconnect', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, extraMembers: 3 });
    const staff = await tokenFor(m.staff);
    const [, , , x, y, z] = m.experts;
    // Between the page and the server: drop the frames of one event, or refuse the connection outright.
    const link = { drop: null as null | string, dropped: 0, blocked: false, sockets: [] as WebSocketRoute[] };
    const liveRequests: string[] = [];
    const { page } = await open(m.chair.account, `/meetings/${m.meeting.id}/chair`, DESKTOP, async (context) => {
      await context.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (link.blocked) {
          ws.close({ code: 1011, reason: 'blocked by the test' });
          return;
        }
        link.sockets.push(ws);
        const srv = ws.connectToServer();
        ws.onMessage((msg) => srv.send(msg));
        srv.onMessage((msg) => {
          if (link.drop && typeof msg === 'string' && msg.includes(`"${link.drop}"`)) {
            link.dropped += 1;
            return;
          }
          ws.send(msg);
        });
      });
    });
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/meetings/${m.meeting.id}/live`) liveRequests.push(r.url());
    });
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const present = (me: { id: number }) => page.locator(`[data-testid=attendance] li[data-expert="${me.id}"].present`);
    await textIs(page.locator('[data-testid=quorum] .quorum-count'), '0 / 6');

    // 1. The page misses X's sign-in (its frame never arrives): nothing changes on screen.
    link.drop = 'attendance:changed';
    expect((await api(staff).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: x.id, present: true })).status).to.equal(200);
    await poll('frame dropped', async () => link.dropped >= 1);
    link.drop = null;
    await new Promise((r) => setTimeout(r, 800));
    expect(await present(x).count(), 'the missed event is not on screen').to.equal(0);
    await textIs(page.locator('[data-testid=quorum] .quorum-count'), '0 / 6');
    const before = liveRequests.length;
    // Y's sign-in arrives with a sequence number one too far: the page sees the gap and refetches.
    expect((await api(staff).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: y.id, present: true })).status).to.equal(200);
    await present(x).waitFor();
    await present(y).waitFor();
    await textIs(page.locator('[data-testid=quorum] .quorum-count'), '2 / 6');
    expect(liveRequests.length, 'a fresh snapshot was fetched').to.be.greaterThan(before);
    await screenshot(page, 'consoles-desktop-20-after-gap');

    // 2. The network goes away and the server cannot be reached; Z signs in meanwhile.
    link.blocked = true;
    await page.context().setOffline(true);
    for (const ws of link.sockets) await ws.close({ code: 1006 }).catch(() => undefined);
    await page.locator('[data-testid=connection][data-status=offline]').waitFor();
    expect((await api(staff).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: z.id, present: true })).status).to.equal(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await present(z).count()).to.equal(0);
    await screenshot(page, 'consoles-desktop-21-offline-stale');
    const beforeReconnect = liveRequests.length;
    // Back: the socket reconnects, rejoins its rooms, sees they moved on, and the page refetches.
    link.blocked = false;
    await page.context().setOffline(false);
    await page.locator('[data-testid=connection][data-status=online]').waitFor({ timeout: 30_000 });
    await present(z).waitFor({ timeout: 15_000 });
    await textIs(page.locator('[data-testid=quorum] .quorum-count'), '3 / 6');
    expect(liveRequests.length).to.be.greaterThan(beforeReconnect);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), 'no reload').to.equal(true);
    await screenshot(page, 'consoles-desktop-22-after-reconnect');
  });
});
