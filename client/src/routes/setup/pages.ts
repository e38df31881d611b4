import { lazy } from 'solid-js';
import { registerHomeCard, registerPage } from '../registry';
import type { SessionState } from '../../stores/session';

/**
 * 评委会、专家库、评审会议设置 (issue 4). Who sees what: offices keep committees, approve library
 * filings and plans and draw for others; committee units (and self-evaluating units) build their
 * libraries and set their meetings up; any unit recommends experts and reviews the profiles of its
 * people; experts keep their own profile and the chair confirms the scoring standard. The server
 * checks every call again.
 */
type S = Pick<SessionState, 'account' | 'org' | 'can'>;
const kind = (s: S) => s.org?.kind ?? '';
const runsMeetings = (s: S) => kind(s) === 'committee_unit' || kind(s) === 'self_evaluating';
const keepsLibraries = (s: S) => runsMeetings(s) || kind(s) === 'office';
const isOffice = (s: S) => kind(s) === 'office';
const STAFF = ['admin', 'staff'] as const;

registerPage({
  path: '/setup/meetings',
  component: lazy(() => import('./MeetingsPage')),
  roles: [...STAFF, 'supervisor'],
  when: keepsLibraries,
  menu: { label: 'nav.setupMeetings', order: 40 },
});
registerPage({ path: '/setup/meeting', component: lazy(() => import('./MeetingPage')), roles: [...STAFF, 'supervisor'] });
registerPage({
  path: '/setup/committees',
  component: lazy(() => import('./CommitteesPage')),
  roles: [...STAFF, 'supervisor', 'policy_reviewer'],
  menu: { label: 'nav.setupCommittees', order: 41 },
});
registerPage({ path: '/setup/committee', component: lazy(() => import('./CommitteePage')), roles: [...STAFF, 'supervisor', 'policy_reviewer'] });
registerPage({
  path: '/setup/library',
  component: lazy(() => import('./LibraryPage')),
  roles: [...STAFF, 'supervisor'],
  when: keepsLibraries,
  menu: { label: 'nav.setupLibrary', order: 42 },
});
registerPage({
  path: '/setup/library-filings',
  component: lazy(() => import('./OfficeFilingsPage')),
  roles: STAFF,
  when: isOffice,
  menu: { label: 'nav.setupFilings', order: 43 },
});
registerPage({
  path: '/setup/entrustments',
  component: lazy(() => import('./EntrustmentsPage')),
  roles: STAFF,
  when: isOffice,
  menu: { label: 'nav.setupEntrustments', order: 44 },
});
registerPage({
  path: '/setup/profiles',
  component: lazy(() => import('./ProfileQueuePage')),
  roles: STAFF,
  menu: { label: 'nav.setupProfiles', order: 45 },
});
registerPage({
  path: '/setup/recommendations',
  component: lazy(() => import('./RecommendationsPage')),
  roles: STAFF,
  menu: { label: 'nav.setupRecommendations', order: 46 },
});
// An expert's own account signs in with the ID number; a temporary meeting login has none and no profile.
registerPage({
  path: '/setup/my-profile',
  component: lazy(() => import('./MyProfilePage')),
  roles: ['expert'],
  when: (s) => !!s.account?.idNumber,
  menu: { label: 'nav.setupMyProfile', order: 31 },
});
registerPage({ path: '/setup/standards', component: lazy(() => import('./ChairStandardPage')), roles: ['expert'], menu: { label: 'nav.setupStandards', order: 32 } });

registerHomeCard({ id: 'setup.chair', roles: ['expert'], order: 11, component: lazy(() => import('./ChairCard')) });
