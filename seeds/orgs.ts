import { Account } from '../models';
import type { OrgCategory, OrgKind } from '../server/domain/orgTypes';
import { bootstrapProvince, createOrg, decideOrgApproval, submitOrgProfile } from '../server/commands/orgs';
import { inTransaction } from '../server/tx';
import { actorOf, DEMO_PASSWORD, type DemoContext } from './context';

interface DemoOrg {
  slug: string;
  parent: string;
  name: string;
  kind: OrgKind;
  category?: OrgCategory;
  /** Region code used for the ID numbers of people who work there. */
  region?: string;
}

/** The demo province: offices at three levels, departments, a university with hospitals, employers. */
export const DEMO_ORGS: DemoOrg[] = [
  { slug: 'sjz', parent: 'prov', name: '石家庄市职称改革工作领导小组办公室', kind: 'office' },
  { slug: 'bd', parent: 'prov', name: '保定市职称改革工作领导小组办公室', kind: 'office' },
  { slug: 'changan', parent: 'sjz', name: '石家庄市长安区职称改革办公室', kind: 'office' },
  { slug: 'zhengding', parent: 'sjz', name: '正定县职称改革办公室', kind: 'office' },
  { slug: 'lianchi', parent: 'bd', name: '保定市莲池区职称改革办公室', kind: 'office' },
  { slug: 'edu', parent: 'prov', name: '河北省教育厅', kind: 'department', category: 'government' },
  { slug: 'health', parent: 'prov', name: '河北省卫生健康委员会', kind: 'department', category: 'government' },
  { slug: 'construct', parent: 'prov', name: '河北建设投资集团有限公司', kind: 'department', category: 'enterprise' },
  { slug: 'hebmu', parent: 'prov', name: '河北医科大学', kind: 'self_evaluating', category: 'university', region: '130104' },
  { slug: 'hebmu-h1', parent: 'hebmu', name: '河北医科大学第一医院', kind: 'self_evaluating', category: 'hospital', region: '130104' },
  { slug: 'hebmu-h2', parent: 'hebmu', name: '河北医科大学第二医院', kind: 'self_evaluating', category: 'hospital', region: '130102' },
  { slug: 'talent', parent: 'prov', name: '河北省人才交流服务中心', kind: 'talent_centre' },
  { slug: 'sjz-school1', parent: 'changan', name: '石家庄市第一中学', kind: 'employer', category: 'government', region: '130102' },
  { slug: 'zd-hospital', parent: 'zhengding', name: '正定县人民医院', kind: 'employer', category: 'hospital', region: '130123' },
  { slug: 'bd-design', parent: 'lianchi', name: '保定市建筑设计院', kind: 'employer', category: 'enterprise', region: '130606' },
  { slug: 'sjz-school2', parent: 'sjz', name: '石家庄市第二中学', kind: 'employer', category: 'government', region: '130105' },
  { slug: 'hb-eng', parent: 'construct', name: '河北省工程技术研究院', kind: 'employer', category: 'enterprise', region: '130108' },
  { slug: 'hb-normal', parent: 'edu', name: '河北师范大学', kind: 'employer', category: 'university', region: '130104' },
  { slug: 'prov-hospital', parent: 'health', name: '河北省人民医院', kind: 'employer', category: 'hospital', region: '130104' },
];

async function useDemoPassword(ctx: DemoContext, account: Account) {
  await inTransaction(async (t) => {
    account.passwordHash = ctx.demoHash;
    account.mustChangePassword = false;
    await account.save({ transaction: t });
  });
}

export async function seedOrgs(ctx: DemoContext) {
  const root = await inTransaction((t) =>
    bootstrapProvince({ code: '13', name: '河北省职称改革工作领导小组办公室', adminUsername: 'prov-admin', adminName: '省职改办管理员', password: DEMO_PASSWORD }, t),
  );
  ctx.orgs.set('prov', root.org);
  ctx.admins.set('prov-admin', root.admin);
  await useDemoPassword(ctx, root.admin);

  for (const o of DEMO_ORGS) {
    const parentAdmin = actorOf(ctx, `${o.parent}-admin`);
    const created = await inTransaction((t) =>
      createOrg(parentAdmin, { parentId: ctx.orgs.get(o.parent)!.id, name: o.name, kind: o.kind, category: o.category, adminUsername: `${o.slug}-admin` }, t),
    );
    ctx.orgs.set(o.slug, created.org);
    ctx.admins.set(`${o.slug}-admin`, created.admin);
    await useDemoPassword(ctx, created.admin);
    // The new unit completes its profile, the parent approves it: the same path a real unit takes.
    const own = actorOf(ctx, `${o.slug}-admin`);
    const profile = {
      contactName: '联系人',
      contactPhone: '0311-8' + String(1000000 + ctx.orgs.size).slice(1),
      address: `河北省${o.name}`,
      nature: o.kind === 'office' ? ('机关' as const) : o.category === 'enterprise' ? ('企业' as const) : ('事业单位' as const),
    };
    await inTransaction((t) => submitOrgProfile({ ...own, orgStatus: 'pending_profile' }, created.org.id, profile, undefined, t));
    const approved = await inTransaction((t) => decideOrgApproval(parentAdmin, created.org.id, true, undefined, t));
    ctx.orgs.set(o.slug, approved);
  }
  ctx.log(`demo: ${ctx.orgs.size} organisations`);
}

export { useDemoPassword };
