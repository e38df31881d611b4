import { expect } from 'chai';
import { api } from '../helpers/api';
import { buildOrg } from '../helpers/factories';
import { act, buildChain, must, readyDraft, staffOf } from './fixtures';

/** The workbench's 申报单位 filter: `orgId` keeps the declarations of that org and the units below it. */
describe('review queue: filter by applying unit (orgId, subtree)', function () {
  this.timeout(60_000);

  it('the county office sees both employers, or one of them, or its sub-unit with its parent', async () => {
    const c = await buildChain();
    const other = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital', name: '测试县第二医院' });
    const sub = await buildOrg({ parent: other, kind: 'employer', category: 'hospital', name: '测试县第二医院分院' });
    const otherStaff = await staffOf(other);
    const subStaff = await staffOf(sub);
    // One declaration from each unit, each brought to the county office's handler step.
    const ids: Record<string, number> = {};
    for (const [key, org, staff] of [
      ['a', c.employer, c.employerStaff],
      ['b', other, otherStaff],
      ['c', sub, subStaff],
    ] as const) {
      const d = await readyDraft(org);
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      await must(act(staff.handlerToken, d.id, { action: 'pass' }));
      await must(act(staff.leaderToken, d.id, { action: 'pass' }));
      ids[key] = d.id;
    }
    // Each now waits at its own unit's publicity step; the county office reads them all in its search.
    const queue = async (token: string, query: string) =>
      ((await must(api(token).get(`/review/queue?step=publicity&pageSize=200${query}`))).body.items as Array<{ id: number }>).map((x) => x.id);
    expect(await queue(otherStaff.handlerToken, '')).to.include(ids.b);
    // Search over the county's subtree, filtered by unit.
    const search = async (query: string) =>
      ((await must(api(c.countyStaff.leaderToken).get(`/review/declarations?pageSize=200${query}`))).body.items as Array<{ id: number }>).map((x) => x.id);
    const all = await search('');
    expect(all).to.include.members([ids.a, ids.b, ids.c]);
    expect(await search(`&orgId=${other.org.id}`)).to.include.members([ids.b, ids.c]).and.not.include(ids.a);
    expect(await search(`&orgId=${sub.org.id}`)).to.deep.equal([ids.c]);
    expect(await search(`&orgId=${c.employer.org.id}`)).to.deep.equal([ids.a]);
    // The queue takes the same filter.
    expect(await queue(c.employerStaff.handlerToken, `&orgId=${other.org.id}`)).to.deep.equal([]);
    expect(await queue(c.employerStaff.handlerToken, `&orgId=${c.employer.org.id}`)).to.include(ids.a);
    expect((await api(c.countyStaff.leaderToken).get('/review/queue?step=handler&orgId=abc')).status).to.equal(400);
  });
});
