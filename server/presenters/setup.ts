import type {
  BlindOpinion,
  Committee,
  CommitteeCommission,
  CommitteeExpert,
  CommitteeFeeItem,
  CommitteeFoundingUnit,
  DrawEntrustment,
  Expert,
  ExpertRecommendation,
  ImportJob,
  LibraryFiling,
  LibraryFilingItem,
  Meeting,
  MeetingApplicant,
  MeetingExpert,
  MeetingSetupLog,
  Organisation,
  Recusal,
  ReviewGroup,
} from '../../models';
import { COMMITTEE_TYPE_LABELS, LEVEL_LABELS } from '../domain/titles';

/** What each setup screen gets; ID numbers only on the library's own lists (the route decides). */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentCommittee(c: Committee, owner?: Organisation | null) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    seriesCode: c.seriesCode,
    type: c.type,
    typeLabel: COMMITTEE_TYPE_LABELS[c.type],
    ownerOrgId: c.ownerOrgId,
    ownerOrgName: owner?.name ?? null,
    levels: c.levels,
    specialties: c.specialties,
    status: c.status,
    statusReason: c.statusReason ?? null,
    materialDeadline: iso(c.materialDeadline),
    /** After the deadline, materials not yet received count as not passed (seed 002 评委会截止时间). */
    materialDeadlinePassed: !!c.materialDeadline && c.materialDeadline.getTime() < Date.now(),
    validFrom: iso(c.validFrom),
    validUntil: iso(c.validUntil),
    note: c.note ?? null,
  };
}

export const presentFoundingUnit = (u: CommitteeFoundingUnit) => ({ id: u.id, orgId: u.orgId, name: u.name, creditCode: u.creditCode });
export const presentFeeItem = (f: CommitteeFeeItem) => ({ id: f.id, item: f.item, amount: f.amountFen / 100, amountFen: f.amountFen, note: f.note });

export const presentCommission = (m: CommitteeCommission, names: { committee?: string; org?: string } = {}) => ({
  id: m.id,
  committeeId: m.committeeId,
  committeeName: names.committee ?? null,
  orgId: m.orgId,
  orgName: names.org ?? null,
  year: m.year,
  status: m.status,
  note: m.note,
  opinion: m.opinion ?? null,
  decidedAt: iso(m.decidedAt),
  createdAt: m.createdAt.toISOString(),
});

export function presentExpert(e: Expert) {
  return {
    id: e.id,
    accountId: e.accountId,
    name: e.name,
    idNumber: e.idNumber,
    employerOrgId: e.employerOrgId,
    employerName: e.employerName ?? null,
    seriesCode: e.seriesCode ?? null,
    specialties: e.specialties,
    titleLevel: e.titleLevel ?? null,
    titleLevelLabel: e.titleLevel ? (LEVEL_LABELS[e.titleLevel as keyof typeof LEVEL_LABELS] ?? e.titleLevel) : null,
    titleName: e.titleName ?? null,
    phone: e.phone ?? null,
    profileStatus: e.profileStatus,
  };
}

export const presentLibraryEntry = (entry: CommitteeExpert, e: Expert) => ({
  ...presentExpert(e),
  expertId: e.id,
  libraryStatus: entry.status,
  addedVia: entry.addedVia,
  addedAt: entry.createdAt.toISOString(),
});

export const presentFiling = (f: LibraryFiling, items: LibraryFilingItem[], names: Map<number, string> = new Map()) => ({
  id: f.id,
  committeeId: f.committeeId,
  officeOrgId: f.officeOrgId,
  status: f.status,
  note: f.note,
  opinion: f.opinion ?? null,
  submittedAt: iso(f.submittedAt),
  decidedAt: iso(f.decidedAt),
  items: items.map((i) => ({ expertId: i.expertId, expertName: names.get(i.expertId) ?? null, action: i.action, reason: i.reason })),
});

export const presentRecommendation = (r: ExpertRecommendation, e?: Expert | null) => ({
  id: r.id,
  committeeId: r.committeeId,
  fromOrgId: r.fromOrgId,
  expertId: r.expertId,
  expertName: e?.name ?? null,
  specialties: e?.specialties ?? [],
  status: r.status,
  note: r.note,
  opinion: r.opinion ?? null,
  createdAt: r.createdAt.toISOString(),
});

export const presentJob = (j: ImportJob) => ({
  id: j.id,
  kind: j.kind,
  committeeId: j.committeeId,
  fileName: j.fileName,
  status: j.status,
  total: j.total,
  processed: j.processed,
  errorCount: j.errors?.length ?? 0,
  errors: (j.errors ?? []).slice(0, 1000),
  result: j.result ?? null,
  finishedAt: iso(j.finishedAt),
});

export const presentMeeting = (m: Meeting) => ({
  id: m.id,
  name: m.name,
  ownerOrgId: m.ownerOrgId,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  address: m.address ?? null,
  notes: m.notes ?? null,
  status: m.status,
  options: m.options,
  voteRules: m.voteRules,
  planKind: m.planKind,
  planText: m.planText ?? null,
  planStatus: m.planStatus,
  planOfficeOrgId: m.planOfficeOrgId ?? null,
  standard: m.standard,
  standardStatus: m.standardStatus,
});

export const presentGroup = (g: ReviewGroup, counts: { experts: number; applicants: number; leaderId: number | null }) => ({
  id: g.id,
  name: g.name,
  specialties: g.specialties,
  size: g.size,
  room: g.room ?? null,
  position: g.position,
  stage: g.stage,
  ...counts,
});

export const presentMeetingExpert = (me: MeetingExpert, e: Expert | undefined, login?: { username: string; expiresAt: string | null; disabled: boolean }) => ({
  id: me.id,
  expertId: me.expertId,
  name: e?.name ?? null,
  employerOrgId: e?.employerOrgId ?? null,
  employerName: e?.employerName ?? null,
  specialties: e?.specialties ?? [],
  titleName: e?.titleName ?? null,
  groupId: me.groupId ?? null,
  title: me.title,
  isGroupLeader: me.isGroupLeader,
  source: me.source,
  drawId: me.drawId ?? null,
  accountId: me.accountId,
  temporaryLogin: login ?? null,
});

export interface ApplicantDetails {
  name: string;
  orgName: string | null;
  seriesCode: string;
  level: string;
  qualification: string | null;
  specialty: string | null;
  specialtyCode: string | null;
}

export const presentApplicant = (a: MeetingApplicant, d: ApplicantDetails | undefined, recused: number) => ({
  id: a.id,
  declarationId: a.declarationId,
  blindCode: a.blindCode,
  groupId: a.groupId ?? null,
  employerOrgId: a.employerOrgId ?? null,
  stage: a.stage,
  result: a.result as 'pending' | 'passed' | 'failed',
  position: a.position,
  recusedExperts: recused,
  ...(d ?? { name: null, orgName: null, seriesCode: null, level: null, qualification: null, specialty: null, specialtyCode: null }),
});

export const presentRecusal = (r: Recusal) => ({
  id: r.id,
  expertId: r.expertId,
  meetingApplicantId: r.meetingApplicantId,
  reason: r.reason,
  note: r.note ?? null,
  createdAt: r.createdAt.toISOString(),
});

export const presentEntrustment = (e: DrawEntrustment) => ({
  id: e.id,
  meetingId: e.meetingId,
  groupId: e.groupId,
  officeOrgId: e.officeOrgId,
  needs: e.needs,
  status: e.status,
  note: e.note,
  drawId: e.drawId ?? null,
  doneAt: iso(e.doneAt),
});

export const presentBlindOpinion = (o: BlindOpinion) => ({
  id: o.id,
  meetingApplicantId: o.meetingApplicantId,
  reviewerCode: o.reviewerCode,
  conclusion: o.conclusion,
  score: o.score,
  fileId: o.fileId,
  note: o.note,
  createdAt: o.createdAt.toISOString(),
});

export const presentLog = (l: MeetingSetupLog) => ({
  id: l.id,
  subject: l.subject,
  action: l.action,
  actorName: l.actorName,
  opinion: l.opinion,
  createdAt: l.createdAt.toISOString(),
});
