import { Op } from 'sequelize';
import {
  Certificate,
  Declaration,
  Filing,
  IssuingUnit,
  Organisation,
  ResultAppeal,
  ResultItem,
  ResultPublicity,
  ResultReport,
  TitleQualification,
  TitleSeries,
  TitleSpecialty,
} from '../../models';
import { LEVEL_LABELS, type Level } from '../domain/titles';
import {
  APPEAL_KIND_LABELS,
  APPEAL_STATUS_LABELS,
  FILING_ATTACHMENTS,
  FILING_STATUS_LABELS,
  ITEM_OUTCOME_LABELS,
  REPORT_STATUS_LABELS,
  fileColumn,
  formatVerifyCode,
  maskName,
  type AppealKind,
  type AppealStatus,
  type FilingStatus,
  type ItemOutcome,
  type ReportStatus,
} from '../domain/after';
import { chinaToday } from '../domain/workingDays';

/**
 * What each reader of the after-meeting records sees. The public sees names, units and titles of
 * passed results only (no ID numbers, no failures, no votes); staff see the votes and reports.
 */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const levelName = (l: string) => LEVEL_LABELS[l as Level] ?? l;

export async function orgNameMap(ids: number[]) {
  const orgs = await Organisation.findAll({ where: { id: { [Op.in]: [...new Set(ids)] } }, attributes: ['id', 'name'] });
  return new Map(orgs.map((o) => [o.id, o.name]));
}

export function presentPublicity(p: ResultPublicity, orgName: string | null) {
  const today = chinaToday();
  return {
    id: p.id,
    meetingId: p.meetingId,
    org: { id: p.orgId, name: orgName ?? '' },
    year: p.year,
    title: p.title,
    content: p.content,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    workingDays: p.workingDays,
    status: p.status,
    running: p.status === 'open' && p.startsOn <= today && today <= p.endsOn,
    over: today > p.endsOn,
    completedAt: iso(p.completedAt),
  };
}

/** Items with the declaration's facts, for staff (withVotes) or for the public list. */
export async function presentItems(items: ResultItem[], opts: { staff: boolean }) {
  const decls = await Declaration.findAll({ where: { id: { [Op.in]: items.map((i) => i.declarationId) } } });
  const [orgs, quals, specs, series] = await Promise.all([
    orgNameMap(decls.map((d) => d.orgId)),
    TitleQualification.findAll({ where: { id: { [Op.in]: decls.map((d) => d.qualificationId) } }, attributes: ['id', 'name'] }),
    TitleSpecialty.findAll({ where: { id: { [Op.in]: decls.map((d) => d.specialtyId).filter((x): x is number => !!x) } }, attributes: ['id', 'name'] }),
    TitleSeries.findAll({ attributes: ['code', 'name'] }),
  ]);
  const reports = opts.staff ? await ResultReport.findAll({ where: { itemId: { [Op.in]: items.map((i) => i.id) } }, attributes: ['itemId', 'status'] }) : [];
  const certs = opts.staff ? await Certificate.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) } }, attributes: ['id', 'declarationId', 'number', 'status'] }) : [];
  return items.map((i) => {
    const d = decls.find((x) => x.id === i.declarationId)!;
    const base = {
      id: i.id,
      name: d.applicantName,
      employer: orgs.get(d.orgId) ?? null,
      seriesName: series.find((s) => s.code === d.seriesCode)?.name ?? d.seriesCode,
      level: d.level,
      levelName: levelName(d.level),
      qualification: quals.find((q) => q.id === d.qualificationId)?.name ?? null,
      specialty: d.specialtyId ? (specs.find((s) => s.id === d.specialtyId)?.name ?? null) : null,
    };
    if (!opts.staff) return { ...base, meetingApplicantId: null, declarationId: null, result: null, votes: null, outcome: null, outcomeName: null, outcomeNote: null, reports: null, certificate: null };
    const mine = reports.filter((r) => r.itemId === i.id);
    const cert = certs.filter((c) => c.declarationId === d.id).sort((a, b) => (a.status === 'valid' ? -1 : 1) - (b.status === 'valid' ? -1 : 1))[0];
    return {
      ...base,
      meetingApplicantId: i.meetingApplicantId,
      declarationId: d.id,
      result: i.result,
      votes: { members: i.members, eligible: i.eligible, yes: i.yes, no: i.no, abstain: i.abstain },
      outcome: i.outcome as ItemOutcome,
      outcomeName: ITEM_OUTCOME_LABELS[i.outcome as ItemOutcome],
      outcomeNote: i.outcomeNote ?? null,
      reports: { total: mine.length, open: mine.filter((r) => r.status === 'open').length, upheld: mine.filter((r) => r.status === 'upheld').length },
      certificate: cert ? { id: cert.id, number: cert.number, status: cert.status } : null,
    };
  });
}

export function presentReport(r: ResultReport, itemName: string | null) {
  return {
    id: r.id,
    itemId: r.itemId,
    itemName,
    reporterName: r.reporterName,
    contact: r.contact,
    content: r.content,
    status: r.status as ReportStatus,
    statusName: REPORT_STATUS_LABELS[r.status as ReportStatus],
    handlingOpinion: r.handlingOpinion ?? null,
    handledAt: iso(r.handledAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export function presentAppeal(a: ResultAppeal, extra: { name: string; meetingName: string | null; declarationId: number }) {
  return {
    id: a.id,
    itemId: a.itemId,
    declarationId: extra.declarationId,
    name: extra.name,
    meetingName: extra.meetingName,
    kind: a.kind as AppealKind,
    kindName: APPEAL_KIND_LABELS[a.kind as AppealKind],
    content: a.content,
    status: a.status as AppealStatus,
    statusName: APPEAL_STATUS_LABELS[a.status as AppealStatus],
    handlingOpinion: a.handlingOpinion ?? null,
    handledAt: iso(a.handledAt),
    createdAt: a.createdAt.toISOString(),
  };
}

export function presentFiling(f: Filing, names: Map<number, string>, meetingName: string | null, can: string[]) {
  return {
    id: f.id,
    meetingId: f.meetingId,
    meetingName,
    publicityId: f.publicityId,
    org: { id: f.orgId, name: names.get(f.orgId) ?? '' },
    office: { id: f.officeOrgId, name: names.get(f.officeOrgId) ?? '' },
    status: f.status as FilingStatus,
    statusName: FILING_STATUS_LABELS[f.status as FilingStatus],
    note: f.note ?? null,
    files: Object.fromEntries(FILING_ATTACHMENTS.map((k) => [k, (f.get(fileColumn(k)) as number | null) ?? null])) as Record<(typeof FILING_ATTACHMENTS)[number], number | null>,
    filingNumber: f.filingNumber ?? null,
    filedOn: f.filedOn ?? null,
    reviewOpinion: f.reviewOpinion ?? null,
    submittedAt: iso(f.submittedAt),
    reviewedAt: iso(f.reviewedAt),
    history: f.history,
    can,
  };
}

export function presentCertificate(c: Certificate, unit: IssuingUnit | null | undefined) {
  return {
    id: c.id,
    number: c.number,
    verifyCode: formatVerifyCode(c.verifyCode),
    status: c.status,
    source: c.source,
    name: c.name,
    idNumber: c.idNumber,
    employerName: c.employerName,
    seriesCode: c.seriesCode,
    seriesName: c.seriesName,
    level: c.level,
    levelName: levelName(c.level),
    qualificationName: c.qualificationName,
    specialtyName: c.specialtyName,
    committeeName: c.committeeName,
    filingNumber: c.filingNumber,
    approvedOn: c.approvedOn,
    issuedOn: c.issuedOn,
    year: c.year,
    issuingUnit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
    declarationId: c.declarationId,
    revokeReason: c.revokeReason ?? null,
    revokedAt: iso(c.revokedAt),
    reportedAt: iso(c.reportedAt),
    reportBatch: c.reportBatch ?? null,
  };
}

/** 证书核验: enough to match the paper to the person, nothing more (ID number masked). */
export function presentVerification(c: Certificate, unit: IssuingUnit | null) {
  return {
    status: c.status,
    number: c.number,
    name: c.name,
    maskedIdNumber: `${c.idNumber.slice(0, 4)}**********${c.idNumber.slice(14)}`,
    employerName: c.employerName,
    seriesName: c.seriesName,
    levelName: levelName(c.level),
    qualificationName: c.qualificationName,
    specialtyName: c.specialtyName,
    issuingUnit: unit?.name ?? null,
    issuedOn: c.issuedOn,
    revokedOn: c.revokedAt ? chinaToday(c.revokedAt) : null,
  };
}

export const noticeName = maskName;
