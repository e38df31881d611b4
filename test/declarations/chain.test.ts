import { expect } from 'chai';
import { makeIdNumber } from '../../server/domain/idNumber';
import { api, login } from '../helpers/api';
import { startEmbedded, type EmbeddedNode } from '../helpers/embedded';
import { buildChain, buildCommittee, fillDeclaration, must, readyDraft, YEAR, type Staff } from './fixtures';
import { runWholeChain, type ChainOrg } from './wholeChain';

const CHAIN = 'goes from a county employer to the province, is returned once, passes, is received, policy-checked and published; the applicant hears every status in order';

describe('a declaration up the whole tree', function () {
  this.timeout(60_000);

  describe('on MariaDB + Redis (the in-process test server)', () => {
    it(CHAIN, async () => {
      const c = await buildChain();
      const com = await buildCommittee();
      const d = await readyDraft(c.employer);
      const org = (o: typeof c.employer, s: Staff): ChainOrg => ({ id: o.org.id, name: o.org.name, handlerToken: s.handlerToken, leaderToken: s.leaderToken });
      await runWholeChain({
        applicant: { token: d.token, accountId: d.account.id, declarationId: d.id },
        employer: org(c.employer, c.employerStaff),
        county: org(c.county, c.countyStaff),
        city: org(c.city, c.cityStaff),
        province: org(c.province, c.provinceStaff),
        committee: { id: com.committee.id, unitName: com.unit.org.name, handlerToken: com.handlerToken, reviewer1Token: com.reviewer1Token, reviewer2Token: com.reviewer2Token },
      });
    });
  });

  /**
   * The same chain on the embedded default: a server process with no DATABASE_URL and no REDIS_URL
   * (SQLite in a temporary DATA_DIR, in-process fan-out), its demo data giving the people: 正定县人民医院
   * under 正定县 › 石家庄 › the province, 河北省卫生系列高级评审委员会 with its receiver and two policy
   * reviewers. The applicant is a new one, made through the API by the hospital's admin.
   */
  describe('on the embedded default (SQLite, in-process fan-out, no Redis)', function () {
    this.timeout(300_000);
    let node: EmbeddedNode | null = null;
    before(async () => {
      node = await startEmbedded({ prefix: 'zc-chain-lite-' });
    });
    after(async () => {
      await node?.stop();
    });

    it(CHAIN, async () => {
      const base = node!.url;
      const health = await must(api(null, base).get('/health'));
      expect(health.body.database).to.include({ dialect: 'sqlite' });
      expect(health.body.redis).to.include({ mode: 'in-process' });

      const demo = async (username: string) => login(username, 'Demo#2026', base) as Promise<Awaited<ReturnType<typeof login>> & { org: { id: number; name: string } }>;
      const orgOf = async (slug: string): Promise<ChainOrg> => {
        const [h, l] = [await demo(`${slug}-handler`), await demo(`${slug}-leader`)];
        expect(h.org.id).to.equal(l.org.id);
        return { id: h.org.id, name: h.org.name, handlerToken: h.accessToken, leaderToken: l.accessToken };
      };
      const employer = await orgOf('zd-hospital');
      const [county, city, province] = [await orgOf('zhengding'), await orgOf('sjz'), await orgOf('prov')];
      expect([employer.name, county.name, city.name, province.name]).to.deep.equal(['正定县人民医院', '正定县职称改革办公室', '石家庄市职称改革工作领导小组办公室', '河北省职称改革工作领导小组办公室']);

      // A new applicant of the hospital: made by its admin, the initial password changed at first sign-in.
      const admin = await demo('zd-hospital-admin');
      const idNumber = makeIdNumber('130123', '1986-03-08', 900);
      const made = await must(api(admin.accessToken, base).post('/accounts', { orgId: employer.id, role: 'applicant', name: '链路测试', idNumber, year: YEAR }), 201);
      const first = await login(made.body.account.username, made.body.initialPassword, base);
      expect(first.account.mustChangePassword).to.equal(true);
      const changed = await must(api(first.accessToken, base).post('/auth/password', { currentPassword: made.body.initialPassword, newPassword: 'Chain#Lite2026' }));
      const token = changed.body.accessToken as string;

      // The weisheng 副主任医师 (内科) draft, every section and required material through the API.
      const catalogue = (await must(api(token, base).get('/catalogue'))).body.items as Array<Record<string, any>>;
      const weisheng = catalogue.find((s) => s.code === 'weisheng')!;
      const qualification = weisheng.levels.find((l: any) => l.level === 'fugao').qualifications.find((q: any) => q.name === '副主任医师');
      const specialty = weisheng.specialties.find((s: any) => s.code === 'neike');
      const created = await must(
        api(token, base).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: qualification.id, specialtyId: specialty.id, route: 'review', declType: 'normal' }),
        201,
      );
      const required = (weisheng.requiredMaterials as Array<{ key: string; required: boolean }>).filter((m) => m.required).map((m) => m.key);
      await fillDeclaration(token, created.body.id, required, base);

      const committees = (await must(api(province.leaderToken, base).get('/committees?seriesCode=weisheng&pageSize=100'))).body.items as Array<Record<string, any>>;
      const committee = committees.find((x) => x.code === 'HBWS-G01')!;
      expect(committee, 'the demo 卫生系列高级评审委员会').to.not.equal(undefined);
      const receiver = await demo('pingwei-handler');
      const [r1, r2] = [await demo('pr-weisheng'), await demo('pr-weisheng-2')];
      expect(receiver.org.name).to.equal('河北省职称评审服务中心');

      await runWholeChain({
        base,
        applicant: { token, accountId: made.body.account.id, declarationId: created.body.id },
        employer,
        county,
        city,
        province,
        committee: { id: committee.id, unitName: receiver.org.name, handlerToken: receiver.accessToken, reviewer1Token: r1.accessToken, reviewer2Token: r2.accessToken },
      });
    });
  });
});
