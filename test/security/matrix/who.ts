import type { ActorKey } from '../lib/world';

/**
 * Named sets of actors, written out (not derived), so a row of the table reads as a sentence.
 * Where they sit: the province office (the test root); a city office beneath it with the supervisor;
 * another city office with another supervisor; under the city: employers A and B, our committee
 * unit (its admin, handler, policy reviewer, and the library experts' accounts) and another
 * committee unit. Applicants A, B, Pub (in a running result publicity) and Cert (certified) and the
 * must-change handler all work at employer A.
 */
export const PROVINCE: ActorKey[] = ['provAdmin', 'provHandler', 'provLeader'];
export const CITY: ActorKey[] = ['cityAdmin', 'cityHandler'];
/** Title-office people above our committee unit and both employers. */
export const OFFICES: ActorKey[] = [...PROVINCE, ...CITY];
export const EMP_A: ActorKey[] = ['empAAdmin', 'empAHandler'];
export const UNIT: ActorKey[] = ['unitAdmin', 'unitStaff'];
export const OTHER_UNIT: ActorKey[] = ['otherUnitAdmin', 'otherUnitStaff'];
export const ADMINS: ActorKey[] = ['provAdmin', 'cityAdmin', 'empAAdmin', 'empBAdmin', 'unitAdmin', 'otherUnitAdmin'];
export const STAFF: ActorKey[] = ['provHandler', 'provLeader', 'cityHandler', 'empAHandler', 'unitStaff', 'otherUnitStaff'];
/** Staff handlers (经办人) of every org: the handler side of a two-step check. */
export const HANDLERS: ActorKey[] = ['provHandler', 'cityHandler', 'empAHandler', 'unitStaff', 'otherUnitStaff'];
export const SUPERVISORS: ActorKey[] = ['supervisor', 'supervisorElsewhere'];
export const APPLICANTS: ActorKey[] = ['applicantA', 'applicantB', 'applicantPub', 'applicantCert'];
/** Experts of the running meeting (all of group 1). */
export const IN_MEETING: ActorKey[] = ['member', 'groupLeader', 'chair', 'recused'];
export const EXPERTS: ActorKey[] = ['expertOut', ...IN_MEETING];
export const ADMIN_STAFF: ActorKey[] = [...ADMINS, ...STAFF];
export const ADMIN_STAFF_SUPERVISORS: ActorKey[] = [...ADMINS, ...STAFF, ...SUPERVISORS];
/** Every account with a session and a changed password. */
export const SIGNED_IN: ActorKey[] = [...ADMINS, ...STAFF, ...SUPERVISORS, 'policyReviewer', ...APPLICANTS, ...EXPERTS];
/** Signed in, including the account that has not changed its initial password yet. */
export const ANY_SESSION: ActorKey[] = [...SIGNED_IN, 'mustChange'];
export const EVERYONE: ActorKey[] = ['anon', ...ANY_SESSION];

/** Who may read the organisation (and accounts) of employer A: its own people and the offices above. */
export const SEES_EMP_A: ActorKey[] = [...OFFICES, 'supervisor', ...EMP_A, 'applicantA', 'applicantB', 'applicantPub', 'applicantCert'];
/** Readers of a submitted declaration of employer A: the offices above, the city supervisor, the employer's staff. */
export const ABOVE_EMP_A: ActorKey[] = [...OFFICES, 'supervisor', ...EMP_A];
/** Insiders of a meeting of our unit (closed meeting, Art. 24): the unit, the offices above, the city supervisor. */
export const MEETING_ROSTER: ActorKey[] = [...OFFICES, 'supervisor', ...UNIT];
