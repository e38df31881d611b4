import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { buildAccount, tokenFor } from '../helpers/factories';
import { buildChain, buildCommittee, newApplicant } from './fixtures';

const TAGS = new Set(['catalogue', 'committees', 'declarations', 'review', 'publicity', 'public', 'plans']);

interface Op {
  method: string;
  path: string;
  description: string;
}

async function myRoutes(): Promise<Op[]> {
  const doc = (await api().get('/openapi.json')).body as { paths: Record<string, Record<string, { tags: string[]; description: string }>> };
  const out: Op[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.tags.some((t) => TAGS.has(t))) out.push({ method: method.toUpperCase(), path: p.replace(/^\/api/, ''), description: op.description });
    }
  }
  return out;
}

/** Every route of this area, swept: strangers get 401, bad ids 400 naming params.id. */
describe('declaration-area routes, swept', function () {
  this.timeout(60_000);

  it('every non-public route answers 401 without a token', async () => {
    const routes = await myRoutes();
    expect(routes.length).to.be.greaterThan(50);
    for (const r of routes.filter((x) => x.description !== 'Public.')) {
      const path = r.path.replace(/\{(\w+)\}/g, '1');
      const res = await api().raw(r.method, path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.status, `${r.method} ${path}`).to.equal(401);
      expect(errorOf(res).code).to.equal('unauthenticated');
    }
  });

  it('every route with an id answers 400 (params.id) to a non-numeric id, for someone who may call it', async () => {
    const c = await buildChain();
    const com = await buildCommittee();
    const applicant = await newApplicant(c.employer);
    const supervisor = await buildAccount(c.province, { role: 'supervisor' });
    const tokens = [
      await tokenFor(c.province.admin),
      c.provinceStaff.leaderToken,
      c.employerStaff.handlerToken,
      await tokenFor(c.employer.admin),
      applicant.token,
      com.reviewer1Token,
      await tokenFor(supervisor),
    ];
    const routes = (await myRoutes()).filter((r) => r.path.includes('{id}'));
    let checked = 0;
    for (const r of routes) {
      const path = r.path.replace('{id}', 'abc').replace(/\{(\w+)\}/g, '1');
      let res = null;
      for (const token of r.description === 'Public.' ? [null] : tokens) {
        res = await api(token).raw(r.method, path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        if (res.status !== 403) break;
      }
      expect(res!.status, `${r.method} ${path}`).to.equal(400);
      expect(errorOf(res!).details!.map((d) => d.path), `${r.method} ${path}`).to.include('params.id');
      checked += 1;
    }
    expect(checked).to.be.greaterThan(30);
  });
});
