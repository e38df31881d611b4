import type { Declaration, FlowEntry } from '../../models';
import type { FlowEntryView } from '../../realtime/events';
import { LEVEL_LABELS, ROUTE_LABELS, STATUS_LABELS, DECLARATION_TYPE_LABELS, STEP_LABELS, type Step } from '../domain/titles';

/**
 * The flow log as its reader sees it. Applicants read every step, opinion and org, but not the
 * names of the people who reviewed them (a reviewer is a role at an org to them).
 */
export function presentFlowEntry(e: FlowEntry, forApplicant: boolean): FlowEntryView {
  const own = e.actorRole === 'applicant';
  return {
    id: e.id,
    seq: e.seq,
    action: e.action,
    actorName: forApplicant && !own ? null : e.actorName,
    actorRole: e.actorRole,
    orgId: e.orgId,
    orgName: e.orgName,
    step: e.step,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    opinion: e.opinion,
    at: e.createdAt.toISOString(),
  };
}

export interface Names {
  org?: { id: number; code: string; name: string } | null;
  currentOrg?: { id: number; name: string } | null;
  seriesName?: string;
  qualificationName?: string;
  specialty?: { code: string; name: string } | null;
  committee?: { id: number; code: string; name: string } | null;
}

/** A declaration in a list: what every reader who may see it may see. */
export function presentDeclaration(d: Declaration, n: Names, can: string[] = []) {
  return {
    id: d.id,
    year: d.year,
    applicant: { id: d.applicantAccountId, name: d.applicantName },
    org: n.org ?? null,
    seriesCode: d.seriesCode,
    seriesName: n.seriesName ?? null,
    level: d.level,
    levelName: LEVEL_LABELS[d.level],
    qualificationId: d.qualificationId,
    qualificationName: n.qualificationName ?? null,
    specialty: n.specialty ?? null,
    route: d.route,
    routeName: ROUTE_LABELS[d.route],
    declType: d.declType,
    declTypeName: DECLARATION_TYPE_LABELS[d.declType],
    status: d.status,
    statusName: STATUS_LABELS[d.status],
    step: (d.step ?? null) as Step | null,
    stepName: d.step ? STEP_LABELS[d.step as Step] : null,
    currentOrg: n.currentOrg ?? null,
    committee: n.committee ?? null,
    policyResubmit: d.policyResubmit,
    version: d.version,
    submittedAt: d.submittedAt ? d.submittedAt.toISOString() : null,
    updatedAt: d.updatedAt.toISOString(),
    can,
  };
}
export type DeclarationView = ReturnType<typeof presentDeclaration>;
