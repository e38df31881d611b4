import type { Account } from '../models';
import { createAccount } from '../server/commands/accounts';
import { inTransaction } from '../server/tx';
import { makeIdNumber } from '../server/domain/idNumber';
import type { NewAccountInput } from '../server/commands/accounts';
import type { Permission } from '../server/domain/accountTypes';
import { actorOf, type DemoContext } from './context';
import { DEMO_ORGS, useDemoPassword } from './orgs';
import { chineseName, prng } from './random';

const OFFICE_LEADER: Permission[] = [
  'qualification.leader_review',
  'qualification.export',
  'qualification.entrust_intermediate',
  'qualification.entrust_senior',
  'committee.authority_leader',
];
const OFFICE_HANDLER: Permission[] = ['qualification.handler_review', 'qualification.publicity', 'committee.authority_handler'];

async function add(ctx: DemoContext, admin: string, input: NewAccountInput, key?: string): Promise<Account> {
  const actor = actorOf(ctx, admin);
  const { account } = await inTransaction((t) => createAccount(actor, input, t));
  await useDemoPassword(ctx, account);
  ctx.accounts.set(key ?? account.username, account);
  return account;
}

/** Where applicants and experts work; the experts' employers drive conflict detection later. */
export const APPLICANT_EMPLOYERS = ['sjz-school1', 'zd-hospital', 'bd-design', 'sjz-school2', 'hb-eng', 'hb-normal', 'hebmu-h1', 'hebmu-h2', 'prov-hospital'];
export const EXPERT_EMPLOYERS = ['hebmu', 'hebmu-h1', 'hebmu-h2', 'hb-normal', 'hb-eng', 'bd-design', 'prov-hospital', 'zd-hospital', 'sjz-school2'];

export async function seedAccounts(ctx: DemoContext) {
  const r = prng(20261122);
  const staffed = ['prov', ...DEMO_ORGS.map((o) => o.slug)];
  for (const slug of staffed) {
    const org = ctx.orgs.get(slug)!;
    const office = org.kind === 'office';
    await add(ctx, `${slug}-admin`, {
      orgId: org.id,
      role: 'staff',
      staffKind: 'handler',
      name: `${chineseName(r)}`,
      username: `${slug}-handler`,
      permissions: office ? OFFICE_HANDLER : undefined,
    });
    await add(ctx, `${slug}-admin`, {
      orgId: org.id,
      role: 'staff',
      staffKind: 'leader',
      name: `${chineseName(r)}`,
      username: `${slug}-leader`,
      permissions: office ? OFFICE_LEADER : undefined,
    });
  }

  const prov = ctx.orgs.get('prov')!;
  for (const n of [1, 2]) {
    await add(ctx, 'prov-admin', { orgId: prov.id, role: 'supervisor', name: `监督员${chineseName(r)}`, username: `sup-${n}` });
  }

  for (let i = 0; i < 200; i++) {
    const slug = APPLICANT_EMPLOYERS[i % APPLICANT_EMPLOYERS.length];
    const o = DEMO_ORGS.find((d) => d.slug === slug)!;
    const birth = `${r.int(1972, 1995)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const idNumber = makeIdNumber(o.region ?? '130102', birth, 100 + i);
    const a = await add(ctx, `${slug}-admin`, { orgId: ctx.orgs.get(slug)!.id, role: 'applicant', name: chineseName(r), idNumber });
    ctx.applicants.push(a);
  }

  for (let i = 0; i < 60; i++) {
    const slug = EXPERT_EMPLOYERS[i % EXPERT_EMPLOYERS.length];
    const o = DEMO_ORGS.find((d) => d.slug === slug)!;
    const birth = `${r.int(1958, 1980)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const idNumber = makeIdNumber(o.region ?? '130104', birth, 500 + i);
    const e = await add(ctx, `${slug}-admin`, { orgId: ctx.orgs.get(slug)!.id, role: 'expert', name: chineseName(r), idNumber });
    ctx.experts.push(e);
  }
  ctx.log(`demo: ${ctx.accounts.size} accounts (${ctx.applicants.length} applicants, ${ctx.experts.length} experts)`);
}
