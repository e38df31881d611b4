import { Account, Assignment, Committee, Declaration, Expert, Meeting, MeetingApplicant, MeetingExpert, Recusal, ReviewGroup, TitleQualification, TitleSeries } from '../../models';
import { DEFAULT_MEETING_OPTIONS, type ExpertTitle, type MeetingOptions } from '../../server/domain/meetingTypes';
import { DEFAULT_VOTE_RULES, type VoteRules } from '../../server/domain/voting';
import { buildAccount, buildOrg, tokenFor, unique, type BuiltOrg } from './factories';
import { api } from './api';

/**
 * A running meeting for live-meeting tests: a committee unit, experts in groups with a chair, vice
 * chairs and group leaders, applicants whose declarations are ready for the meeting, a confirmed
 * standard. Rows are written with the models (the setup commands are tested on their own); the
 * live-meeting commands under test then act on them exactly as in production.
 */
export interface BuiltMeeting {
  unit: BuiltOrg;
  employers: BuiltOrg[];
  meeting: Meeting;
  groups: ReviewGroup[];
  /** Meeting experts in creation order; `accounts[i]` signs in as `experts[i]`. */
  experts: MeetingExpert[];
  accounts: Account[];
  applicants: MeetingApplicant[];
  chair: { me: MeetingExpert; account: Account };
  leaders: Array<{ me: MeetingExpert; account: Account }>;
  staff: Account;
  supervisor: Account;
}

export interface MeetingSpec {
  groups?: number;
  expertsPerGroup?: number;
  /** Committee members who sit in no group (they vote in the committee only). */
  extraMembers?: number;
  applicantsPerGroup?: number;
  options?: Partial<MeetingOptions>;
  voteRules?: VoteRules;
  status?: 'setup' | 'ready' | 'running';
}

export const STANDARD = [
  { key: 'ethics', name: '职业道德', weight: 20, max: 20 },
  { key: 'ability', name: '专业能力', weight: 40, max: 40 },
  { key: 'results', name: '业绩成果', weight: 40, max: 40 },
];

export async function buildMeeting(spec: MeetingSpec = {}): Promise<BuiltMeeting> {
  const nGroups = spec.groups ?? 1;
  const perGroup = spec.expertsPerGroup ?? 3;
  const perGroupApplicants = spec.applicantsPerGroup ?? 2;
  const city = await buildOrg();
  const unit = await buildOrg({ parent: city, kind: 'committee_unit', name: `评委会组建单位${unique('')}` });
  const employers = [await buildOrg({ parent: city, kind: 'employer', category: 'hospital' }), await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' })];
  const staff = await buildAccount(unit, { role: 'staff', staffKind: 'handler' });
  const supervisor = await buildAccount(city, { role: 'supervisor' });

  const series = (await TitleSeries.findOne({ where: { code: 'weisheng' } })) ?? (await TitleSeries.findOne())!;
  const qualification = (await TitleQualification.findOne({ where: { seriesId: series.id } }))!;
  const committee = await Committee.create({
    code: unique('PW'),
    name: '测试评审委员会',
    seriesCode: series.code,
    type: 'social',
    ownerOrgId: unit.org.id,
    levels: ['fugao', 'zhenggao'],
    specialties: [],
  } as never);

  const meeting = await Meeting.create({
    name: `测试评审会议${unique('')}`,
    ownerOrgId: unit.org.id,
    startsAt: new Date(Date.now() - 3600_000),
    endsAt: new Date(Date.now() + 24 * 3600_000),
    status: spec.status ?? 'running',
    options: { ...DEFAULT_MEETING_OPTIONS, ...spec.options },
    voteRules: spec.voteRules ?? DEFAULT_VOTE_RULES,
    planStatus: 'approved',
    standard: STANDARD,
    standardStatus: 'confirmed',
  });

  const groups: ReviewGroup[] = [];
  for (let g = 0; g < nGroups; g++) {
    groups.push(await ReviewGroup.create({ meetingId: meeting.id, name: `第${g + 1}组`, size: perGroup, position: g }));
  }

  const experts: MeetingExpert[] = [];
  const accounts: Account[] = [];
  const total = nGroups * perGroup + (spec.extraMembers ?? 0);
  for (let i = 0; i < total; i++) {
    // Experts work at a third organisation: no conflict unless a test adds one.
    const account = await buildAccount(city, { role: 'expert', name: `专家${i + 1}` });
    const expert = await Expert.create({ accountId: account.id, name: account.name, idNumber: account.idNumber!, employerOrgId: city.org.id, specialties: ['neike'] });
    const inGroup = i < nGroups * perGroup;
    const title: ExpertTitle = i === 0 ? 'chair' : i === 1 ? 'vice_chair' : 'member';
    const me = await MeetingExpert.create({
      meetingId: meeting.id,
      expertId: expert.id,
      accountId: account.id,
      groupId: inGroup ? groups[Math.floor(i / perGroup)].id : null,
      title,
      isGroupLeader: inGroup && i % perGroup === perGroup - 1,
    });
    experts.push(me);
    accounts.push(account);
  }

  const applicants: MeetingApplicant[] = [];
  let n = 0;
  for (const group of groups) {
    for (let k = 0; k < perGroupApplicants; k++) {
      n += 1;
      const employer = employers[n % employers.length];
      const person = await buildAccount(employer, { role: 'applicant', name: `申报人${n}` });
      const d = await Declaration.create({
        year: 2026,
        applicantAccountId: person.id,
        idNumber: person.idNumber!,
        applicantName: person.name,
        orgId: employer.org.id,
        seriesCode: series.code,
        level: 'fugao',
        qualificationId: qualification.id,
        route: 'review',
        declType: 'normal',
        status: 'ready_for_meeting',
        committeeId: committee.id,
      } as never);
      applicants.push(
        await MeetingApplicant.create({
          meetingId: meeting.id,
          declarationId: d.id,
          groupId: group.id,
          blindCode: `A${String(n).padStart(3, '0')}`,
          employerOrgId: employer.org.id,
          position: n,
        }),
      );
    }
  }

  const pair = (me: MeetingExpert) => ({ me, account: accounts[experts.indexOf(me)] });
  return {
    unit,
    employers,
    meeting,
    groups,
    experts,
    accounts,
    applicants,
    chair: pair(experts[0]),
    leaders: groups.map((g) => pair(experts.find((e) => e.groupId === g.id && e.isGroupLeader)!)),
    staff,
    supervisor,
  };
}

/** Records that an expert must recuse from an applicant (as the setup would, for a same-employer conflict). */
export async function recuse(m: BuiltMeeting, me: MeetingExpert, applicant: MeetingApplicant) {
  await Recusal.create({ meetingId: m.meeting.id, expertId: me.expertId, meetingApplicantId: applicant.id, reason: 'declared' });
}

/** Signs experts in through the API, as the meeting's staff. */
export async function signIn(m: BuiltMeeting, staffToken: string, experts: MeetingExpert[] = m.experts, baseUrl?: string) {
  for (const e of experts) {
    const res = await api(staffToken, baseUrl).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: e.id, present: true });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/**
 * Drives one group through the review with the real endpoints: distribute all, start, every main
 * reviewer scores and finishes, every secondary confirms, the leader and then the chair confirm.
 */
export async function reviewGroup(m: BuiltMeeting, groupIndex: number, tokens: Map<number, string>) {
  const group = m.groups[groupIndex];
  const leader = m.leaders[groupIndex];
  const must = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  must(await api(tokens.get(leader.account.id)).post(`/groups/${group.id}/distribution/all`, { perApplicant: 2 }), 'distribute');
  must(await api(tokens.get(leader.account.id)).post(`/groups/${group.id}/start-review`), 'start review');
  const applicantIds = m.applicants.filter((a) => a.groupId === group.id).map((a) => a.id);
  const assignments = await Assignment.findAll({ where: { meetingApplicantId: applicantIds } });
  const tokenOf = (meId: number) => tokens.get(m.accounts[m.experts.findIndex((e) => e.id === meId)].id)!;
  for (const a of assignments.filter((x) => x.role === 'main')) {
    must(
      await api(tokenOf(a.meetingExpertId)).post(`/assignments/${a.id}/finish`, {
        scores: { ethics: 18, ability: 35, results: 30 },
        opinions: { academic: '学术水平较高，业绩突出。', overall: '同意推荐。' },
      }),
      'main finish',
    );
  }
  for (const a of assignments.filter((x) => x.role === 'secondary')) {
    must(await api(tokenOf(a.meetingExpertId)).post(`/assignments/${a.id}/finish`, { opinions: { overall: '同意主审意见。' }, verdict: 'confirm' }), 'secondary finish');
  }
  must(await api(tokens.get(leader.account.id)).post(`/groups/${group.id}/confirm`), 'leader confirm');
  must(await api(tokens.get(m.chair.account.id)).post(`/groups/${group.id}/chair-confirm`), 'chair confirm');
}

export async function tokensFor(accounts: Account[], baseUrl?: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const a of accounts) out.set(a.id, await tokenFor(a, baseUrl));
  return out;
}
