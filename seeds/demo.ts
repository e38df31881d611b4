import { Organisation } from '../models';
import { hashPassword, setPasswordHashCost } from '../server/auth/passwords';
import { DEMO_PASSWORD, type DemoContext } from './context';
import { seedOrgs } from './orgs';
import { seedAccounts } from './accounts';
import { seedDeclarations } from './declarations';
import { seedMeeting } from './meeting';
import { seedAfter } from './after';

/**
 * Demo data, built through the same commands the API uses, so every record is in a state the
 * rules allow. Later areas append their steps (catalogue, declarations, meetings).
 */
export const demoSteps: Array<{ name: string; run: (ctx: DemoContext) => Promise<void> }> = [
  { name: 'organisations', run: seedOrgs },
  { name: 'accounts', run: seedAccounts },
  { name: 'declarations', run: seedDeclarations },
  // The demo meeting takes declarations that the declarations step left ready for a meeting.
  { name: 'meeting', run: seedMeeting },
  // Issuing units, ranges, earlier certificates and blacklist entries for the after-meeting screens.
  { name: 'after', run: seedAfter },
];

export async function seedDemo(opts: { log?: (m: string) => void } = {}) {
  if (process.env.NODE_ENV === 'production') throw new Error('Refusing to seed demo data with NODE_ENV=production');
  if (await Organisation.findOne({ where: { code: '13' } })) {
    opts.log?.('demo data already present (organisation 13 exists); nothing to do');
    return null;
  }
  const demoHash = await hashPassword(DEMO_PASSWORD);
  // Every demo account ends with the demo password; the commands' throwaway initial passwords
  // need not cost 32 MiB each.
  setPasswordHashCost(10);
  const ctx: DemoContext = { orgs: new Map(), admins: new Map(), accounts: new Map(), applicants: [], experts: [], demoHash, log: opts.log ?? (() => {}) };
  try {
    for (const step of demoSteps) await step.run(ctx);
  } finally {
    setPasswordHashCost(Number(process.env.PASSWORD_HASH_COST ?? 15));
  }
  return ctx;
}
