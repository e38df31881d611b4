import { lazy } from 'solid-js';
import { registerPage } from '../registry';
import type { SessionState } from '../../stores/session';

/**
 * 评审后处理 (issue 7). Who sees what: committee units and self-evaluating units run their meetings'
 * results and filings; title offices review filings, issue certificates and keep the blacklist;
 * anyone who runs a unit reads statistics; applicants see their own results; the public pages need
 * no sign-in. The server checks every call again.
 */
type S = Pick<SessionState, 'account' | 'org' | 'can'>;
const kind = (s: S) => s.org?.kind ?? '';
const runsMeetings = (s: S) => ['committee_unit', 'self_evaluating', 'office'].includes(kind(s));
const isOffice = (s: S) => kind(s) === 'office';
const STAFF = ['admin', 'staff'] as const;

registerPage({ path: '/after', component: lazy(() => import('./AfterMeetingsPage')), roles: [...STAFF, 'supervisor'], when: runsMeetings, menu: { label: 'nav.after', order: 60 } });
registerPage({ path: '/after/meeting', component: lazy(() => import('./MeetingResultsPage')), roles: [...STAFF, 'supervisor'] });
registerPage({ path: '/after/appeals', component: lazy(() => import('./AppealsPage')), roles: [...STAFF, 'supervisor'], when: runsMeetings, menu: { label: 'nav.afterAppeals', order: 61 } });
registerPage({ path: '/after/filings', component: lazy(() => import('./FilingsPage')), roles: [...STAFF, 'supervisor'], when: runsMeetings, menu: { label: 'nav.afterFilings', order: 62 } });
registerPage({ path: '/after/certificates', component: lazy(() => import('./CertificatesPage')), roles: [...STAFF, 'supervisor'], when: isOffice, menu: { label: 'nav.afterCertificates', order: 63 } });
registerPage({ path: '/after/issuing', component: lazy(() => import('./IssuingPage')), roles: STAFF, when: isOffice, menu: { label: 'nav.afterIssuing', order: 64 } });
registerPage({ path: '/after/blacklist', component: lazy(() => import('./BlacklistPage')), roles: [...STAFF, 'supervisor'], when: isOffice, menu: { label: 'nav.afterBlacklist', order: 65 } });
registerPage({ path: '/after/statistics', component: lazy(() => import('./StatisticsPage')), roles: [...STAFF, 'supervisor'], menu: { label: 'nav.afterStatistics', order: 66 } });
registerPage({ path: '/after/calendar', component: lazy(() => import('./CalendarPage')), roles: STAFF, when: isOffice, menu: { label: 'nav.afterCalendar', order: 67 } });
registerPage({ path: '/my/results', component: lazy(() => import('./MyResultsPage')), roles: ['applicant'], menu: { label: 'nav.myResults', order: 5 } });
registerPage({ path: '/public/results', component: lazy(() => import('./PublicResultsPage')), public: true });
registerPage({ path: '/verify', component: lazy(() => import('./VerifyPage')), public: true });
