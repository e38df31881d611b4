import { lazy } from 'solid-js';
import { registerPage } from './registry';
import SignIn from './SignIn';
import ChangePassword from './ChangePassword';
import Home from './home/Home';

/**
 * The foundation's pages. Later areas add a file like this one (routes/<area>/pages.ts) and one
 * import line in routes/index.ts; nothing else needs to change to get a page and a menu entry.
 */
registerPage({ path: '/login', component: SignIn, public: true });
registerPage({ path: '/password', component: ChangePassword, beforeApproval: true, menu: { label: 'nav.password', order: 900 } });
registerPage({ path: '/', component: Home, menu: { label: 'nav.home', order: 0 } });
registerPage({
  path: '/orgs',
  component: lazy(() => import('./orgs/OrgsPage')),
  roles: ['admin', 'staff', 'supervisor'],
  can: ['org:create', 'org:approve', 'org:approveMove', 'org:requestMove', 'account:list'],
  menu: { label: 'nav.orgs', order: 10 },
});
registerPage({
  path: '/orgs/profile',
  component: lazy(() => import('./orgs/ProfilePage')),
  roles: ['admin'],
  beforeApproval: true,
  menu: { label: 'nav.profile', order: 11 },
});
registerPage({
  path: '/accounts',
  component: lazy(() => import('./accounts/AccountsPage')),
  can: ['account:list'],
  menu: { label: 'nav.accounts', order: 20 },
});
