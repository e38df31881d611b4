import { lazy } from 'solid-js';
import { registerHomeCard, registerPage } from '../registry';
import MyMeetingsCard from './MyMeetingsCard';

/**
 * 评审会议现场 (issue 5): the screens of the live review meeting. The server decides on every call
 * and every room; these roles only keep each person to the screens of their part.
 */
const WATCHERS = ['admin', 'staff', 'supervisor'] as const;

registerPage({
  path: '/meetings/mine',
  component: lazy(() => import('./MyMeetingsPage')),
  roles: ['expert'],
  menu: { label: 'nav.myMeetings', order: 30 },
});
registerPage({
  path: '/meetings/watch',
  component: lazy(() => import('./WatchPage')),
  roles: WATCHERS,
  menu: { label: 'nav.meetingMonitor', order: 30 },
});
registerPage({ path: '/meetings/:id/expert', component: lazy(() => import('./ExpertPage')), roles: ['expert'] });
registerPage({ path: '/meetings/:id/materials/:applicantId', component: lazy(() => import('./MaterialsPage')), roles: ['expert', ...WATCHERS] });
registerPage({ path: '/meetings/:id/group/:groupId', component: lazy(() => import('./GroupConsole')), roles: ['expert', ...WATCHERS] });
registerPage({ path: '/meetings/:id/chair', component: lazy(() => import('./ChairConsole')), roles: ['expert', 'admin', 'staff'] });
registerPage({ path: '/meetings/:id/monitor', component: lazy(() => import('./MonitorPage')), roles: WATCHERS });
registerPage({ path: '/meetings/:id/screen', component: lazy(() => import('./BigScreen')), roles: WATCHERS, bare: true });

registerHomeCard({ id: 'live.meetings', roles: ['expert', ...WATCHERS], order: 10, component: MyMeetingsCard });
