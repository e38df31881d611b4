import { lazy } from 'solid-js';
import { registerHomeCard, registerPage } from '../registry';
import { reviewSteps, worksPublicity, worksPublish } from '../../stores/declarations';
import { MyDeclarationCard, ReviewQueueCard } from './HomeCards';

/**
 * 申报与资格审查 (issue 3). Applicants fill in and follow their declaration; the staff of every org
 * level work their review steps in one workbench; the unit runs its publicity and recommendation;
 * plans, transfers and the search are for the units' staff and admins; policy reviewers check and
 * publish. Menus follow the role, the staff permissions and the kind of org; the server checks every
 * call again.
 */
const STAFF = ['admin', 'staff'] as const;

registerPage({ path: '/declarations/mine', component: lazy(() => import('./MyDeclarationsPage')), roles: ['applicant'], menu: { label: 'nav.declMine', order: 3 } });
registerPage({ path: '/declarations/:id', component: lazy(() => import('./DeclarationPage')), roles: ['applicant'] });
registerPage({ path: '/review', component: lazy(() => import('./WorkbenchPage')), roles: ['staff', 'policy_reviewer'], when: (s) => reviewSteps(s).length > 0, menu: { label: 'nav.declWorkbench', order: 30 } });
registerPage({ path: '/review/search', component: lazy(() => import('./SearchPage')), roles: [...STAFF, 'policy_reviewer', 'supervisor'], menu: { label: 'nav.declSearch', order: 31 } });
registerPage({ path: '/declarations/publicity', component: lazy(() => import('./PublicityPage')), roles: ['staff'], when: worksPublicity, menu: { label: 'nav.declPublicity', order: 32 } });
registerPage({ path: '/declarations/recommend', component: lazy(() => import('./RecommendPage')), roles: ['staff'], when: worksPublicity, menu: { label: 'nav.declRecommend', order: 33 } });
registerPage({ path: '/declarations/publish', component: lazy(() => import('./PublishPage')), roles: ['policy_reviewer'], when: worksPublish, menu: { label: 'nav.declPublish', order: 34 } });
registerPage({ path: '/declarations/plans', component: lazy(() => import('./PlansPage')), roles: [...STAFF, 'supervisor'], menu: { label: 'nav.declPlans', order: 35 } });
registerPage({ path: '/declarations/transfers', component: lazy(() => import('./TransfersPage')), roles: [...STAFF], menu: { label: 'nav.declTransfers', order: 36 } });
registerPage({ path: '/public/publicities', component: lazy(() => import('./PublicPublicityPage')), public: true });

registerHomeCard({ id: 'decl-mine', roles: ['applicant'], order: 10, component: MyDeclarationCard });
registerHomeCard({ id: 'decl-queue', roles: ['staff', 'policy_reviewer'], when: (s) => reviewSteps(s).length > 0, order: 11, component: ReviewQueueCard });
