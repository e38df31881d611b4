import type { Account, Organisation } from '../models';
import type { Actor } from '../server/policies';
import { toActor } from '../server/http/authenticate';

/** What the demo steps hand each other: organisations and accounts by a short demo name. */
export interface DemoContext {
  orgs: Map<string, Organisation>;
  admins: Map<string, Account>;
  accounts: Map<string, Account>;
  applicants: Account[];
  experts: Account[];
  /** The one password every demo account has, already hashed. */
  demoHash: string;
  log: (message: string) => void;
}

export function actorOf(ctx: DemoContext, username: string): Actor {
  const account = ctx.accounts.get(username) ?? ctx.admins.get(username);
  if (!account) throw new Error(`demo account ${username} missing`);
  const org = [...ctx.orgs.values()].find((o) => o.id === account.orgId);
  if (!org) throw new Error(`org of ${username} missing`);
  return { ...toActor(account, org), mustChangePassword: false };
}

export const DEMO_PASSWORD = 'Demo#2026';
