import crypto from 'node:crypto';
import {
  Account,
  BlacklistEntry,
  CalendarDay,
  Certificate,
  CertificateRange,
  CommonOpinion,
  Declaration,
  Expert,
  ImportJob,
  Meeting,
  MeetingApplicant,
  MeetingCommittee,
  MeetingExpert,
  Organisation,
  Recusal,
  ResultItem,
  ResultReport,
  ReviewGroup,
  StoredFile,
  TitleQualification,
  TitleSpecialty,
  VoteRound,
  Assignment,
  BlindOpinion,
  Filing,
} from '../../../models';
import { inTransaction } from '../../../server/tx';
import { createOrg, submitOrgProfile } from '../../../server/commands/orgs';
import { createCommittee } from '../../../server/commands/setup/committees';
import { addExpertToLibrary } from '../../../server/commands/setup/library';
import { decideFiling, fileLibraryChange } from '../../../server/commands/setup/filings';
import { addRecusal } from '../../../server/commands/setup/recusals';
import { currentYear } from '../../../server/commands/accounts';
import { writeContent } from '../../../server/commands/declarations/files';
import { DEFAULT_MEETING_OPTIONS, type MeetingOptions } from '../../../server/domain/meetingTypes';
import { DEFAULT_VOTE_RULES } from '../../../server/domain/voting';
import { FILING_ATTACHMENTS } from '../../../server/domain/after';
import { chinaToday } from '../../../server/domain/workingDays';
import { api, login } from '../../helpers/api';
import { TEST_PASSWORD } from '../../helpers/env';
import { actorFor, buildAccount, buildOrg, newIdNumber, rootAdmin, unique, withKnownPassword, type BuiltOrg } from '../../helpers/factories';
import { reviewGroup, STANDARD, type BuiltMeeting } from '../../helpers/meeting';
import { endPublicity, samplePdf, upload as pdfForm } from '../../after/fixtures';
import { fillDeclaration, rootOrg, WEISHENG_REQUIRED } from '../../declarations/fixtures';

/**
 * One world for the role matrix and the fuzzer: a province office (the test root) with a city office
 * beneath it, a second city office (elsewhere), two committee units under the city (ours and another),
 * two employers, a committee with its expert library, three meetings of our unit (one in setup, one
 * running with two groups, one decided, filed and certified) and a fourth whose result publicity runs,
 * declarations at several stages, and the accounts that act on all of it.
 *
 * Every record the routes are called on has a named id in `ids`, so the table can say whose it is.
 */
export const ACTORS = [
  'anon',
  'provAdmin',
  'provHandler',
  'provLeader',
  'cityAdmin',
  'cityHandler',
  'empAAdmin',
  'empAHandler',
  'empBAdmin',
  'applicantA',
  'applicantB',
  'applicantPub',
  'applicantCert',
  'expertOut',
  'member',
  'groupLeader',
  'chair',
  'recused',
  'supervisor',
  'supervisorElsewhere',
  'policyReviewer',
  'unitAdmin',
  'unitStaff',
  'otherUnitAdmin',
  'otherUnitStaff',
  'mustChange',
] as const;
export type ActorKey = (typeof ACTORS)[number];

export interface ActorSlot {
  account: Account | null;
  token: string | null;
  refresh: string | null;
}

export interface World {
  ids: Record<string, number>;
  strs: Record<string, string>;
  actors: Record<ActorKey, ActorSlot>;
  /** Signs the account in again (after something revoked its token), restoring the known password. */
  relogin(key: ActorKey): Promise<string>;
  /** A new applicant account at employer A, for routes that destroy or lock what they act on. */
  throwawayAccount(): Promise<Account>;
  /** A new approved employer under the city office (reset its admin, disable it). */
  throwawayOrg(): Promise<BuiltOrg>;
  /** Fresh resources for rows whose allowed actors each need their own (see Case.fresh). */
  make: Record<
    | 'submittedPlan'
    | 'submittedProfile'
    | 'planAtHandler'
    | 'planAtOffice'
    | 'setupGroup'
    | 'setupMeetingExpert'
    | 'setupApplicant'
    | 'declaredRecusal'
    | 'orderedRecusal'
    | 'blindOpinion'
    | 'calendarDay'
    | 'spareRange',
    () => Promise<number>
  >;
  orgs: Record<'province' | 'city' | 'city2' | 'unit' | 'otherUnit' | 'empA' | 'empB', BuiltOrg>;
  /** For the socket matrix only: a committee member of the running meeting who never changed the initial password. */
  mustChangeExpert: ActorSlot;
}

const must = <T extends { status: number; body: any }>(res: T, what: string): T => {
  if (res.status >= 300) throw new Error(`world: ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

export function pdfUpload(fields: Record<string, string> = {}, name = 'file') {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append(name, new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), '材料.pdf');
  return fd;
}

interface ModelMeetingSpec {
  name: string;
  status: 'setup' | 'ready' | 'running';
  committeeId: number;
  ownerOrgId: number;
  groups: Array<{ experts: Expert[]; leader: Expert }>;
  chair: Expert;
  viceChairs?: Expert[];
  extraMembers?: Expert[];
  applicants: Array<{ group: number; decl: Declaration }>;
  options?: Partial<MeetingOptions>;
}

/** A meeting written with the models (as test/helpers/meeting.ts does), in our committee unit. */
async function modelMeeting(spec: ModelMeetingSpec): Promise<BuiltMeeting & { byExpert: Map<number, MeetingExpert> }> {
  const meeting = await Meeting.create({
    name: spec.name,
    ownerOrgId: spec.ownerOrgId,
    startsAt: new Date(Date.now() - 3600_000),
    endsAt: new Date(Date.now() + 24 * 3600_000),
    status: spec.status,
    options: { ...DEFAULT_MEETING_OPTIONS, ...spec.options },
    voteRules: DEFAULT_VOTE_RULES,
    planStatus: 'approved',
    standard: STANDARD,
    standardStatus: 'confirmed',
  });
  await MeetingCommittee.create({ meetingId: meeting.id, committeeId: spec.committeeId });
  const groups: ReviewGroup[] = [];
  for (let g = 0; g < spec.groups.length; g++) {
    groups.push(await ReviewGroup.create({ meetingId: meeting.id, name: `第${g + 1}组`, size: spec.groups[g].experts.length, position: g }));
  }
  const experts: MeetingExpert[] = [];
  const accounts: Account[] = [];
  const byExpert = new Map<number, MeetingExpert>();
  const place = async (e: Expert, groupId: number | null, isLeader: boolean) => {
    const title = e.id === spec.chair.id ? 'chair' : spec.viceChairs?.some((v) => v.id === e.id) ? 'vice_chair' : 'member';
    const me = await MeetingExpert.create({ meetingId: meeting.id, expertId: e.id, accountId: e.accountId, groupId, title, isGroupLeader: isLeader });
    experts.push(me);
    accounts.push((await Account.findByPk(e.accountId))!);
    byExpert.set(e.id, me);
  };
  for (let g = 0; g < spec.groups.length; g++) {
    for (const e of spec.groups[g].experts) await place(e, groups[g].id, e.id === spec.groups[g].leader.id);
  }
  for (const e of spec.extraMembers ?? []) await place(e, null, false);
  const applicants: MeetingApplicant[] = [];
  let n = 0;
  for (const a of spec.applicants) {
    n += 1;
    applicants.push(
      await MeetingApplicant.create({
        meetingId: meeting.id,
        declarationId: a.decl.id,
        groupId: groups[a.group].id,
        blindCode: `A${String(n).padStart(3, '0')}`,
        employerOrgId: a.decl.orgId,
        position: n,
      }),
    );
  }
  const pair = (me: MeetingExpert) => ({ me, account: accounts[experts.indexOf(me)] });
  return {
    unit: null as never,
    employers: [],
    meeting,
    groups,
    experts,
    accounts,
    applicants,
    chair: pair(byExpert.get(spec.chair.id)!),
    leaders: spec.groups.map((g) => pair(byExpert.get(g.leader.id)!)),
    staff: null as never,
    supervisor: null as never,
    byExpert,
  };
}

export async function buildSecurityWorld(): Promise<World> {
  const t0 = Date.now();
  let last = t0;
  let section = 'start';
  const marks: string[] = [];
  const mark = (next: string) => {
    marks.push(`${section} ${Date.now() - last} ms`);
    last = Date.now();
    section = next;
  };
  const year = currentYear();
  const ids: Record<string, number> = {};
  const strs: Record<string, string> = {};
  const slots = {} as Record<ActorKey, ActorSlot>;
  const set = (key: ActorKey, account: Account | null) => (slots[key] = { account, token: null, refresh: null });

  mark('organisations');
  // ---- organisations ----
  const province = await rootOrg();
  const city = await buildOrg({ parent: province, kind: 'office', name: `安全测试市职改办${unique('')}` });
  const city2 = await buildOrg({ parent: province, kind: 'office', name: `另一市职改办${unique('')}` });
  const unit = await buildOrg({ parent: city, kind: 'committee_unit', category: 'government', name: `评委会组建单位${unique('')}` });
  const otherUnit = await buildOrg({ parent: city, kind: 'committee_unit', category: 'government', name: `另一评委会组建单位${unique('')}` });
  const empA = await buildOrg({ parent: city, kind: 'employer', category: 'hospital', name: `甲医院${unique('')}` });
  const empB = await buildOrg({ parent: city, kind: 'employer', category: 'hospital', name: `乙医院${unique('')}` });
  const orgs = { province, city, city2, unit, otherUnit, empA, empB };
  for (const [k, o] of Object.entries(orgs)) ids[k] = o.org.id;
  strs.cityCode = city.org.code;
  strs.provinceCode = province.org.code;

  mark('accounts');
  // ---- accounts ----
  set('anon', null);
  set('provAdmin', province.admin);
  set('provHandler', await buildAccount(province, { role: 'staff', staffKind: 'handler', permissions: ['qualification.handler_review', 'qualification.publicity', 'committee.authority_handler'] }));
  set(
    'provLeader',
    await buildAccount(province, {
      role: 'staff',
      staffKind: 'leader',
      permissions: ['qualification.leader_review', 'qualification.export', 'qualification.entrust_intermediate', 'qualification.entrust_senior', 'committee.authority_leader'],
    }),
  );
  set('cityAdmin', city.admin);
  set('cityHandler', await buildAccount(city, { role: 'staff', staffKind: 'handler', permissions: ['qualification.handler_review', 'qualification.publicity', 'committee.authority_handler'] }));
  set('empAAdmin', empA.admin);
  set('empAHandler', await buildAccount(empA, { role: 'staff', staffKind: 'handler' }));
  set('empBAdmin', empB.admin);
  set('supervisor', await buildAccount(city, { role: 'supervisor' }));
  set('supervisorElsewhere', await buildAccount(city2, { role: 'supervisor' }));
  set('policyReviewer', await buildAccount(unit, { role: 'policy_reviewer', seriesScope: ['weisheng'] }));
  set('unitAdmin', unit.admin);
  set('unitStaff', await buildAccount(unit, { role: 'staff', staffKind: 'handler' }));
  set('otherUnitAdmin', otherUnit.admin);
  set('otherUnitStaff', await buildAccount(otherUnit, { role: 'staff', staffKind: 'handler' }));
  // A handler of employer A who has not changed the initial password yet.
  set('mustChange', await buildAccount(empA, { role: 'staff', staffKind: 'handler' }, { mustChange: true }));
  const empALeader = await buildAccount(empA, { role: 'staff', staffKind: 'leader' });
  const unitLeader = await buildAccount(unit, { role: 'staff', staffKind: 'leader' });
  ids.empALeaderAccount = empALeader.id;
  ids.unitLeaderAccount = unitLeader.id;

  mark('committees and the expert library');
  // ---- committees and the expert library ----
  const cityActor = await actorFor(city.admin);
  const committee = await inTransaction((t) =>
    createCommittee(cityActor, { code: unique('SC'), name: '安全测试卫生高级评审委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: unit.org.id, levels: ['zhenggao', 'fugao'], specialties: ['neike', 'waike', 'erke'] }, t),
  );
  const otherCommittee = await inTransaction((t) =>
    createCommittee(cityActor, { code: unique('SC'), name: '另一卫生高级评审委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: otherUnit.org.id, levels: ['zhenggao', 'fugao'], specialties: ['neike'] }, t),
  );
  ids.committee = committee.id;
  ids.otherCommittee = otherCommittee.id;
  const unitActor = await actorFor(unit.admin);
  const library: Expert[] = await inTransaction(async (t) => {
    const out: Expert[] = [];
    for (let i = 0; i < 34; i++) {
      const input = { idNumber: newIdNumber('1970-01-01'), name: `专家${unique('')}`.slice(0, 10), employerOrgId: city.org.id, specialties: [i === 20 || i === 21 ? 'erke' : 'neike'] };
      out.push((await addExpertToLibrary(unitActor, committee.id, input, t)).expert);
    }
    return out;
  });
  const filing = await inTransaction((t) => fileLibraryChange(unitActor, committee.id, { items: library.map((e) => ({ expertId: e.id, action: 'add' as const })) }, t));
  await inTransaction(async (t) => decideFiling(cityActor, filing.id, true, null, t));
  for (const e of library) await withKnownPassword((await Account.findByPk(e.accountId))!);
  const acct = async (e: Expert) => (await Account.findByPk(e.accountId))!;
  // Roles in the running meeting (group 1): chair, member, recused, group leader; group 2: three others.
  const [eChair, eMember, eRecused, eLeader, eG2a, eG2b, eG2Leader, eExtra, eOut] = library;
  const decidedExperts = library.slice(9, 14);
  const pubExperts = library.slice(14, 17);
  const setupExperts = library.slice(17, 20);
  set('chair', await acct(eChair));
  set('member', await acct(eMember));
  set('recused', await acct(eRecused));
  set('groupLeader', await acct(eLeader));
  set('expertOut', await acct(eOut));
  ids.expertOut = eOut.id;
  ids.expertMember = eMember.id;
  ids.expertChair = eChair.id;
  ids.expertSpare = setupExperts[2].id;

  mark('declarations');
  // ---- declarations ----
  const series = 'weisheng';
  const q = (await TitleQualification.findOne({ where: { level: 'fugao', name: '副主任医师' } }))!;
  const neike = (await TitleSpecialty.findOne({ where: { seriesId: q.seriesId, code: 'neike' } }))!;
  ids.qualification = q.id;
  ids.series = q.seriesId;
  const applicant = async (org: BuiltOrg, name = `申报人${unique('')}`.slice(0, 10)) => buildAccount(org, { role: 'applicant', name, year });
  const decl = async (person: Account, org: BuiltOrg, fields: Partial<Declaration> = {}) =>
    Declaration.create({
      year,
      applicantAccountId: person.id,
      idNumber: person.idNumber!,
      applicantName: person.name,
      orgId: org.org.id,
      seriesCode: series,
      level: 'fugao',
      qualificationId: q.id,
      specialtyId: neike.id,
      route: 'review',
      declType: 'normal',
      status: 'ready_for_meeting',
      committeeId: committee.id,
      path: [org.org.id, city.org.id, province.org.id],
      ...fields,
    } as never);
  const tokenOf = async (a: Account) => (await login(a.username, TEST_PASSWORD)).accessToken;

  // Applicant A: a filled-in draft (submittable). Applicant B: submitted, at employer A's handler.
  const accA = await applicant(empA);
  set('applicantA', accA);
  const accB = await applicant(empA);
  set('applicantB', accB);
  const tA = await tokenOf(accA);
  const tB = await tokenOf(accB);
  const create = async (token: string) =>
    must(await api(token).post('/declarations', { year, seriesCode: series, level: 'fugao', qualificationId: q.id, specialtyId: neike.id, route: 'review', declType: 'normal' }), 'create declaration').body.id as number;
  ids.declDraft = await create(tA);
  await fillDeclaration(tA, ids.declDraft, WEISHENG_REQUIRED);
  ids.declB = await create(tB);
  await fillDeclaration(tB, ids.declB, WEISHENG_REQUIRED);
  must(await api(tB).post(`/declarations/${ids.declB}/submit`), 'submit B');
  const fileOf = async (declarationId: number) => (await StoredFile.findOne({ where: { declarationId }, order: [['id', 'ASC']] }))!.id;
  ids.fileDraft = await fileOf(ids.declDraft);
  ids.fileB = await fileOf(ids.declB);
  // A file only the draft's owner may delete (the other is referenced by sections).
  ids.fileDraftSpare = must(await api(tA).post(`/declarations/${ids.declDraft}/files`, pdfUpload({ section: 'otherCertificates' })), 'spare file').body.id;
  // Another submitted declaration at employer A's handler (acted on), two more for a batch.
  const submitted = async () => {
    const p = await applicant(empA);
    const t = await tokenOf(p);
    const id = await create(t);
    await fillDeclaration(t, id, WEISHENG_REQUIRED);
    must(await api(t).post(`/declarations/${id}/submit`), 'submit');
    return id;
  };
  ids.declAtHandler = await submitted();
  ids.declBatch = await submitted();
  // Positions further up, written directly: waiting for publicity, for recommendation, at the unit's
  // material receipt, at the policy first check, and at the city office's handler.
  ids.declPublicity = (await decl(await applicant(empA), empA, { status: 'awaiting_publicity', step: 'publicity', currentOrgId: empA.org.id, committeeId: null, submittedAt: new Date() })).id;
  ids.declRecommend = (await decl(await applicant(empA), empA, { status: 'awaiting_recommendation', step: 'recommend', currentOrgId: empA.org.id, committeeId: null, submittedAt: new Date() })).id;
  ids.declCity = (await decl(await applicant(empA), empA, { status: 'under_review', step: 'handler', currentOrgId: city.org.id, committeeId: null, submittedAt: new Date() })).id;
  ids.declReceive = (await decl(await applicant(empA), empA, { status: 'assigned', step: 'receive', currentOrgId: unit.org.id, submittedAt: new Date() })).id;
  ids.declPolicy = (await decl(await applicant(empA), empA, { status: 'policy_review', step: 'policy_first', currentOrgId: unit.org.id, submittedAt: new Date() })).id;
  ids.declEmpB = (await decl(await applicant(empB), empB, { status: 'under_review', step: 'handler', currentOrgId: empB.org.id, committeeId: null, submittedAt: new Date(), path: [empB.org.id, city.org.id, province.org.id] })).id;
  ids.declAssign = (await decl(await applicant(empA), empA, { status: 'awaiting_assignment', step: 'assign', currentOrgId: province.org.id, committeeId: null, submittedAt: new Date() })).id;

  mark('the running meeting L');
  // ---- the running meeting L: group 1 reviewed, confirmed and voting; group 2 under review ----
  const meetDecls = [];
  for (let i = 0; i < 4; i++) {
    const org = i % 2 === 0 ? empA : empB;
    meetDecls.push(await decl(await applicant(org), org));
  }
  const L = await modelMeeting({
    name: `安全测试评审会议${unique('')}`,
    status: 'running',
    committeeId: committee.id,
    ownerOrgId: unit.org.id,
    groups: [
      { experts: [eChair, eMember, eRecused, eLeader], leader: eLeader },
      { experts: [eG2a, eG2b, eG2Leader], leader: eG2Leader },
    ],
    chair: eChair,
    extraMembers: [eExtra],
    applicants: [
      { group: 0, decl: meetDecls[0] },
      { group: 0, decl: meetDecls[1] },
      { group: 1, decl: meetDecls[2] },
      { group: 1, decl: meetDecls[3] },
    ],
  });
  ids.live = L.meeting.id;
  ids.liveG1 = L.groups[0].id;
  ids.liveG2 = L.groups[1].id;
  ids.liveA1 = L.applicants[0].id; // the recused expert's conflict
  ids.liveA2 = L.applicants[1].id;
  ids.liveA3 = L.applicants[2].id;
  ids.liveDecl1 = meetDecls[0].id;
  ids.meMember = L.byExpert.get(eMember.id)!.id;
  ids.meChair = L.byExpert.get(eChair.id)!.id;
  ids.meLeader = L.byExpert.get(eLeader.id)!.id;
  ids.meRecused = L.byExpert.get(eRecused.id)!.id;
  ids.meG2a = L.byExpert.get(eG2a.id)!.id;
  await Recusal.create({ meetingId: L.meeting.id, expertId: eRecused.id, meetingApplicantId: L.applicants[0].id, reason: 'declared' });
  const staffToken = await tokenOf(slots.unitStaff.account!);
  for (const me of L.experts) must(await api(staffToken).post(`/meetings/${L.meeting.id}/attendance`, { meetingExpertId: me.id, present: true }), 'sign in');
  const liveTokens = new Map<number, string>();
  for (const a of L.accounts) liveTokens.set(a.id, await tokenOf(a));
  // Group 1 reviewed with a fixed distribution: A1 member (main) + chair; A2 member (main) + leader.
  const g1 = (path: string, body?: unknown) => api(liveTokens.get(slots.groupLeader.account!.id)!).post(path, body);
  must(
    await g1(`/groups/${L.groups[0].id}/distribution`, {
      items: [
        { meetingApplicantId: L.applicants[0].id, reviewers: [{ meetingExpertId: ids.meMember, role: 'main' }, { meetingExpertId: ids.meChair, role: 'secondary' }] },
        { meetingApplicantId: L.applicants[1].id, reviewers: [{ meetingExpertId: ids.meMember, role: 'main' }, { meetingExpertId: ids.meLeader, role: 'secondary' }] },
      ],
    }),
    'distribute g1',
  );
  must(await g1(`/groups/${L.groups[0].id}/start-review`), 'start g1');
  const tokenOfMe = (meId: number) => liveTokens.get(L.accounts[L.experts.findIndex((e) => e.id === meId)].id)!;
  for (const a of await Assignment.findAll({ where: { meetingApplicantId: [L.applicants[0].id, L.applicants[1].id] }, order: [['role', 'ASC']] })) {
    const body =
      a.role === 'main'
        ? { scores: { ethics: 18, ability: 35, results: 30 }, opinions: { academic: '学术水平较高。', overall: '同意推荐。' } }
        : { opinions: { overall: '同意主审意见。' }, verdict: 'confirm' };
    must(await api(tokenOfMe(a.meetingExpertId)).post(`/assignments/${a.id}/finish`, body), 'finish review');
  }
  must(await g1(`/groups/${L.groups[0].id}/confirm`), 'leader confirm g1');
  must(await api(liveTokens.get(slots.chair.account!.id)!).post(`/groups/${L.groups[0].id}/chair-confirm`), 'chair confirm g1');
  const leader2 = liveTokens.get(L.leaders[1].account.id)!;
  must(await api(leader2).post(`/groups/${L.groups[1].id}/distribution/all`, { perApplicant: 2 }), 'distribute g2');
  must(await api(leader2).post(`/groups/${L.groups[1].id}/start-review`), 'start g2');
  ids.asgMember = (await Assignment.findOne({ where: { meetingApplicantId: L.applicants[0].id, meetingExpertId: ids.meMember } }))!.id;
  const g2Assignments = await Assignment.findAll({ where: { meetingApplicantId: [L.applicants[2].id, L.applicants[3].id] } });
  ids.asgG2 = g2Assignments.find((a) => a.meetingExpertId === ids.meG2a)?.id ?? g2Assignments[0].id;
  const leaderToken = liveTokens.get(L.leaders[0].account.id)!;
  ids.liveRound = must(await api(leaderToken).post(`/meetings/${L.meeting.id}/rounds`, { kind: 'group', groupId: L.groups[0].id }), 'open group round').body.id;
  // The chair votes now so a ballot exists; the member, recused expert and leader vote in the matrix.
  must(
    await api(liveTokens.get(L.chair.account.id)!).post(`/rounds/${ids.liveRound}/ballots`, {
      idempotencyKey: crypto.randomUUID(),
      choices: [L.applicants[0], L.applicants[1]].map((a) => ({ meetingApplicantId: a.id, choice: 'yes' })),
    }),
    'chair ballot',
  );

  mark('the setup meeting S (through the API, as');
  // ---- the setup meeting S (through the API, as the unit would) ----
  const unitToken = await tokenOf(unit.admin);
  const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  ids.setup = must(
    await api(unitToken).post('/meetings', { name: `筹备中的评审会议${unique('')}`, startsAt: hours(240), endsAt: hours(264), committeeIds: [committee.id], staffAccountIds: [slots.unitStaff.account!.id] }),
    'create setup meeting',
  ).body.id;
  const sApi = api(staffToken);
  ids.setupGroup = must(await sApi.post(`/meetings/${ids.setup}/groups`, { name: '内科组', specialties: ['neike'] }), 'setup group').body.id;
  ids.setupGroup2 = must(await sApi.post(`/meetings/${ids.setup}/groups`, { name: '外科组', specialties: ['waike'] }), 'setup group 2').body.id;
  const sDecls = [await decl(await applicant(empA), empA), await decl(await applicant(empB), empB), await decl(await applicant(empA), empA)];
  ids.setupCandidate = sDecls[2].id;
  const placedApplicants = must(await sApi.post(`/meetings/${ids.setup}/applicants`, { declarationIds: [sDecls[0].id, sDecls[1].id], groupId: ids.setupGroup }), 'setup applicants').body.items;
  ids.setupA1 = placedApplicants[0].id;
  ids.setupA2 = placedApplicants[1].id;
  const placed = must(await sApi.post(`/meetings/${ids.setup}/experts`, { expertIds: [eChair.id, ...setupExperts.slice(0, 2).map((e) => e.id)], groupId: ids.setupGroup }), 'setup experts').body.items;
  ids.setupMeChair = placed.find((p: { expertId: number }) => p.expertId === eChair.id).id;
  ids.setupMe2 = placed.find((p: { expertId: number }) => p.expertId === setupExperts[0].id).id;
  ids.setupExpertB = setupExperts[1].id;
  ids.setupMe3 = placed.find((p: { expertId: number }) => p.expertId === setupExperts[1].id).id;
  must(await sApi.put(`/meetings/${ids.setup}/chairs`, { chairId: ids.setupMeChair, viceChairIds: [] }), 'setup chairs');
  ids.setupRecusal = (await inTransaction((t) => addRecusal(unitActor, ids.setup, { expertId: setupExperts[0].id, meetingApplicantId: ids.setupA2, reason: 'declared' }, t))).id;
  ids.setupDraw = must(await sApi.post(`/meetings/${ids.setup}/draws`, { groups: [{ groupId: ids.setupGroup2, needs: [{ specialty: 'erke', count: 1 }] }] }), 'draw').body.id;
  ids.setupEntrust = must(await sApi.post(`/meetings/${ids.setup}/entrustments`, { groupId: ids.setupGroup2, officeOrgId: city.org.id, needs: [{ specialty: 'neike', count: 1 }] }), 'entrust').body.id;
  ids.setupBlind = must(await sApi.post(`/meeting-applicants/${ids.setupA1}/blind-opinions`, pdfUpload({ reviewerCode: 'R1', conclusion: 'agree' })), 'blind opinion').body.id;
  ids.blindFile = (await BlindOpinion.findByPk(ids.setupBlind))!.fileId!;
  must(await sApi.put(`/meetings/${ids.setup}/plan`, { kind: 'normal', text: '评审方案' }), 'plan');
  must(await sApi.put(`/meetings/${ids.setup}/standard`, { criteria: STANDARD }), 'standard');

  mark('library records');
  // ---- library records: a pending expert and its filing, a recommendation, a commission, an import job ----
  const pending = must(
    await api(unitToken).post(`/committees/${committee.id}/experts`, { idNumber: newIdNumber('1960-01-01'), name: '待入库专家', employerOrgId: city.org.id, specialties: ['neike'] }),
    'pending expert',
  ).body;
  ids.pendingExpert = pending.entry.expertId;
  const pending2 = must(
    await api(unitToken).post(`/committees/${committee.id}/experts`, { idNumber: newIdNumber('1961-01-01'), name: '另一待入库', employerOrgId: city.org.id, specialties: ['neike'] }),
    'pending expert 2',
  ).body;
  ids.pendingExpert2 = pending2.entry.expertId;
  ids.libraryFiling = must(await api(unitToken).post(`/committees/${committee.id}/filings`, { items: [{ expertId: ids.pendingExpert, action: 'add' }] }), 'library filing').body.id;
  const empAToken = await tokenOf(empA.admin);
  ids.expertRec = must(
    await api(empAToken).post('/expert-recommendations', { committeeId: committee.id, idNumber: newIdNumber('1962-01-01'), name: '推荐专家', specialties: ['neike'] }),
    'recommendation',
  ).body.id;
  ids.commission = must(await api(empAToken).post(`/committees/${committee.id}/commissions`, { year: year + 1 }), 'commission').body.id;
  ids.importJob = (await ImportJob.create({ kind: 'experts', committeeId: committee.id, accountId: unit.admin.id, status: 'done' })).id;

  mark('the decided meeting D');
  // ---- the decided meeting D: reviewed, voted, confirmed, published, filed, certified ----
  const dDecls = [];
  const accCert = await applicant(empA);
  set('applicantCert', accCert);
  dDecls.push(await decl(accCert, empA));
  dDecls.push(await decl(await applicant(empB), empB));
  dDecls.push(await decl(await applicant(empA), empA));
  const D = await modelMeeting({
    name: `已表决的评审会议${unique('')}`,
    status: 'running',
    committeeId: committee.id,
    ownerOrgId: unit.org.id,
    groups: [{ experts: decidedExperts.slice(0, 3), leader: decidedExperts[2] }],
    chair: decidedExperts[0],
    viceChairs: [decidedExperts[1]],
    extraMembers: decidedExperts.slice(3),
    applicants: dDecls.map((d) => ({ group: 0, decl: d })),
    options: { requireGroupVote: false },
  });
  const decided = await decide(D, staffToken, tokenOf, (i, a) => (a.id === D.applicants[2].id && i > 0 ? 'no' : 'yes'));
  ids.decided = D.meeting.id;
  ids.decidedRound = decided.roundId;
  ids.decidedMa = D.applicants[0].id;
  ids.declCert = dDecls[0].id;
  const pub = must(await api(staffToken).post(`/meetings/${D.meeting.id}/results/publish`, {}), 'publish D').body;
  ids.decidedPublicity = pub.id;
  await endPublicity(pub.id);
  must(await api(staffToken).post(`/result-publicities/${pub.id}/complete`, {}), 'complete D');
  const rf = must(await api(staffToken).post(`/meetings/${D.meeting.id}/filing`, { note: '按期完成公示' }), 'create filing').body;
  ids.resultFiling = rf.id;
  for (const kind of FILING_ATTACHMENTS) must(await api(staffToken).post(`/filings/${rf.id}/files/${kind}`, pdfForm(await samplePdf(kind), `${kind}.pdf`)), `attach ${kind}`);
  must(await api(staffToken).post(`/filings/${rf.id}/submit`), 'submit filing');
  const cityToken = await tokenOf(city.admin);
  must(await api(cityToken).post(`/filings/${rf.id}/review`, { decision: 'pass', filingNumber: `冀职备〔2026〕${crypto.randomInt(1e6)}号`, filedOn: chinaToday(), opinion: '同意备案' }), 'pass filing');
  strs.issuingCode = String(crypto.randomInt(10_000_000, 99_999_999));
  const iu = must(await api(cityToken).post('/issuing-units', { code: strs.issuingCode, name: `${city.org.name}发证` }), 'issuing unit').body;
  ids.issuingUnit = iu.id;
  const thisYear = Number(chinaToday().slice(0, 4));
  must(await api(cityToken).post(`/issuing-units/${iu.id}/ranges`, { year: thisYear, startSerial: 1, endSerial: 100 }), 'range');
  ids.range = (await CertificateRange.findOne({ where: { issuingUnitId: iu.id } }))!.id;
  must(await api(cityToken).post(`/issuing-units/${iu.id}/ranges`, { year: thisYear + 3, startSerial: 1, endSerial: 10 }), 'spare range');
  ids.spareRange = (await CertificateRange.findOne({ where: { issuingUnitId: iu.id, year: thisYear + 3 } }))!.id;
  const certs = must(await api(cityToken).post('/certificates/issue', { filingId: rf.id, issuingUnitId: iu.id, declarationIds: [ids.declCert] }), 'issue').body.items;
  ids.certificate = certs[0].id;
  ids.filingFile = (await Filing.findByPk(rf.id))!.noticeFileId!;
  strs.certificateCode = (await Certificate.findByPk(ids.certificate))!.verifyCode;
  // A second issuing unit for the matrix to cancel.
  ids.issuingUnit2 = must(await api(cityToken).post('/issuing-units', { code: String(crypto.randomInt(10_000_000, 99_999_999)), name: '待撤销发证单位' }), 'issuing unit 2').body.id;

  mark('the meeting P whose result publicity run');
  // ---- the meeting P whose result publicity runs now: reports, appeals ----
  const accPub = await applicant(empA);
  set('applicantPub', accPub);
  const pDecls = [await decl(accPub, empA), await decl(await applicant(empB), empB)];
  const P = await modelMeeting({
    name: `结果公示中的评审会议${unique('')}`,
    status: 'running',
    committeeId: committee.id,
    ownerOrgId: unit.org.id,
    groups: [{ experts: pubExperts, leader: pubExperts[2] }],
    chair: pubExperts[0],
    applicants: pDecls.map((d) => ({ group: 0, decl: d })),
    options: { requireGroupVote: false },
  });
  await decide(P, staffToken, tokenOf, () => 'yes');
  ids.published = P.meeting.id;
  ids.publishedMa = P.applicants[0].id;
  ids.declPub = pDecls[0].id;
  ids.declPub2 = pDecls[1].id;
  const pp = must(await api(staffToken).post(`/meetings/${P.meeting.id}/results/publish`, {}), 'publish P').body;
  ids.runningPublicity = pp.id;
  const items = await ResultItem.findAll({ where: { publicityId: pp.id }, order: [['id', 'ASC']] });
  ids.resultItem = items.find((i) => i.declarationId === ids.declPub)!.id;
  ids.resultItem2 = items.find((i) => i.declarationId === ids.declPub2)!.id;
  ids.resultReport = (await ResultReport.create({ publicityId: pp.id, itemId: ids.resultItem2, reporterName: null, contact: null, content: '测试举报内容' })).id;
  const tPub = await tokenOf(accPub);
  ids.appeal = must(await api(tPub).post('/appeals', { declarationId: ids.declPub, kind: 'recheck', content: '请求复查' }), 'appeal').body.id;

  mark('around the review');
  // ---- around the review: unit publicity, recommendation, plans, transfer, opinions, blacklist ----
  const empAHandlerToken = await tokenOf(slots.empAHandler.account!);
  const now = Date.now();
  ids.declPublicityListed = (await decl(await applicant(empA), empA, { status: 'awaiting_publicity', step: 'publicity', currentOrgId: empA.org.id, committeeId: null, submittedAt: new Date() })).id;
  ids.unitPublicity = must(
    await api(empAHandlerToken).post('/publicities', {
      kind: 'unit',
      title: '职称申报公示',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 5 * 86400_000).toISOString(),
      declarationIds: [ids.declPublicityListed],
    }),
    'unit publicity',
  ).body.id;
  const recoDecl = (await decl(await applicant(empA), empA, { status: 'awaiting_recommendation', step: 'recommend', currentOrgId: empA.org.id, committeeId: null, submittedAt: new Date() })).id;
  ids.recommendation = must(
    await api(empAHandlerToken).post('/recommendations', { declarationIds: [recoDecl], handlerName: '王经办', handlerPhone: '0311-1234567', opinion: '同意推荐' }),
    'recommendation',
  ).body.id;
  ids.recommendationFile = must(await api(empAHandlerToken).post('/recommendations/files', pdfUpload()), 'recommendation file').body.id;
  const planA = must(await api(empAToken).post('/plans', { year, seriesCode: series, level: 'fugao', quota: 50 }), 'plan').body;
  ids.planDraft = planA.id;
  const planB = must(await api(empAToken).post('/plans', { year, seriesCode: series, level: 'zhenggao', quota: 10 }), 'plan 2').body;
  must(await api(empAToken).post(`/plans/${planB.id}/submit`), 'submit plan');
  ids.planSubmitted = planB.id;
  // A transfer: employer B asks for an applicant of employer A.
  const mover = await applicant(empA);
  const empBToken = await tokenOf(empB.admin);
  ids.transfer = must(await api(empBToken).post('/transfers', { idNumber: mover.idNumber!, year }), 'transfer').body.id;
  strs.transferIdNumber = (await applicant(empA)).idNumber!;
  ids.opinionEmpAHandler = (await CommonOpinion.create({ accountId: slots.empAHandler.account!.id, text: '同意' })).id;
  ids.blacklistEntry = (
    await BlacklistEntry.create({ idNumber: newIdNumber(), name: '测试', declarationId: null, orgId: city.org.id, years: 1, startsAt: new Date(), endsAt: new Date(now + 864e5 * 365), reason: '测试', createdById: null, publicNotice: true })
  ).id;
  ids.blacklistEntry2 = (
    await BlacklistEntry.create({ idNumber: newIdNumber(), name: '测试二', declarationId: null, orgId: city.org.id, years: 1, startsAt: new Date(), endsAt: new Date(now + 864e5 * 365), reason: '测试', createdById: null })
  ).id;
  strs.blacklistIdNumber = newIdNumber();
  // Both security files build a world in one run: pick a day neither has taken.
  let day: string;
  do day = new Date(Date.UTC(2032, 0, 1) + crypto.randomInt(0, 366) * 864e5).toISOString().slice(0, 10);
  while (await CalendarDay.count({ where: { day } }));
  ids.calendarDay = (await CalendarDay.create({ day, kind: 'holiday', name: '测试' })).id;

  mark('organisations in motion');
  // ---- organisations in motion: one waiting for approval, one asking to move to city2 ----
  const rootActor = await actorFor(await rootAdmin());
  void rootActor;
  const pendingOrg = await inTransaction((t) => createOrg(cityActor, { parentId: city.org.id, name: `待审核单位${unique('')}`, kind: 'employer', category: 'hospital', adminUsername: unique('adm') }, t));
  await withKnownPassword(pendingOrg.admin);
  await inTransaction(async (t) => submitOrgProfile(await actorFor(pendingOrg.admin), pendingOrg.org.id, { contactName: '测试' }, undefined, t));
  ids.orgPending = pendingOrg.org.id;
  const movingOrg = await buildOrg({ parent: city, kind: 'employer', category: 'hospital' });
  must(await api(await tokenOf(movingOrg.admin)).post(`/orgs/${movingOrg.org.id}/move`, { newParentId: city2.org.id }), 'request move');
  ids.orgMoving = movingOrg.org.id;


  mark('throwaways the matrix may change or dele');
  // ---- throwaways the matrix may change or delete ----
  const provToken = await tokenOf(province.admin);
  const sec = unique('sec').toLowerCase();
  const throwSeries = must(await api(provToken).post('/catalogue/series', { code: sec, name: '安全测试系列', levels: ['zhongji', 'zhuli'] }), 'series').body;
  ids.seriesThrow = throwSeries.id;
  strs.seriesThrowCode = sec;
  ids.qualThrow = must(await api(provToken).post('/catalogue/qualifications', { seriesId: throwSeries.id, level: 'zhongji', name: '测试中级' }), 'qualification').body.id;
  ids.qualDel = must(await api(provToken).post('/catalogue/qualifications', { seriesId: throwSeries.id, level: 'zhongji', name: '待删中级' }), 'qualification 2').body.id;
  ids.specThrow = must(await api(provToken).post('/catalogue/specialties', { seriesId: throwSeries.id, code: 'sa', name: '测试专业' }), 'specialty').body.id;
  ids.specDel = must(await api(provToken).post('/catalogue/specialties', { seriesId: throwSeries.id, code: 'sb', name: '待删专业' }), 'specialty 2').body.id;
  ids.pathThrow = must(await api(provToken).post('/review-paths', { seriesCode: sec, level: 'zhongji', route: 'review', endsAt: 'city' }), 'review path').body.id;
  ids.pathDel = must(await api(provToken).post('/review-paths', { seriesCode: sec, level: 'zhuli', route: 'review', endsAt: 'city' }), 'review path 2').body.id;
  ids.committeeThrow = (
    await inTransaction((t) => createCommittee(cityActor, { code: unique('SC'), name: '待注销评审委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: otherUnit.org.id, levels: ['fugao'] }, t))
  ).id;
  ids.commission2 = must(await api(empAToken).post(`/committees/${committee.id}/commissions`, { year: year + 2 }), 'commission 2').body.id;
  ids.setupEntrust2 = must(await sApi.post(`/meetings/${ids.setup}/entrustments`, { groupId: ids.setupGroup, officeOrgId: city.org.id, needs: [{ specialty: 'neike', count: 1 }] }), 'entrust 2').body.id;
  ids.setupGroupDel = must(await sApi.post(`/meetings/${ids.setup}/groups`, { name: '待删组' }), 'group to delete').body.id;
  ids.setupMeDel = must(await sApi.post(`/meetings/${ids.setup}/experts`, { expertIds: [setupExperts[2].id] }), 'expert to remove').body.items[0].id;
  ids.expertSpare = library[20].id; // an erke expert not in the setup meeting
  const extraDecl = await decl(await applicant(empA), empA);
  ids.setupADel = must(await sApi.post(`/meetings/${ids.setup}/applicants`, { declarationIds: [extraDecl.id] }), 'applicant to remove').body.items[0].id;
  ids.setupDelete = must(
    await api(unitToken).post('/meetings', { name: `待删除的评审会议${unique('')}`, startsAt: hours(300), endsAt: hours(320), committeeIds: [committee.id] }),
    'meeting to delete',
  ).body.id;
  ids.setupRecusalOrdered = (await inTransaction(async (t) => addRecusal(await actorFor(city.admin), ids.setup, { expertId: setupExperts[1].id, meetingApplicantId: ids.setupA1, reason: 'ordered' }, t))).id;
  // The expert outside the meeting has submitted a profile: it waits at the city office (its employer).
  const outToken = await tokenOf(slots.expertOut.account!);
  must(await api(outToken).put('/me/expert-profile', { profile: { education: [{ school: '河北医科大学', major: '临床医学', degree: '博士', from: '1990-09', to: '1995-07' }] } }), 'profile');
  must(await api(outToken).post('/me/expert-profile/submit'), 'submit profile');
  // A file of a declaration in the running meeting, for the experts' material route.
  const content = await writeContent(PDF);
  ids.liveFile = (
    await StoredFile.create({ sha256: content, mime: 'application/pdf', size: PDF.length, originalName: '材料.pdf', declarationId: meetDecls[0].id, purpose: 'baseMaterials', uploadedById: meetDecls[0].applicantAccountId })
  ).id;

  // An account only the anonymous caller signs in with.
  strs.spareUsername = (await buildAccount(empB, { role: 'staff', staffKind: 'handler' })).username;

  mark('sessions');
  // ---- sessions ----
  const extraAccount = (await Account.findByPk(eExtra.accountId))!;
  await withKnownPassword(extraAccount, true);
  const extraSession = await login(extraAccount.username, TEST_PASSWORD);
  const mustChangeExpert: ActorSlot = { account: extraAccount, token: extraSession.accessToken, refresh: extraSession.refreshToken };
  for (const key of ACTORS) {
    if (!slots[key].account) continue;
    const session = await login(slots[key].account!.username, TEST_PASSWORD);
    slots[key].token = session.accessToken;
    slots[key].refresh = session.refreshToken;
  }

  mark('factories for rows whose allowed actors ');
  // ---- factories for rows whose allowed actors each need a resource of their own ----
  const spareExperts = library.slice(22);
  let planYear = year + 10;
  let calendarSerial = 0;
  let rangeYear = thisYear + 20;
  const cityHandlerActor = await actorFor(slots.cityHandler.account!);
  const newSetupMeeting = async () => {
    const id = must(
      await api(unitToken).post('/meetings', { name: `方案审核用会议${unique('')}`, startsAt: hours(500), endsAt: hours(520), committeeIds: [committee.id] }),
      'plan meeting',
    ).body.id as number;
    must(await api(unitToken).put(`/meetings/${id}/plan`, { kind: 'normal', text: '评审方案' }), 'plan');
    must(await api(unitToken).post(`/meetings/${id}/plan/submit`), 'submit plan');
    return id;
  };
  const make: World['make'] = {
    async submittedPlan() {
      planYear += 1;
      const p = must(await api(empAToken).post('/plans', { year: planYear, seriesCode: series, level: 'fugao', quota: 5 }), 'plan').body;
      must(await api(empAToken).post(`/plans/${p.id}/submit`), 'submit plan');
      return p.id;
    },
    async submittedProfile() {
      const e = await inTransaction(async (t) =>
        (await addExpertToLibrary(unitActor, committee.id, { idNumber: newIdNumber('1971-01-01'), name: `专家${unique('')}`.slice(0, 10), employerOrgId: city.org.id, specialties: ['neike'] }, t)).expert,
      );
      const token = await tokenOf(await withKnownPassword((await Account.findByPk(e.accountId))!));
      must(await api(token).put('/me/expert-profile', { profile: { work: [{ employer: '测试医院' }] } }), 'profile');
      must(await api(token).post('/me/expert-profile/submit'), 'submit profile');
      return e.id;
    },
    planAtHandler: newSetupMeeting,
    async planAtOffice() {
      const id = await newSetupMeeting();
      must(await api(unitToken).post(`/meetings/${id}/plan/review`, { approve: true }), 'handler approves plan');
      return id;
    },
    async setupGroup() {
      return must(await sApi.post(`/meetings/${ids.setup}/groups`, { name: unique('组') }), 'group').body.id;
    },
    async setupMeetingExpert() {
      // The spares not placed yet (a draw or an entrusted draw may have taken some meanwhile).
      const placed = new Set((await MeetingExpert.findAll({ where: { meetingId: ids.setup }, attributes: ['expertId'] })).map((m) => m.expertId));
      const e = spareExperts.find((x) => !placed.has(x.id));
      if (!e) throw new Error('world: no spare library expert left');
      spareExperts.splice(spareExperts.indexOf(e), 1);
      return must(await sApi.post(`/meetings/${ids.setup}/experts`, { expertIds: [e.id] }), 'place expert').body.items[0].id;
    },
    async setupApplicant() {
      const d = await decl(await applicant(empA), empA);
      return must(await sApi.post(`/meetings/${ids.setup}/applicants`, { declarationIds: [d.id] }), 'add applicant').body.items[0].id;
    },
    async declaredRecusal() {
      const ma = await make.setupApplicant();
      return (await inTransaction((t) => addRecusal(unitActor, ids.setup, { expertId: ids.setupExpertB, meetingApplicantId: ma, reason: 'declared' }, t))).id;
    },
    async orderedRecusal() {
      const ma = await make.setupApplicant();
      return (await inTransaction((t) => addRecusal(cityHandlerActor, ids.setup, { expertId: ids.setupExpertB, meetingApplicantId: ma, reason: 'ordered' }, t))).id;
    },
    async blindOpinion() {
      return must(await sApi.post(`/meeting-applicants/${ids.setupA1}/blind-opinions`, pdfUpload({ reviewerCode: unique('R'), conclusion: 'agree' })), 'blind opinion').body.id;
    },
    async calendarDay() {
      calendarSerial += 1;
      const day = `2034-${String(1 + (Math.floor(calendarSerial / 28) % 12)).padStart(2, '0')}-${String(1 + (calendarSerial % 28)).padStart(2, '0')}`;
      return (await CalendarDay.create({ day, kind: 'holiday', name: '测试' })).id;
    },
    async spareRange() {
      rangeYear += 1;
      must(await api(cityToken).post(`/issuing-units/${ids.issuingUnit}/ranges`, { year: rangeYear, startSerial: 1, endSerial: 10 }), 'range');
      return (await CertificateRange.findOne({ where: { issuingUnitId: ids.issuingUnit, year: rangeYear } }))!.id;
    },
  };

  mark('end');
  if (process.env.SEC_TIMING) console.log(`      world built in ${Date.now() - t0} ms: ${marks.join('; ')}`);
  const world: World = {
    mustChangeExpert,
    make,
    ids,
    strs,
    actors: slots,
    orgs,
    async relogin(key) {
      const slot = slots[key];
      if (!slot.account) throw new Error('anon has no session');
      const a = (await Account.findByPk(slot.account.id))!;
      a.lockedAt = null;
      a.failedLogins = 0;
      a.disabledAt = null;
      await withKnownPassword(a);
      slot.account = a;
      const session = await login(a.username, TEST_PASSWORD);
      slot.token = session.accessToken;
      slot.refresh = session.refreshToken;
      return slot.token;
    },
    throwawayAccount: () => buildAccount(empA, { role: 'applicant', name: '一次性账号' }),
    throwawayOrg: () => buildOrg({ parent: city, kind: 'employer', category: 'hospital' }),
  };

  void VoteRound;
  void Organisation;
  return world;
}

/** Signs everyone in, reviews the group, runs and confirms the committee vote (as decidedMeeting does). */
async function decide(m: BuiltMeeting, staffToken: string, tokenOf: (a: Account) => Promise<string>, choice: (i: number, a: MeetingApplicant) => 'yes' | 'no') {
  for (const me of m.experts) must(await api(staffToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: me.id, present: true }), 'sign in');
  const tokens = new Map<number, string>();
  for (const a of m.accounts) tokens.set(a.id, await tokenOf(a));
  await reviewGroup(m, 0, tokens);
  const chairToken = tokens.get(m.chair.account.id)!;
  const round = must(await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' }), 'open committee round').body;
  for (let i = 0; i < m.experts.length; i++) {
    must(
      await api(tokens.get(m.accounts[i].id)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: crypto.randomUUID(),
        choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: choice(i, a) })),
      }),
      'ballot',
    );
  }
  must(await api(chairToken).post(`/rounds/${round.id}/close`), 'close round');
  must(await api(chairToken).post(`/rounds/${round.id}/confirm`), 'confirm round');
  return { roundId: round.id as number };
}
