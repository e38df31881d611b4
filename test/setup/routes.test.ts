import { expect } from 'chai';
import { Account, ImportJob, MeetingApplicant, MeetingExpert } from '../../models';
import { inTransaction } from '../../server/tx';
import { addBlindOpinion } from '../../server/commands/setup/blindOpinions';
import { addRecusal } from '../../server/commands/setup/recusals';
import { api, errorOf, type ApiResponse } from '../helpers/api';
import { actorFor, buildAccount, newIdNumber, tokenFor, withKnownPassword } from '../helpers/factories';
import { buildWorld, createMeeting, expectStatus, libraryExperts, readyDeclarations, type World } from './world';

/**
 * Every setup route answers 401 without a token, 403 to someone else (another committee unit's admin,
 * or a role that has no business there) with a valid request, and 400 with the field at fault.
 */
type Who = 'other' | 'applicant' | 'unit' | 'employer' | 'handler' | 'expert' | 'cityHandler' | 'none';
interface Case {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
  /** A request that fails validation, and the field it must name. */
  bad?: { path?: string; body?: unknown; field: string; form?: Record<string, string> } | null;
  stranger?: Who;
  /** Who sends the bad request (a role that passes the route's first check). */
  as?: Who;
  form?: Record<string, string>;
}

describe('setup routes: 401, 403 and 400 for each', function () {
  this.timeout(120000);
  let w: World;
  const f: Record<string, number> = {};
  const tokens: Partial<Record<Who, string>> = {};

  before(async () => {
    w = await buildWorld();
    const experts = await libraryExperts(w, 4, { specialties: ['neike'] });
    await libraryExperts(w, 1, { specialties: ['erke'] });
    const meeting = await createMeeting(w);
    f.m = meeting.id;
    const h = api(w.tokens.handler);
    f.g = expectStatus(await h.post(`/meetings/${f.m}/groups`, { name: '内科组', specialties: ['neike'] }), 201).id;
    const [d] = await readyDeclarations(w, 1);
    f.a = expectStatus(await h.post(`/meetings/${f.m}/applicants`, { declarationIds: [d.id], groupId: f.g }), 201).items[0].id;
    const placed = expectStatus(await h.post(`/meetings/${f.m}/experts`, { expertIds: experts.slice(0, 3).map((e) => e.id), groupId: f.g }), 201).items;
    f.me = placed[0].id;
    f.x = experts[0].id;
    f.spare = experts[3].id;
    const unitActor = await actorFor(w.unit.admin);
    f.r = (await inTransaction((t) => addRecusal(unitActor, f.m, { expertId: experts[1].id, meetingApplicantId: f.a, reason: 'declared' }, t))).id;
    f.d = expectStatus(await h.post(`/meetings/${f.m}/draws`, { groups: [{ groupId: f.g, needs: [{ specialty: 'erke', count: 1 }] }] }), 201).id;
    f.e = expectStatus(await h.post(`/meetings/${f.m}/entrustments`, { groupId: f.g, officeOrgId: w.city.org.id, needs: [{ specialty: 'neike', count: 1 }] }), 201).id;
    f.b = (await inTransaction((t) => addBlindOpinion(unitActor, f.a, { reviewerCode: 'R1', conclusion: 'agree' }, null, t))).id;
    const pendingExpert = expectStatus(
      await api(w.tokens.unitAdmin).post(`/committees/${w.committeeId}/experts`, { idNumber: newIdNumber('1960-01-01'), name: '待入库专家', employerOrgId: w.city.org.id, specialties: ['neike'] }),
      201,
    );
    f.pending = pendingExpert.entry.expertId;
    f.filing = expectStatus(await api(w.tokens.unitAdmin).post(`/committees/${w.committeeId}/filings`, { items: [{ expertId: f.pending, action: 'add' }] }), 201).id;
    tokens.employer = await tokenFor(w.employers[0].admin);
    f.rec = expectStatus(
      await api(tokens.employer).post('/expert-recommendations', { committeeId: w.committeeId, idNumber: newIdNumber('1961-01-01'), name: '推荐专家', specialties: ['neike'] }),
      201,
    ).id;
    f.c = expectStatus(await api(tokens.employer).post(`/committees/${w.committeeId}/commissions`, { year: 2027 }), 201).id;
    f.job = (await ImportJob.create({ kind: 'experts', committeeId: w.committeeId, accountId: w.unit.admin.id, status: 'done' })).id;
    const me = (await MeetingExpert.findByPk(f.me))!;
    tokens.expert = await tokenFor(await withKnownPassword((await Account.findByPk(me.accountId))!));
    tokens.applicant = await tokenFor(await buildAccount(w.employers[0], { role: 'applicant' }));
    Object.assign(tokens, { other: w.tokens.otherAdmin, unit: w.tokens.unitAdmin, handler: w.tokens.handler, cityHandler: w.tokens.cityHandler });
    expect(await MeetingApplicant.count({ where: { meetingId: f.m } })).to.equal(1);
  });

  const P = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => String(k === 'committee' ? w.committeeId : f[k]));
  const cases: Case[] = [
    { method: 'get', path: '/committees', bad: { path: '/committees?state=nope', field: 'query.state' }, stranger: 'applicant' },
    { method: 'post', path: '/committees', body: { name: '新委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: 1, levels: ['fugao'] }, bad: { body: { name: '新委员会' }, field: 'body.seriesCode' } },
    { method: 'get', path: '/committees/export', bad: { path: '/committees/export?level=nope', field: 'query.level' }, stranger: 'applicant' },
    { method: 'get', path: '/committees/{committee}', stranger: 'applicant' },
    { method: 'patch', path: '/committees/{committee}', body: { name: '改名' }, bad: { body: { name: 1 }, field: 'body.name' } },
    { method: 'post', path: '/committees/{committee}/disable', body: { reason: '测试' }, bad: { body: {}, field: 'body.reason' } },
    { method: 'post', path: '/committees/{committee}/material-deadline', as: 'handler' },
    { method: 'post', path: '/committees/{committee}/commissions', body: { year: 2028 }, bad: { body: { year: 1 }, field: 'body.year' }, stranger: 'unit', as: 'employer' },
    { method: 'get', path: '/commissions', bad: { path: '/commissions?side=x', field: 'query.side' }, stranger: 'applicant' },
    { method: 'post', path: '/commissions/{c}/decide', body: { accept: true }, bad: { body: { accept: 'x' }, field: 'body.accept' } },
    { method: 'post', path: '/commissions/{c}/withdraw', as: 'employer' },
    { method: 'get', path: '/committees/{committee}/experts', bad: { path: '/committees/{committee}/experts?status=x', field: 'query.status' } },
    { method: 'post', path: '/committees/{committee}/experts', body: { idNumber: '110101197001010016', name: '某某', employerOrgId: 1, specialties: ['neike'] }, bad: { body: {}, field: 'body.idNumber' } },
    { method: 'delete', path: '/committees/{committee}/experts/{pending}', bad: { path: '/committees/{committee}/experts/0', field: 'params.expertId' } },
    { method: 'get', path: '/committees/{committee}/experts/template' },
    { method: 'post', path: '/committees/{committee}/experts/import', form: {}, bad: { form: {}, field: 'body.file' } },
    { method: 'get', path: '/import-jobs/{job}' },
    { method: 'get', path: '/committees/{committee}/experts/export', bad: { path: '/committees/{committee}/experts/export?status=x', field: 'query.status' } },
    { method: 'post', path: '/committees/{committee}/filings', body: { items: [{ expertId: 1, action: 'add' }] }, bad: { body: { items: [] }, field: 'body.items' } },
    { method: 'get', path: '/committees/{committee}/filings', bad: { path: '/committees/{committee}/filings?status=x', field: 'query.status' } },
    { method: 'get', path: '/library-filings', bad: { path: '/library-filings?status=x', field: 'query.status' }, stranger: 'applicant', as: 'cityHandler' },
    { method: 'get', path: '/library-filings/export', bad: { path: '/library-filings/export?status=x', field: 'query.status' }, stranger: 'applicant', as: 'cityHandler' },
    { method: 'get', path: '/library-filings/{filing}' },
    { method: 'post', path: '/library-filings/{filing}/decide', body: { approve: true }, bad: { body: {}, field: 'body.approve' }, as: 'cityHandler' },
    { method: 'post', path: '/expert-recommendations', body: { committeeId: 1, idNumber: '110101197001010016', name: '某某', specialties: ['neike'] }, bad: { body: { committeeId: 'x' }, field: 'body.idNumber' }, stranger: 'handler', as: 'employer' },
    { method: 'get', path: '/expert-recommendations', bad: { path: '/expert-recommendations?side=x', field: 'query.side' }, stranger: 'applicant' },
    { method: 'get', path: '/expert-recommendations/export', bad: { path: '/expert-recommendations/export?side=x', field: 'query.side' }, stranger: 'applicant' },
    { method: 'post', path: '/expert-recommendations/{rec}/decide', body: { accept: true }, bad: { body: {}, field: 'body.accept' } },
    { method: 'get', path: '/me/expert-profile', bad: null, stranger: 'unit' },
    { method: 'put', path: '/me/expert-profile', body: { profile: {} }, bad: { body: { profile: { x: 1 } }, field: 'body.profile.x' }, stranger: 'unit', as: 'expert' },
    { method: 'post', path: '/me/expert-profile/submit', bad: null, stranger: 'unit' },
    { method: 'get', path: '/expert-profiles/queue', bad: null, stranger: 'applicant' },
    { method: 'get', path: '/expert-profiles/queue/export', bad: null, stranger: 'applicant' },
    { method: 'get', path: '/experts/{x}' },
    { method: 'post', path: '/experts/{x}/profile-review', body: { approve: true }, bad: { body: {}, field: 'body.approve' } },
    { method: 'get', path: '/meetings', bad: { path: '/meetings?state=x', field: 'query.state' }, stranger: 'none' },
    { method: 'get', path: '/meetings/export', bad: { path: '/meetings/export?state=x', field: 'query.state' }, stranger: 'none' },
    { method: 'post', path: '/meetings', body: { name: '会议', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', committeeIds: [1] }, bad: { body: { name: '会议' }, field: 'body.startsAt' }, stranger: 'employer' },
    { method: 'get', path: '/meetings/{m}' },
    { method: 'patch', path: '/meetings/{m}', body: { name: '改名' }, bad: { body: { name: 1 }, field: 'body.name' } },
    { method: 'delete', path: '/meetings/{m}' },
    { method: 'get', path: '/meetings/{m}/readiness' },
    { method: 'get', path: '/meetings/{m}/log' },
    { method: 'put', path: '/meetings/{m}/plan', body: { kind: 'normal', text: '方案' }, bad: { body: { kind: 'x', text: '方案' }, field: 'body.kind' } },
    { method: 'post', path: '/meetings/{m}/plan/submit' },
    { method: 'post', path: '/meetings/{m}/plan/review', body: { approve: true }, bad: { body: {}, field: 'body.approve' } },
    { method: 'put', path: '/meetings/{m}/standard', body: { criteria: [] }, bad: { body: { criteria: 'x' }, field: 'body.criteria' } },
    { method: 'post', path: '/meetings/{m}/standard/submit' },
    { method: 'post', path: '/meetings/{m}/standard/approve', body: { approve: true }, bad: { body: {}, field: 'body.approve' } },
    { method: 'post', path: '/meetings/{m}/standard/confirm', body: { approve: true }, bad: { body: {}, field: 'body.approve' } },
    { method: 'get', path: '/meetings/{m}/groups' },
    { method: 'post', path: '/meetings/{m}/groups', body: { name: '新组' }, bad: { body: {}, field: 'body.name' } },
    { method: 'patch', path: '/groups/{g}', body: { room: '302' }, bad: { body: { size: 'x' }, field: 'body.size' } },
    { method: 'delete', path: '/groups/{g}' },
    { method: 'put', path: '/groups/{g}/leader', body: { meetingExpertId: 1 }, bad: { body: {}, field: 'body.meetingExpertId' } },
    { method: 'get', path: '/meetings/{m}/experts', bad: { path: '/meetings/{m}/experts?groupId=x', field: 'query.groupId' } },
    { method: 'post', path: '/meetings/{m}/experts', body: { expertIds: [1] }, bad: { body: {}, field: 'body.expertIds' } },
    { method: 'patch', path: '/meeting-experts/{me}', body: { title: 'member' }, bad: { body: { title: 'x' }, field: 'body.title' } },
    { method: 'delete', path: '/meeting-experts/{me}' },
    { method: 'put', path: '/meetings/{m}/chairs', body: { chairId: 1 }, bad: { body: {}, field: 'body.chairId' } },
    { method: 'post', path: '/meetings/{m}/logins', body: {}, bad: { body: { reissue: 'x' }, field: 'body.reissue' } },
    { method: 'post', path: '/meetings/{m}/draws', body: { groups: [{ groupId: 1, needs: [{ specialty: 'neike', count: 1 }] }] }, bad: { body: {}, field: 'body.groups' } },
    { method: 'get', path: '/meetings/{m}/draws' },
    { method: 'get', path: '/draws/{d}/verify' },
    { method: 'post', path: '/meetings/{m}/entrustments', body: { groupId: 1, officeOrgId: 1, needs: [{ specialty: 'neike', count: 1 }] }, bad: { body: {}, field: 'body.groupId' } },
    { method: 'get', path: '/meetings/{m}/entrustments' },
    { method: 'get', path: '/entrustments', bad: { path: '/entrustments?status=x', field: 'query.status' }, stranger: 'applicant', as: 'cityHandler' },
    { method: 'post', path: '/entrustments/{e}/perform', body: { mode: 'random' }, bad: { body: { mode: 'x' }, field: 'body.mode' }, as: 'cityHandler' },
    { method: 'post', path: '/entrustments/{e}/cancel' },
    { method: 'get', path: '/meetings/{m}/applicants', bad: { path: '/meetings/{m}/applicants?result=x', field: 'query.result' } },
    { method: 'get', path: '/meetings/{m}/candidates' },
    { method: 'post', path: '/meetings/{m}/applicants', body: { all: true }, bad: { body: {}, field: 'body.declarationIds' } },
    { method: 'post', path: '/meetings/{m}/applicants/assign', body: { meetingApplicantIds: [1], groupId: null }, bad: { body: { meetingApplicantIds: [] }, field: 'body.meetingApplicantIds' } },
    { method: 'post', path: '/meetings/{m}/applicants/group-all' },
    { method: 'delete', path: '/meeting-applicants/{a}' },
    { method: 'get', path: '/meetings/{m}/recusals' },
    { method: 'get', path: '/meetings/{m}/recusals/export' },
    { method: 'post', path: '/meetings/{m}/recusals', body: { expertId: 1, meetingApplicantId: 1, reason: 'ordered' }, bad: { body: { expertId: 1, meetingApplicantId: 1, reason: 'same_employer' }, field: 'body.reason' } },
    { method: 'delete', path: '/recusals/{r}' },
    { method: 'get', path: '/meetings/{m}/blind-opinions' },
    { method: 'post', path: '/meeting-applicants/{a}/blind-opinions', form: { reviewerCode: 'R9', conclusion: 'agree' }, bad: { form: { reviewerCode: 'R9', conclusion: 'maybe' }, field: 'body.conclusion' } },
    { method: 'delete', path: '/blind-opinions/{b}' },
    { method: 'get', path: '/blind-opinions/{b}/file' },
    { method: 'get', path: '/meetings/{m}/exports/experts' },
    { method: 'get', path: '/meetings/{m}/exports/applicants' },
    { method: 'get', path: '/meetings/{m}/exports/results?result=passed', bad: { path: '/meetings/{m}/exports/results?result=x', field: 'query.result' } },
  ];

  async function send(c: Case, token: string | null, override?: { path?: string; body?: unknown; form?: Record<string, string> }): Promise<ApiResponse> {
    const path = P(override?.path ?? c.path);
    const form = override?.form ?? c.form;
    if (form) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(form)) fd.append(k, v);
      return api(token).raw(c.method.toUpperCase(), path, fd);
    }
    const body = override?.body ?? c.body;
    return api(token).raw(c.method.toUpperCase(), path, c.method === 'get' || c.method === 'delete' ? undefined : (body ?? {}));
  }

  for (const c of cases) {
    describe(`${c.method.toUpperCase()} ${c.path}`, () => {
      it('401 without a token', async () => {
        const res = await send(c, null);
        expect(res.status, JSON.stringify(res.body)).to.equal(401);
        expect(errorOf(res).code).to.equal('unauthenticated');
      });

      if (c.stranger !== 'none') {
        it(`403 for ${c.stranger ?? 'another committee unit'}`, async () => {
          const res = await send(c, tokens[c.stranger ?? 'other']!);
          expect(res.status, JSON.stringify(res.body)).to.equal(403);
          expect(errorOf(res).code).to.equal('forbidden');
        });
      }

      if (c.bad !== null) {
        it('400 naming the field at fault', async () => {
          const bad = c.bad ?? { path: c.path.replace(/\{\w+\}(?!.*\{)/, '0'), field: 'params.id' };
          const res = await send(c, tokens[c.as ?? 'unit']!, bad);
          expect(res.status, JSON.stringify(res.body)).to.equal(400);
          expect(errorOf(res).details!.map((d) => d.path)).to.include(bad.field);
        });
      }
    });
  }

  it('covers every setup route the API documents', async () => {
    const doc = (await api().get('/openapi.json')).body as { paths: Record<string, Record<string, { tags: string[] }>> };
    const tags = new Set(['committees', 'library', 'experts', 'meetings', 'draws', 'applicants', 'exports']);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags.some((t) => tags.has(t)))
        .map(([m]) => `${m.toUpperCase()} ${p.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const tested = new Set(cases.map((c) => `${c.method.toUpperCase()} ${c.path.replace(/\?.*$/, '').replace(/\{(\w+)\}/g, ':x')}`));
    const missing = documented.filter((r) => !tested.has(r.replace(/:\w+/g, ':x')));
    expect(missing).to.deep.equal([]);
  });
});
