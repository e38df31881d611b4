import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { buildOrg, tokenFor, unique } from '../helpers/factories';
import { must, newApplicant, rootOrg, staffOf } from './fixtures';

describe('title catalogue, review paths and committees', function () {
  this.timeout(60_000);
  let rootToken: string;
  let cityAdminToken: string;
  let applicantToken: string;
  before(async () => {
    const root = await rootOrg();
    rootToken = await tokenFor(root.admin);
    const city = await buildOrg({ parent: root, kind: 'office' });
    cityAdminToken = await tokenFor(city.admin);
    const employer = await buildOrg({ parent: city, kind: 'employer' });
    applicantToken = (await newApplicant(employer)).token;
  });

  it('GET /catalogue: the real series with levels, qualification names and specialties, to anyone signed in', async () => {
    const res = await must(api(applicantToken).get('/catalogue'));
    const codes = res.body.items.map((s: any) => s.code);
    expect(codes).to.include.members(['gaoxiao', 'zhongxiaoxue', 'weisheng', 'gongcheng', 'jingji', 'kuaiji']);
    const ws = res.body.items.find((s: any) => s.code === 'weisheng');
    expect(ws.levels.map((l: any) => l.name)).to.deep.equal(['正高级', '副高级', '中级', '助理级', '员级']);
    expect(ws.levels[1].qualifications.map((q: any) => q.name)).to.include('副主任医师');
    expect(ws.requiredMaterials.filter((m: any) => m.required).map((m: any) => m.key)).to.include('medical_ethics');
    const zx = res.body.items.find((s: any) => s.code === 'zhongxiaoxue');
    expect(zx.levels.flatMap((l: any) => l.qualifications.map((q: any) => q.name))).to.include.members(['正高级教师', '高级教师', '一级教师']);
    expect((await api().get('/catalogue')).status).to.equal(401);
  });

  it('the province office edits the tree; others get 403; bad input 400; duplicates 409', async () => {
    const code = `t${unique('').slice(0, 8)}`;
    const body = { code, name: '测试系列', levels: ['fugao', 'zhenggao'], requiredMaterials: [{ key: 'evaluation_form', name: '评审表', required: true }] };
    expect((await api().post('/catalogue/series', body)).status).to.equal(401);
    expect((await api(cityAdminToken).post('/catalogue/series', body)).status).to.equal(403);
    expect((await api(applicantToken).post('/catalogue/series', body)).status).to.equal(403);
    const bad = await api(rootToken).post('/catalogue/series', { ...body, code: 'Bad Code' });
    expect(bad.status).to.equal(400);
    expect(errorOf(bad).details![0].path).to.equal('body.code');
    const s = await must(api(rootToken).post('/catalogue/series', body), 201);
    expect(s.body.levels.map((l: any) => l.level)).to.deep.equal(['zhenggao', 'fugao']);
    expect((await api(rootToken).post('/catalogue/series', body)).status).to.equal(409);

    const q = await must(api(rootToken).post('/catalogue/qualifications', { seriesId: s.body.id, level: 'fugao', name: '副测试师' }), 201);
    const wrongLevel = await api(rootToken).post('/catalogue/qualifications', { seriesId: s.body.id, level: 'zhongji', name: '测试师' });
    expect(errorOf(wrongLevel)).to.include({ code: 'level_not_in_series' });
    const parent = await must(api(rootToken).post('/catalogue/specialties', { seriesId: s.body.id, code: 'a', name: '甲类' }), 201);
    const child = await must(api(rootToken).post('/catalogue/specialties', { seriesId: s.body.id, parentId: parent.body.id, code: 'a1', name: '甲一' }), 201);
    const cycle = await api(rootToken).patch(`/catalogue/specialties/${parent.body.id}`, { parentId: child.body.id });
    expect(errorOf(cycle)).to.include({ code: 'parent_cycle' });
    await must(api(rootToken).patch(`/catalogue/qualifications/${q.body.id}`, { name: '副主任测试师' }));
    const inUse = await api(rootToken).patch(`/catalogue/series/${s.body.id}`, { levels: ['zhenggao'] });
    expect(errorOf(inUse)).to.include({ code: 'level_in_use' });
    await must(api(rootToken).delete(`/catalogue/specialties/${child.body.id}`), 204);
    const one = await must(api(applicantToken).get(`/catalogue/series/${code}`));
    expect(one.body.specialties.map((x: any) => x.code)).to.deep.equal(['a']);
    expect(one.body.levels[1].qualifications[0].name).to.equal('副主任测试师');
    expect((await api(cityAdminToken).delete(`/catalogue/qualifications/${q.body.id}`)).status).to.equal(403);
  });

  it('review paths: defaults are seeded; the province office adds a series-specific one', async () => {
    const list = await must(api(applicantToken).get('/review-paths'));
    const find = (level: string, route: string) => list.body.items.find((p: any) => p.seriesCode === '*' && p.level === level && p.route === route);
    expect(find('zhongji', 'review')).to.include({ endsAt: 'city' });
    expect(find('fugao', 'review')).to.include({ endsAt: 'province' });
    expect(find('zhenggao', 'self')).to.include({ endsAt: 'self_unit' });
    const body = { seriesCode: 'kuaiji', level: 'zhongji', route: 'review', endsAt: 'province' };
    expect((await api(cityAdminToken).post('/review-paths', body)).status).to.equal(403);
    expect((await api().post('/review-paths', body)).status).to.equal(401);
    const bad = await api(rootToken).post('/review-paths', { ...body, endsAt: 'moon' });
    expect(errorOf(bad).details![0].path).to.equal('body.endsAt');
    const selfWrong = await api(rootToken).post('/review-paths', { ...body, route: 'self' });
    expect(errorOf(selfWrong)).to.include({ code: 'self_route_ends_at_unit' });
    const created = await must(api(rootToken).post('/review-paths', body), 201);
    expect((await api(rootToken).post('/review-paths', body)).status).to.equal(409);
    await must(api(rootToken).patch(`/review-paths/${created.body.id}`, { endsAt: 'city', note: '会计中级在市级结束' }));
    await must(api(rootToken).delete(`/review-paths/${created.body.id}`), 204);
  });

  it('committees: an office admin creates one for a committee unit in its subtree; checks series, levels, specialties', async () => {
    const root = await rootOrg();
    const unit = await buildOrg({ parent: root, kind: 'committee_unit', category: 'government' });
    const employer = await buildOrg({ parent: root, kind: 'employer' });
    const code = unique('HB');
    const body = { code, name: '测试卫生系列高级评审委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: unit.org.id, levels: ['zhenggao', 'fugao'], specialties: ['neike', 'waike'] };
    expect((await api().post('/committees', body)).status).to.equal(401);
    expect((await api(cityAdminToken).post('/committees', body)).status).to.equal(403); // not in the city's subtree
    const staff = await staffOf(unit);
    expect((await api(staff.handlerToken).post('/committees', body)).status).to.equal(403);
    const notUnit = await api(rootToken).post('/committees', { ...body, ownerOrgId: employer.org.id });
    expect(errorOf(notUnit)).to.include({ code: 'owner_not_committee_unit' });
    const badLevel = await api(rootToken).post('/committees', { ...body, seriesCode: 'kuaiji', levels: ['yuan'], specialties: [] });
    expect(errorOf(badLevel)).to.include({ code: 'level_not_in_series' });
    const badSpec = await api(rootToken).post('/committees', { ...body, specialties: ['nosuch'] });
    expect(errorOf(badSpec).details![0].path).to.equal('body.specialties.0');
    const selfType = await api(rootToken).post('/committees', { ...body, type: 'self' });
    expect(errorOf(selfType)).to.include({ code: 'self_needs_self_evaluating_unit' });
    const bad = await api(rootToken).post('/committees', { ...body, levels: [] });
    expect(errorOf(bad).details![0].path).to.equal('body.levels');
    const created = await must(api(rootToken).post('/committees', { ...body, materialDeadline: new Date(Date.now() + 30 * 86400_000).toISOString() }), 201);
    expect(created.body.ownerOrgId).to.equal(unit.org.id);
    expect((await api(rootToken).post('/committees', body)).status).to.equal(409);
    const list = await must(api(staff.handlerToken).get('/committees?seriesCode=weisheng&level=fugao&pageSize=200'));
    expect(list.body.items.map((x: any) => x.id)).to.include(created.body.id);
    const noReason = await api(rootToken).post(`/committees/${created.body.id}/disable`, {});
    expect(errorOf(noReason).details![0].path).to.equal('body.reason');
    const disabled = await must(api(rootToken).post(`/committees/${created.body.id}/disable`, { reason: '评审权到期' }));
    expect(disabled.body.status).to.equal('disabled');
  });
});
