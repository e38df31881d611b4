import type { Account } from '../../models';
import { Declaration, Expert, TitleQualification, TitleSeries, TitleSpecialty } from '../../models';
import { inTransaction } from '../../server/tx';
import { addExpertToLibrary } from '../../server/commands/setup/library';
import { decideFiling, fileLibraryChange } from '../../server/commands/setup/filings';
import { currentYear } from '../../server/commands/accounts';
import { api } from '../helpers/api';
import { actorFor, buildAccount, buildOrg, newIdNumber, tokenFor, unique, type BuiltOrg } from '../helpers/factories';

/**
 * A setup world of its own for each test: a city office, a committee unit below it with a handler
 * and a leader, employers (hospitals), an office handler with the 授权管理单位 right, a supervisor,
 * another committee unit (the stranger of the 403 cases) and a 卫生 committee made through the API.
 */
export interface World {
  city: BuiltOrg;
  unit: BuiltOrg;
  otherUnit: BuiltOrg;
  employers: BuiltOrg[];
  handler: Account;
  leader: Account;
  cityHandler: Account;
  supervisor: Account;
  committeeId: number;
  otherCommitteeId: number;
  tokens: { cityAdmin: string; unitAdmin: string; handler: string; leader: string; cityHandler: string; supervisor: string; otherAdmin: string };
}

export async function buildWorld(): Promise<World> {
  const city = await buildOrg();
  const unit = await buildOrg({ parent: city, kind: 'committee_unit', name: `评委会办公室${unique('')}` });
  const otherUnit = await buildOrg({ parent: city, kind: 'committee_unit', name: `另一评委会办公室${unique('')}` });
  const employers = [];
  for (let i = 0; i < 3; i++) employers.push(await buildOrg({ parent: city, kind: 'employer', category: 'hospital', name: `测试医院${unique('')}` }));
  const handler = await buildAccount(unit, { role: 'staff', staffKind: 'handler' });
  const leader = await buildAccount(unit, { role: 'staff', staffKind: 'leader' });
  const cityHandler = await buildAccount(city, {
    role: 'staff',
    staffKind: 'handler',
    permissions: ['qualification.handler_review', 'committee.authority_handler'],
  });
  const supervisor = await buildAccount(city, { role: 'supervisor' });
  const tokens = {
    cityAdmin: await tokenFor(city.admin),
    unitAdmin: await tokenFor(unit.admin),
    handler: await tokenFor(handler),
    leader: await tokenFor(leader),
    cityHandler: await tokenFor(cityHandler),
    supervisor: await tokenFor(supervisor),
    otherAdmin: await tokenFor(otherUnit.admin),
  };
  const make = async (owner: BuiltOrg) => {
    const res = await api(tokens.cityAdmin).post('/committees', {
      name: `卫生高级评审委员会${unique('')}`,
      seriesCode: 'weisheng',
      type: 'social',
      ownerOrgId: owner.org.id,
      levels: ['zhenggao', 'fugao'],
      specialties: ['neike', 'waike', 'erke'],
    });
    if (res.status !== 201) throw new Error(`committee: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as number;
  };
  return { city, unit, otherUnit, employers, handler, leader, cityHandler, supervisor, committeeId: await make(unit), otherCommitteeId: await make(otherUnit), tokens };
}

/** Active library experts (added by the unit, filed, approved by the office), through the commands. */
export async function libraryExperts(w: World, n: number, opts: { specialties?: string[]; employer?: BuiltOrg; committeeId?: number } = {}): Promise<Expert[]> {
  const committeeId = opts.committeeId ?? w.committeeId;
  const unitActor = await actorFor(committeeId === w.committeeId ? w.unit.admin : w.otherUnit.admin);
  const employer = opts.employer ?? w.city;
  const experts = await inTransaction(async (t) => {
    const out: Expert[] = [];
    for (let i = 0; i < n; i++) {
      const input = { idNumber: newIdNumber('1970-01-01'), name: `专家${unique('')}`, employerOrgId: employer.org.id, specialties: opts.specialties ?? ['neike'] };
      out.push((await addExpertToLibrary(unitActor, committeeId, input, t)).expert);
    }
    return out;
  });
  const filing = await inTransaction((t) => fileLibraryChange(unitActor, committeeId, { items: experts.map((e) => ({ expertId: e.id, action: 'add' as const })) }, t));
  await inTransaction(async (t) => decideFiling(await actorFor(w.cityHandler), filing.id, true, null, t));
  return experts;
}

/** Declarations at 拟送评 of a committee (the declarations area's flow ends there). */
export async function readyDeclarations(
  w: World,
  n: number,
  opts: { employer?: BuiltOrg; specialty?: string; committeeId?: number; status?: string } = {},
): Promise<Declaration[]> {
  const series = (await TitleSeries.findOne({ where: { code: 'weisheng' } }))!;
  const qualification = (await TitleQualification.findOne({ where: { seriesId: series.id, level: 'fugao' } }))!;
  const specialty = await TitleSpecialty.findOne({ where: { seriesId: series.id, code: opts.specialty ?? 'neike' } });
  const employer = opts.employer ?? w.employers[0];
  const out: Declaration[] = [];
  for (let i = 0; i < n; i++) {
    const person = await buildAccount(employer, { role: 'applicant', name: `申报人${unique('')}` });
    out.push(
      await Declaration.create({
        year: currentYear(),
        applicantAccountId: person.id,
        idNumber: person.idNumber!,
        applicantName: person.name,
        orgId: employer.org.id,
        seriesCode: 'weisheng',
        level: 'fugao',
        qualificationId: qualification.id,
        specialtyId: specialty?.id ?? null,
        route: 'review',
        declType: 'normal',
        status: (opts.status ?? 'ready_for_meeting') as 'ready_for_meeting',
        committeeId: opts.committeeId ?? w.committeeId,
      }),
    );
  }
  return out;
}

export const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

export async function createMeeting(w: World, body: Record<string, unknown> = {}) {
  const res = await api(w.tokens.unitAdmin).post('/meetings', {
    name: `评审会议${unique('')}`,
    startsAt: hours(24),
    endsAt: hours(48),
    committeeIds: [w.committeeId],
    staffAccountIds: [w.handler.id],
    ...body,
  });
  if (res.status !== 201) throw new Error(`meeting: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; status: string };
}

export const STANDARD = [
  { key: 'ethics', name: '职业道德', weight: 20, max: 20 },
  { key: 'ability', name: '专业能力', weight: 40, max: 40 },
  { key: 'results', name: '业绩成果', weight: 40, max: 40 },
];

/** Expect a response's status, showing its body when it differs. */
export function expectStatus(res: { status: number; body: unknown }, status: number) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as any;
}
