import crypto from 'node:crypto';
import { Account, Organisation } from '../../models';
import { inTransaction } from '../../server/tx';
import { createOrg, decideOrgApproval, submitOrgProfile } from '../../server/commands/orgs';
import { createAccount, type NewAccountInput } from '../../server/commands/accounts';
import { hashPassword } from '../../server/auth/passwords';
import { makeIdNumber } from '../../server/domain/idNumber';
import { toActor } from '../../server/http/authenticate';
import type { OrgCategory, OrgKind } from '../../server/domain/orgTypes';
import type { Actor } from '../../server/policies';
import { ROOT_ADMIN, ROOT_CODE, TEST_PASSWORD } from './env';
import { login } from './api';

/**
 * Factories build test data through the real commands (so every record is one the rules allow),
 * each test in an organisation of its own under the test root.
 */
let knownHash: Promise<string> | null = null;
const passwordHash = () => (knownHash ??= hashPassword(TEST_PASSWORD, 10));

export async function actorFor(account: Account): Promise<Actor> {
  const org = await Organisation.findByPk(account.orgId);
  return toActor(account, org!);
}

/** Gives an account the test password and skips the forced change (the way demo accounts do). */
export async function withKnownPassword(account: Account, mustChange = false): Promise<Account> {
  account.passwordHash = await passwordHash();
  account.mustChangePassword = mustChange;
  await account.save();
  return account;
}

export async function rootAdmin(): Promise<Account> {
  return (await Account.findOne({ where: { username: ROOT_ADMIN } }))!;
}

export const unique = (prefix = 't') => `${prefix}${crypto.randomBytes(4).toString('hex')}`;

export interface BuiltOrg {
  org: Organisation;
  admin: Account;
  adminActor: Actor;
}

/** A new, approved organisation under `parent` (the test root by default) with a signed-in-able admin. */
export async function buildOrg(opts: { parent?: BuiltOrg | null; kind?: OrgKind; category?: OrgCategory; name?: string } = {}): Promise<BuiltOrg> {
  const parentAdmin = opts.parent ? opts.parent.admin : await rootAdmin();
  const parentActor = await actorFor(parentAdmin);
  const parentOrg = opts.parent ? opts.parent.org : (await Organisation.findOne({ where: { code: ROOT_CODE } }))!;
  const kind = opts.kind ?? 'office';
  const { org, admin } = await inTransaction((t) =>
    createOrg(parentActor, { parentId: parentOrg.id, name: opts.name ?? `测试单位${unique('')}`, kind, category: opts.category, adminUsername: unique('adm') }, t),
  );
  await withKnownPassword(admin);
  const own = await actorFor(admin);
  await inTransaction((t) => submitOrgProfile(own, org.id, { contactName: '测试' }, undefined, t));
  const approved = await inTransaction((t) => decideOrgApproval(parentActor, org.id, true, undefined, t));
  await admin.reload();
  return { org: approved, admin, adminActor: await actorFor(admin) };
}

let idSeq = 0;
/** Where this process's region codes start (processes of one run, e.g. spawned seeds, differ). */
const regionBase = crypto.randomInt(0, 89999);
/** A valid, unique ID number (GB 11643 check digit) for this test run. */
export function newIdNumber(birth?: string): string {
  idSeq += 1;
  // The sequence has three digits: every thousand numbers the region (and, without a fixed birthday,
  // the birthday) moves on, so thousands of people born on one day (a 2,500-row export test, the
  // benchmark) never repeat a number. A random region each time did, about once in 40 runs.
  const block = Math.floor(idSeq / 1000);
  const region = String(110000 + ((regionBase + block) % 89999)).padStart(6, '0');
  const day = birth ?? new Date(Date.UTC(1985, 5, 15) + block * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(region, day, idSeq);
}

export async function buildAccount(org: BuiltOrg, input: Partial<NewAccountInput> & { role: NewAccountInput['role'] }, opts: { mustChange?: boolean } = {}) {
  const full: NewAccountInput = {
    orgId: org.org.id,
    name: input.name ?? '测试用户',
    ...(input.role === 'staff' ? { staffKind: 'handler' as const, username: unique('st') } : {}),
    ...(input.role === 'supervisor' || input.role === 'policy_reviewer' ? { username: unique('u') } : {}),
    ...(input.role === 'applicant' || input.role === 'expert' ? { idNumber: newIdNumber() } : {}),
    ...(input.role === 'policy_reviewer' ? { seriesScope: ['gaoxiao'] } : {}),
    ...input,
  } as NewAccountInput;
  const { account } = await inTransaction((t) => createAccount(org.adminActor, full, t));
  return withKnownPassword(account, opts.mustChange ?? false);
}

/** Signs an account in with the test password and returns its access token. */
export async function tokenFor(account: Account, baseUrl?: string): Promise<string> {
  return (await login(account.username, TEST_PASSWORD, baseUrl)).accessToken;
}
